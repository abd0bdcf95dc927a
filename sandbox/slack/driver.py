"""`SlackDriver`: plays Slack's side of the HTTP conversation with our app, signed like Slack."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack
from urllib.parse import urlencode

from sandbox.slack.blocks import MESSAGE_BLOCK_LIMIT, validate_blocks, validate_options
from sandbox.slack.fake import SlackFake
from sandbox.slack.interactions import build_action, find_element, view_state
from sandbox.slack.models import PostedMessage, SlackView
from sandbox.slack.signing import sign_slack_request
from sandbox.slack.workspace import team_domain

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class SendOptions(TypedDict, total=False):
    """Per-request knobs every driver call accepts."""

    retry_num: int | None  # adds X-Slack-Retry-Num / X-Slack-Retry-Reason like Slack's retries
    retry_reason: str  # default "http_timeout"
    timestamp: int | None  # X-Slack-Request-Timestamp (and the signed one): stale tests
    signing_secret: str | None  # sign with another secret: forged-request tests


@dataclass
class DriverResponse:
    """The app's synchronous HTTP answer (the ack)."""

    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float = 0.0  # seconds; Slack gives up on acks slower than 3 s
    response_url: str | None = None  # the response_url this request carried, if any
    trigger_id: str | None = None  # the trigger_id this request carried, if any
    slack_error: str | None = None  # what Slack would show if it refused the ack's view
    payload: dict[str, Any] = field(default_factory=dict)  # what was sent (decoded)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body parsed as JSON (an empty ack reads as {})."""
        return json.loads(self.body) if self.body.strip() else {}


ViewLike = dict[str, Any] | SlackView | str


