"""Slack Web API methods the fake serves, each `(workspace, args) -> answer dict`.

Handlers run under the workspace lock and raise `ApiError` for Slack's `{"ok": false}` answers.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from sandbox.slack.blocks import MESSAGE_BLOCK_LIMIT, validate_blocks, validate_view
from sandbox.slack.models import MessageVersion, PostedMessage, SlackView
from sandbox.slack.workspace import Channel, User, Workspace

Args = dict[str, Any]
Answer = dict[str, Any]
Handler = Callable[[Workspace, Args], Answer]

JSON_FIELDS = ("blocks", "attachments", "view", "metadata")


class ApiError(Exception):
    """An `{"ok": false, "error": ...}` answer, with optional extra fields."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra

    def answer(self) -> Answer:
        """The JSON body Slack sends for this error."""
        return {"ok": False, "error": self.error, **self.extra}


def decode_json_fields(args: Args) -> Args:
    """Form posts carry blocks/view/... as JSON strings; decode them like Slack does."""
    out = dict(args)
    for name in JSON_FIELDS:
        if isinstance(out.get(name), str):
            try:
                out[name] = json.loads(out[name])
            except json.JSONDecodeError:
                error = "invalid_blocks_format" if name == "blocks" else "invalid_arguments"
                raise ApiError(error) from None
    return out


def truthy(value: Any) -> bool:
    """Slack's reading of boolean args: JSON booleans or form strings "true"/"1"."""
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


def _require(args: Args, name: str, error: str = "invalid_arguments") -> Any:
    value = args.get(name)
    if value in (None, ""):
        raise ApiError(error)
    return value


