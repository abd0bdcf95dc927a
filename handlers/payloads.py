"""Reading what Slack sends with a click or a form, and answering a click: shared by every feature."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.context.respond import Respond

from handlers.kit import Block, Mrkdwn, message
from services.errors import BadRequest

STALE_BUTTON = "That button is out of date. Run the command again."


def user_and_team(body: dict[str, Any]) -> tuple[str, str]:
    """(user id, team id) of whoever clicked, submitted or searched."""
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    return body["user"]["id"], team


def channel_of(body: dict[str, Any]) -> str:
    """The channel a click came from ("" from a modal or the Home tab)."""
    return str((body.get("channel") or {}).get("id", ""))


def number(raw: object, *, stale: str) -> int:
    """An id we put in a button value, block id or form; `stale` tells the user what to do if it isn't."""
    text = str(raw)
    if not text.isdigit():
        raise BadRequest(stale)
    return int(text)


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    """A view's private_metadata as we wrote it (JSON), or {} when it isn't."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def respond_with(respond: Respond, blocks: list[Block], text: Mrkdwn, *, replace: bool = False) -> None:
    """Answer a click through its response_url: replace the message clicked, or add an ephemeral one."""
    sent = message(text, blocks)
    if replace:
        respond(blocks=sent.blocks, text=sent.fallback, replace_original=True)
    else:
        respond(blocks=sent.blocks, text=sent.fallback, response_type="ephemeral", replace_original=False)