class SlackDriver:
    """Sends slash commands, clicks, view submissions and events to the app, as Slack does."""

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        fake: SlackFake,
        team_id: str | None = None,
        *,
        api_app_id: str | None = None,
        verification_token: str = "fake-verification-token",  # noqa: S107 - not a secret
        timeout: float = 10.0,
    ) -> None:
        if not app_url.startswith(("http://", "https://")):
            raise ValueError(f"app_url must be http(s): {app_url!r}")
        self.app_url = app_url
        self.signing_secret = signing_secret
        self.fake = fake
        self.team_id = team_id or fake.team_id
        self.api_app_id = api_app_id or fake.app_id
        self.verification_token = verification_token
        self.timeout = timeout
        self._event_seq = 0
        # Ignore *_proxy env vars: requests go to the loopback app, never via a proxy.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    # ------------------------------------------------------------ HTTP

    def send_raw(self, body: bytes, headers: dict[str, str]) -> DriverResponse:
        """POST exactly these bytes and headers (forged, stale or malformed requests)."""
        # S310: the scheme is checked to be http(s) in __init__.
        request = urllib.request.Request(  # noqa: S310
            self.app_url, data=body, headers=headers, method="POST"
        )
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as resp:
                status, resp_headers, resp_body = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            status, resp_headers, resp_body = err.code, dict(err.headers), err.read()
        return DriverResponse(status, resp_headers, resp_body, time.monotonic() - started)

    def send(self, body: bytes, content_type: str, **opts: Unpack[SendOptions]) -> DriverResponse:
        """POST a body signed like Slack signs it."""
        secret = opts.get("signing_secret") or self.signing_secret
        headers = sign_slack_request(body, secret, opts.get("timestamp"))
        headers["Content-Type"] = content_type
        headers["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)"
        if opts.get("retry_num") is not None:
            headers["X-Slack-Retry-Num"] = str(opts["retry_num"])
            headers["X-Slack-Retry-Reason"] = opts.get("retry_reason", "http_timeout")
        return self.send_raw(body, headers)

    def _send_form(self, fields: dict[str, str], **opts: Unpack[SendOptions]) -> DriverResponse:
        return self.send(urlencode(fields).encode(), FORM, **opts)

    def _send_payload(self, payload: dict[str, Any], **opts: Unpack[SendOptions]) -> DriverResponse:
        """Interactions travel as a form field `payload=<json>`."""
        response = self._send_form({"payload": json.dumps(payload)}, **opts)
        response.payload = payload
        response.response_url = payload.get("response_url")
        response.trigger_id = payload.get("trigger_id")
        return response

    # ------------------------------------------------------------ who is acting

    def _user(self, user_id: str) -> dict[str, Any]:
        known = self.fake.user(user_id) or {}
        name = known.get("name", user_id.lower())
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    def _channel_name(self, channel_id: str) -> str:
        known = self.fake.channel(channel_id) or {}
        if known.get("is_im"):
            return "directmessage"
        return str(known.get("name", channel_id.lower()))

    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": team_domain(self.fake.team_name)}

    def _envelope(self, kind: str, user_id: str) -> dict[str, Any]:
        """Fields every interaction payload carries."""
        return {
            "type": kind,
            "user": self._user(user_id),
            "api_app_id": self.api_app_id,
            "token": self.verification_token,
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
        }

    # ------------------------------------------------------------ slash commands

    def command(
        self,
        command: str,
        text: str = "",
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """A slash command, form-encoded with the fields (and order) Slack uses."""
        response_url = self.fake.new_response_url(channel=channel_id, user_id=user_id)
        trigger_id = self.fake.new_trigger_id(user_id)
        fields = {
            "token": self.verification_token,
            "team_id": self.team_id,
            "team_domain": team_domain(self.fake.team_name),
            "channel_id": channel_id,
            "channel_name": self._channel_name(channel_id),
            "user_id": user_id,
            "user_name": self._user(user_id)["name"],
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
        response = self._send_form(fields, **opts)
        response.payload = dict(fields)
        response.response_url, response.trigger_id = response_url, trigger_id
        self._check_message_ack(response, "slash command ack")
        return response

    def _check_message_ack(self, response: DriverResponse, where: str) -> None:
        """A message in an acknowledgement: Slack refuses what breaks its limits, and takes unsafe text."""
        ack = _json_or_none(response.body) if response.status == 200 else None
        if not isinstance(ack, dict):
            return
        errors = validate_blocks(ack["blocks"], limit=MESSAGE_BLOCK_LIMIT) if "blocks" in ack else []
        if errors:
            response.slack_error = "invalid_blocks: " + "; ".join(errors)
        self.fake.note_unsafe(where, ack)

    # ------------------------------------------------------------ block actions

    def click(
        self,
        action_id: str,
        value: str | None = None,
        *,
        block_id: str | None = None,
        message: PostedMessage | None = None,
        user_id: str = "U1",
        channel_id: str = "C1",
        selected_option: Any = None,
        view: ViewLike | None = None,
        state: dict[str, Any] | None = None,
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """A block_actions payload for an element in a message, a view, or nowhere in particular.

        When the element is found in the message/view blocks its type, text, value and
        block_id are taken from there; `selected_option` may be an option dict or its value.
        """
        live_view = self._resolve_view(view) if view is not None else None
        blocks = live_view["blocks"] if live_view else (message.blocks if message else None)
        found = find_element(blocks, action_id)
        element = found[1] if found else None
        block_id = block_id or (found[0] if found else None)
        payload = self._envelope("block_actions", user_id)
        payload["trigger_id"] = self.fake.new_trigger_id(user_id)
        payload["actions"] = [build_action(action_id, block_id, element, value, selected_option)]
        if live_view is not None:
            payload["container"] = {"type": "view", "view_id": live_view["id"]}
            payload["view"] = {**live_view, "state": state or live_view.get("state")}
        else:
            self._add_message_context(payload, message, channel_id, user_id)
            payload["state"] = {"values": state or {}}
        return self._send_payload(payload, **opts)

    def _add_message_context(
        self,
        payload: dict[str, Any],
        message: PostedMessage | None,
        channel_id: str,
        user_id: str,
    ) -> None:
        channel = message.channel if message else channel_id
        ts = message.ts if message else None
        ephemeral = bool(message and message.ephemeral)
        payload["container"] = {
            "type": "message",
            "message_ts": ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        }
        payload["channel"] = {"id": channel, "name": self._channel_name(channel)}
        if message is not None and not ephemeral:  # Slack omits `message` for ephemeral ones
            payload["message"] = message.to_slack()
        payload["response_url"] = self.fake.new_response_url(channel, user_id, ts)

    def click_button(
        self,
        message: PostedMessage,
        action_id: str,
        user_id: str = "U1",
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """Click a button the app put in a message (its value and block_id come from the blocks)."""
        buttons = [el for _, el in message.buttons()]
        if not any(b.get("action_id") == action_id for b in buttons):
            ids = [b.get("action_id") for b in buttons]
            raise LookupError(f"no button {action_id!r} in message {message.ts}; buttons: {ids}")
        return self.click(action_id, message=message, user_id=user_id, channel_id=message.channel, **opts)

    # ------------------------------------------------------------ views

    def _resolve_view(self, view: ViewLike) -> dict[str, Any]:
        """A view id, view record or view dict -> the view as Slack would send it."""
        if isinstance(view, str):
            live = self.fake.view(view)
            if live is None:
                raise LookupError(f"no view {view!r} in the fake")
            return live
        if isinstance(view, SlackView):
            return self.fake.view(view.view_id) or view.view
        return view

    def submit_view(
        self,
        view: ViewLike,
        values: dict[str, dict[str, Any]],
        user_id: str = "U1",
        *,
        ack_applied_after: float = 0.0,
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """A view_submission with `state.values` shaped from the view's input blocks.

        If the ack carries a `response_action`, it is applied to the fake's views; when Slack
        would refuse it the reason is in `response.slack_error`. `ack_applied_after` seconds pass
        before it is applied, as on a slow network: a views.update the app sends meanwhile lands
        first and is then replaced, as on Slack.
        """
        live = self._resolve_view(view)
        payload = self._envelope("view_submission", user_id)
        payload["trigger_id"] = self.fake.new_trigger_id(user_id)
        payload["view"] = {**live, "state": view_state(live, values)}
        payload["response_urls"] = []
        response = self._send_payload(payload, **opts)
        if response.status == 200:
            ack = _json_or_none(response.body)
            if ack is None and response.body.strip():
                response.slack_error = "view_submission ack must be empty or JSON"
            elif ack:
                time.sleep(ack_applied_after)
                response.slack_error = self.fake.apply_response_action(live, ack)
                self.fake.note_unsafe("view_submission ack", ack.get("view"))
        return response

    def close_view(self, view: ViewLike, user_id: str = "U1", **opts: Unpack[SendOptions]) -> DriverResponse:
        """A view_closed payload (sent only for views with notify_on_close)."""
        payload = self._envelope("view_closed", user_id)
        payload["view"] = self._resolve_view(view)
        payload["is_cleared"] = False
        return self._send_payload(payload, **opts)

    def options(
        self,
        action_id: str,
        value: str,
        *,
        block_id: str | None = None,
        user_id: str = "U1",
        view: ViewLike | None = None,
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """A block_suggestion (an external select asking for options matching `value`)."""
        live = self._resolve_view(view) if view is not None else None
        found = find_element(live["blocks"] if live else None, action_id)
        payload = self._envelope("block_suggestion", user_id)
        payload.update(action_id=action_id, block_id=block_id or (found[0] if found else ""), value=value)
        if live is not None:
            payload["container"] = {"type": "view", "view_id": live["id"]}
            payload["view"] = live
        response = self._send_payload(payload, **opts)
        ack = _json_or_none(response.body) if response.status == 200 else None
        if isinstance(ack, dict) and ("options" in ack or "option_groups" in ack):
            errors = validate_options(ack)
            response.slack_error = "invalid_options: " + "; ".join(errors) if errors else None
        return response

    def shortcut(self, callback_id: str, user_id: str = "U1", **opts: Unpack[SendOptions]) -> DriverResponse:
        """A global shortcut."""
        payload = self._envelope("shortcut", user_id)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.fake.new_trigger_id(user_id),
            action_ts=f"{time.time():.6f}",
        )
        return self._send_payload(payload, **opts)

    # ------------------------------------------------------------ Events API

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        event_time: int | None = None,
        **opts: Unpack[SendOptions],
    ) -> DriverResponse:
        """An event_callback envelope around `event` (JSON, like the Events API sends)."""
        self._event_seq += 1
        now = int(time.time())
        inner = {"event_ts": f"{now}.{self._event_seq:06d}", **event}
        envelope = {
            "token": self.verification_token,
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": inner,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": event_time or now,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": self.fake.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }
        response = self.send(json.dumps(envelope).encode(), JSON, **opts)
        response.payload = envelope
        return response

    def url_verification(self, challenge: str, **opts: Unpack[SendOptions]) -> DriverResponse:
        """The Events API URL handshake."""
        body = {"token": self.verification_token, "challenge": challenge, "type": "url_verification"}
        return self.send(json.dumps(body).encode(), JSON, **opts)


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body) if body.strip() else {}
    except json.JSONDecodeError:
        return None