def _with_block_ids(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Slack fills in a random block_id for blocks sent without one."""
    if blocks is None:
        return None
    filled = copy.deepcopy(blocks)
    for block in filled:
        if isinstance(block, dict):
            block.setdefault("block_id", uuid.uuid4().hex[:5])
    return filled


def _check_message_blocks(blocks: Any) -> None:
    if blocks is None:
        return
    errors = validate_blocks(blocks, limit=MESSAGE_BLOCK_LIMIT)
    if errors:
        raise ApiError(
            "invalid_blocks",
            errors=errors,
            response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
        )


def _check_view(view: Any) -> None:
    errors = validate_view(view)
    if errors:
        # views.* report schema problems as invalid_arguments (not invalid_blocks).
        raise ApiError(
            "invalid_arguments",
            response_metadata={"messages": [f"[ERROR] {e}" for e in errors]},
        )


# ---------------------------------------------------------------- auth / team / users


def auth_test(ws: Workspace, args: Args) -> Answer:
    return {
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.team_name,
        "user": "rechargly",
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def team_info(ws: Workspace, args: Args) -> Answer:
    return {
        "team": {
            "id": ws.team_id,
            "name": ws.team_name,
            "domain": ws.domain,
            "email_domain": "",
            "icon": {"image_default": True},
        }
    }


def users_info(ws: Workspace, args: Args) -> Answer:
    user_id = _require(args, "user", "user_not_found")
    user = ws.users.get(user_id)
    if user is None and user_id == ws.bot_user_id:  # the app's own bot user always exists
        user = User(user_id, "rechargly", "Rechargly", team_id=ws.team_id, is_bot=True)
    if user is None:
        raise ApiError("user_not_found")
    return {"user": user.to_slack()}


# ---------------------------------------------------------------- conversations


def _resolve_channel(ws: Workspace, channel_id: str) -> str:
    """Posting to a user id goes to the bot's DM with that user (Slack allows this)."""
    if channel_id[:1] in ("U", "W") and channel_id in ws.users:
        return ws.dm_channel(channel_id).id
    channel = ws.channels.get(channel_id)
    if channel is None:
        if ws.strict_channels:
            raise ApiError("channel_not_found")
        return channel_id
    if not channel.is_member and channel.dm_user is None:
        raise ApiError("channel_not_found" if channel.is_private else "not_in_channel")
    return channel_id


def conversations_info(ws: Workspace, args: Args) -> Answer:
    channel = ws.channels.get(_require(args, "channel", "channel_not_found"))
    if channel is None:
        raise ApiError("channel_not_found")
    return {"channel": channel.to_slack()}


def conversations_open(ws: Workspace, args: Args) -> Answer:
    if args.get("channel"):
        return conversations_info(ws, args)
    users = [u for u in str(_require(args, "users", "users_list_not_supplied")).split(",") if u]
    if len(users) != 1:
        raise ApiError("not_supported")  # group DMs (mpim) are not modelled
    if users[0] not in ws.users:
        raise ApiError("user_not_found")
    return {"channel": {"id": ws.dm_channel(users[0]).id}}


def _readable(ws: Workspace, args: Args) -> Channel:
    """The channel asked for, when the app may read it (a member, or a DM)."""
    channel = ws.channels.get(_require(args, "channel", "channel_not_found"))
    if channel is None:
        raise ApiError("channel_not_found")
    if not channel.is_member and channel.dm_user is None:
        raise ApiError("not_in_channel")
    return channel


def conversations_history(ws: Workspace, args: Args) -> Answer:
    """A channel's top-level messages, newest first, paged with a cursor; metadata only when asked
    (`include_all_metadata`), like Slack."""
    channel = _readable(ws, args)
    oldest = float(args.get("oldest") or 0)
    found = [
        m
        for m in reversed(ws.messages)
        if m.channel == channel.id and not m.deleted and not m.ephemeral and not m.thread_ts
        and float(m.ts) > oldest
    ]  # fmt: skip
    return _page(found, args)


def _page(found: list[PostedMessage], args: Args) -> Answer:
    """One page of messages (`limit`, `cursor`), metadata only when asked (`include_all_metadata`)."""
    limit = min(max(int(args.get("limit") or 100), 1), 999)
    start = int(args.get("cursor") or 0)
    messages = [m.to_slack() for m in found[start : start + limit]]
    if not truthy(args.get("include_all_metadata")):
        for message in messages:
            message.pop("metadata", None)
    more = start + limit < len(found)
    return {
        "messages": messages,
        "has_more": more,
        "response_metadata": {"next_cursor": str(start + limit) if more else ""},
    }


def conversations_replies(ws: Workspace, args: Args) -> Answer:
    """A thread: its parent, then its replies oldest first, paged with a cursor; metadata only when
    asked (`include_all_metadata`), like Slack."""
    channel = _readable(ws, args)
    parent = ws.find_message(channel.id, _require(args, "ts", "thread_not_found"))
    if parent is None or parent.deleted:
        raise ApiError("thread_not_found")
    found = [parent] + [
        m
        for m in ws.messages
        if m.channel == channel.id and m.thread_ts == parent.ts and not m.deleted and not m.ephemeral
    ]
    return _page(found, args)


# ---------------------------------------------------------------- chat


def _new_message(ws: Workspace, args: Args, channel: str, *, ephemeral: bool) -> PostedMessage:
    text = args.get("text")
    blocks = args.get("blocks")
    attachments = args.get("attachments")
    if not text and not blocks and not attachments:
        raise ApiError("no_text")
    _check_message_blocks(blocks)
    return PostedMessage(
        channel=channel,
        ts=ws.next_ts(),
        text=text,
        blocks=_with_block_ids(blocks),
        thread_ts=args.get("thread_ts") or None,
        user=args["user"] if ephemeral else ws.bot_user_id,
        ephemeral=ephemeral,
        attachments=attachments,
        metadata=args.get("metadata"),
        bot_id=ws.bot_id,
        app_id=ws.app_id,
        source="chat.postEphemeral" if ephemeral else "chat.postMessage",
    )


def chat_post_message(ws: Workspace, args: Args) -> Answer:
    channel = _resolve_channel(ws, _require(args, "channel", "channel_not_found"))
    message = _new_message(ws, args, channel, ephemeral=False)
    ws.messages.append(message)
    return {"channel": channel, "ts": message.ts, "message": message.to_slack()}


def chat_post_ephemeral(ws: Workspace, args: Args) -> Answer:
    channel = _resolve_channel(ws, _require(args, "channel", "channel_not_found"))
    user = _require(args, "user", "user_not_in_channel")
    if ws.users and user not in ws.users:
        raise ApiError("user_not_in_channel")
    message = _new_message(ws, args, channel, ephemeral=True)
    ws.messages.append(message)
    return {"message_ts": message.ts}


def edit_message(
    message: PostedMessage, text: Any, blocks: Any, attachments: Any, *, replace: bool = False
) -> None:
    """Apply an edit. chat.update keeps fields left out; a response_url replace does not."""
    message.edits.append(MessageVersion(message.text, message.blocks, message.attachments, time.time()))
    if replace or text is not None:
        message.text = text
    if replace or blocks is not None:
        message.blocks = _with_block_ids(blocks)
    if replace or attachments is not None:
        message.attachments = attachments


def chat_update(ws: Workspace, args: Args) -> Answer:
    channel = _require(args, "channel", "channel_not_found")
    message = ws.find_message(channel, _require(args, "ts", "message_not_found"))
    if message is None or message.ephemeral:
        raise ApiError("message_not_found")
    if message.user != ws.bot_user_id:
        raise ApiError("cant_update_message")
    _check_message_blocks(args.get("blocks"))
    edit_message(message, args.get("text"), args.get("blocks"), args.get("attachments"))
    return {"channel": channel, "ts": message.ts, "text": message.text or "", "message": message.to_slack()}


def chat_delete(ws: Workspace, args: Args) -> Answer:
    channel = _require(args, "channel", "channel_not_found")
    message = ws.find_message(channel, _require(args, "ts", "message_not_found"))
    if message is None or message.ephemeral:
        raise ApiError("message_not_found")
    message.deleted = True
    return {"channel": channel, "ts": message.ts}


def chat_get_permalink(ws: Workspace, args: Args) -> Answer:
    channel = _require(args, "channel", "channel_not_found")
    ts = _require(args, "message_ts", "message_not_found")
    if ws.find_message(channel, ts) is None:
        raise ApiError("message_not_found")
    permalink = f"https://{ws.domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    return {"channel": channel, "permalink": permalink}


# ---------------------------------------------------------------- views


def _consume_trigger(ws: Workspace, trigger_id: Any) -> str | None:
    """Exchange a trigger_id once, within its lifetime; return the user it was issued for."""
    trigger = ws.triggers.get(trigger_id) if isinstance(trigger_id, str) else None
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.used:
        raise ApiError("exchanged_trigger_id")
    if time.monotonic() - trigger.issued_at > ws.trigger_ttl:
        raise ApiError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def served_view(ws: Workspace, view: dict[str, Any], view_id: str, **extra: Any) -> dict[str, Any]:
    """The view object Slack answers with: what was sent plus ids, hash and empty state."""
    served: dict[str, Any] = {
        "id": view_id,
        "team_id": ws.team_id,
        "type": view.get("type"),
        "private_metadata": "",
        "callback_id": "",
        "external_id": "",
        "state": {"values": {}},
        "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
        "clear_on_close": False,
        "notify_on_close": False,
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": ws.app_id,
        "app_installed_team_id": ws.team_id,
        "bot_id": ws.bot_id,
    }
    served.update(copy.deepcopy(view))
    served.update(id=view_id, blocks=_with_block_ids(view.get("blocks")) or [], **extra)
    return served


def store_view(ws: Workspace, method: str, served: dict[str, Any], **record: Any) -> Answer:
    """Keep the live view and log the event; return the `views.*` answer."""
    ws.live_views[served["id"]] = served
    ws.views.append(SlackView(method=method, view_id=served["id"], view=served, at=time.time(), **record))
    return {"view": served}


def _view_arg(args: Args) -> dict[str, Any]:
    view = args.get("view")
    _check_view(view)
    assert isinstance(view, dict)  # validate_view reported anything else
    return view


def views_open(ws: Workspace, args: Args) -> Answer:
    trigger_id = _require(args, "trigger_id")
    view = _view_arg(args)
    user_id = _consume_trigger(ws, trigger_id)
    served = served_view(ws, view, ws.next_id("V", 11))
    return store_view(ws, "views.open", served, user_id=user_id, trigger_id=trigger_id)


def views_push(ws: Workspace, args: Args) -> Answer:
    trigger_id = _require(args, "trigger_id")
    view = _view_arg(args)
    user_id = _consume_trigger(ws, trigger_id)
    served = served_view(ws, view, ws.next_id("V", 11))
    return store_view(ws, "views.push", served, user_id=user_id, trigger_id=trigger_id)


def _find_live_view(ws: Workspace, args: Args) -> dict[str, Any]:
    view_id, external_id = args.get("view_id"), args.get("external_id")
    if not view_id and not external_id:
        raise ApiError("invalid_arguments")
    for live in ws.live_views.values():
        if (view_id and live["id"] == view_id) or (external_id and live.get("external_id") == external_id):
            return live
    raise ApiError("not_found")


def views_update(ws: Workspace, args: Args) -> Answer:
    live = _find_live_view(ws, args)
    if args.get("hash") and args["hash"] != live["hash"]:
        raise ApiError("hash_conflict")
    view = _view_arg(args)
    keep = {"root_view_id": live["root_view_id"], "previous_view_id": live["previous_view_id"]}
    served = served_view(ws, view, live["id"], **keep)
    user_id = next((v.user_id for v in ws.views if v.view_id == live["id"]), None)
    return store_view(ws, "views.update", served, user_id=user_id)


def views_publish(ws: Workspace, args: Args) -> Answer:
    user_id = _require(args, "user_id")
    if ws.users and user_id not in ws.users:
        raise ApiError("user_not_found")
    view = _view_arg(args)
    if view.get("type") != "home":
        message = "[ERROR] must be home [json-pointer:/view/type]"
        raise ApiError("invalid_arguments", response_metadata={"messages": [message]})
    view_id = ws.home_views.setdefault(user_id, ws.next_id("V", 11))
    live = ws.live_views.get(view_id)
    if live is not None and args.get("hash") and args["hash"] != live["hash"]:
        raise ApiError("hash_conflict")
    served = served_view(ws, view, view_id)
    return store_view(ws, "views.publish", served, user_id=user_id)


# ---------------------------------------------------------------- files


def files_info(ws: Workspace, args: Args) -> Answer:
    file = ws.files.get(_require(args, "file", "file_not_found"))
    if file is None:
        raise ApiError("file_not_found")
    return {"file": ws.file_object(file["id"]), "comments": [], "response_metadata": {"next_cursor": ""}}


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "team.info": team_info,
    "users.info": users_info,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.info": files_info,
}
