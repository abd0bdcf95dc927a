"""`SlackFake`: a loopback Slack Web API (plus response_url and file hosting) for tests."""

from __future__ import annotations

import copy
import json
import mimetypes
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from sandbox.slack.blocks import MESSAGE_BLOCK_LIMIT, unsafe_mrkdwn, validate_blocks
from sandbox.slack.install import InstallableTeam, SlackInstaller, basic_credentials
from sandbox.slack.models import PostedMessage, SlackCall, SlackView
from sandbox.slack.server import FakeHttpServer, HttpAnswer, HttpRequest
from sandbox.slack.views import apply_response_action
from sandbox.slack.webapi import METHODS, ApiError, auth_test, decode_json_fields, edit_message, truthy
from sandbox.slack.workspace import Channel, Failure, ResponseTarget, User, Workspace

# What Slack serves for a private file URL fetched without a valid token: a 200 login page,
# not a 401, so a missing Authorization header shows up as "the CSV is HTML".
LOGIN_PAGE = "<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in</body></html>"


class SlackFake:
    """In-process stand-in for slack.com: Web API, response_url endpoints and private files."""

    def __init__(
        self,
        team_id: str = "T0001",
        team_name: str = "Kauri & Co",
        bot_user_id: str = "U0BOT",
        bot_token: str = "xoxb-fake-token",  # noqa: S107 - the fake's own test token
        *,
        bot_id: str = "B0BOT",
        app_id: str = "A0RECHARGLY",
    ) -> None:
        self.team_id = team_id
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_token = bot_token
        self.bot_id = bot_id
        self.app_id = app_id
        self.tokens: set[str] = {bot_token}  # tokens that authenticate; add user tokens here
        self.app_tokens: set[str] = set()  # app-level (xapp-) tokens that open Socket Mode connections
        self.token_teams: dict[str, tuple[str, str]] = {}  # other workspaces' bot tokens → (id, name)
        self.installer = SlackInstaller()
        self._hangs: dict[str, tuple[float, threading.Event]] = {}
        self.downloads: list[SlackCall] = []  # GETs of /files/<id>, with the token presented
        self._ws = Workspace(team_id, team_name, bot_user_id, bot_id, app_id)
        self._server: FakeHttpServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    def add_installable_team(self, team_id: str, team_name: str, installer: str) -> str:
        """The workspace the next "Add to Slack" installs into; returns the bot token it will get."""
        token = f"xoxb-{team_id}-{secrets.token_hex(6)}"
        self.installer.next_team = InstallableTeam(team_id, team_name, token, installer)
        self.tokens.add(token)
        self.token_teams[token] = (team_id, team_name)
        return token

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve in a daemon thread; return the Web API base URL (`http://host:port/api/`)."""
        if self._server is not None:
            raise RuntimeError("SlackFake already started")
        self._server = FakeHttpServer((host, port), self)
        bound_host, bound_port = self._server.server_address[:2]
        self._ws.base_url = f"http://{bound_host!s}:{bound_port}"
        # A short poll interval lets stop() return in milliseconds instead of 0.5 s.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), name="slack-fake", daemon=True
        )
        self._thread.start()
        return self.api_url

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SlackFake:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """`http://host:port` of the running fake ("" before start)."""
        return self._ws.base_url

    @property
    def api_url(self) -> str:
        """Web API base URL in slack_sdk's `base_url` form (trailing slash)."""
        return f"{self._ws.base_url}/api/"

    # ------------------------------------------------------------ settings

    @property
    def strict_channels(self) -> bool:
        """When True, posting to a channel id never added answers `channel_not_found`."""
        return self._ws.strict_channels

    @strict_channels.setter
    def strict_channels(self, value: bool) -> None:
        self._ws.strict_channels = value

    @property
    def trigger_ttl(self) -> float:
        """Seconds a trigger_id stays valid for views.open/push (Slack: 3)."""
        return self._ws.trigger_ttl

    @trigger_ttl.setter
    def trigger_ttl(self, value: float) -> None:
        self._ws.trigger_ttl = value

    # ------------------------------------------------------------ directory

    def add_user(
        self,
        user_id: str,
        name: str,
        real_name: str | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        team_id: str | None = None,
        tz: str = "Pacific/Auckland",
        *,
        email: str | None = None,
    ) -> dict[str, Any]:
        """Add (or replace) a workspace member; return its users.info object."""
        user = User(user_id, name, real_name or name, is_admin, is_owner, team_id or self.team_id, tz, email)
        with self._ws.lock:
            self._ws.users[user_id] = user
        return user.to_slack()

    def add_channel(
        self, channel_id: str, name: str, is_private: bool = False, *, is_member: bool = True
    ) -> dict[str, Any]:
        """Add a channel; `is_member=False` makes posting fail like it does for a non-member bot."""
        channel = Channel(channel_id, name, is_private, is_member)
        with self._ws.lock:
            self._ws.channels[channel_id] = channel
        return channel.to_slack()

    def add_file(
        self,
        file_id: str,
        name: str,
        content: bytes,
        filetype: str = "csv",
        *,
        user: str | None = None,
    ) -> dict[str, Any]:
        """Host a private file; return its files.info object."""
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        with self._ws.lock:
            self._ws.files[file_id] = {
                "id": file_id,
                "created": 1_700_000_000,
                "timestamp": 1_700_000_000,
                "name": name,
                "title": name,
                "mimetype": mimetype,
                "filetype": filetype,
                "pretty_type": filetype.upper(),
                "user": user,
                "user_team": self.team_id,
                "size": len(content),
                "mode": "hosted",
                "is_external": False,
                "is_public": False,
                "editable": False,
            }
            self._ws.file_bytes[file_id] = content
            return self._ws.file_object(file_id)

    def user(self, user_id: str) -> dict[str, Any] | None:
        """A member's users.info object, or None."""
        with self._ws.lock:
            user = self._ws.users.get(user_id)
            return user.to_slack() if user else None

    def channel(self, channel_id: str) -> dict[str, Any] | None:
        """A conversation's conversations.info object, or None."""
        with self._ws.lock:
            channel = self._ws.channels.get(channel_id)
            return channel.to_slack() if channel else None

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """Hosted files by id, as files.info returns them (a snapshot)."""
        with self._ws.lock:
            return {file_id: self._ws.file_object(file_id) for file_id in self._ws.files}

    # ------------------------------------------------------------ what happened

    @property
    def calls(self) -> list[SlackCall]:
        """Every Web API call received, in order (a snapshot)."""
        with self._ws.lock:
            return list(self._ws.calls)

    def calls_of(self, method: str) -> list[SlackCall]:
        """The calls to one Web API method, e.g. `calls_of("chat.postMessage")`."""
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str | None = None, *, include_deleted: bool = False) -> list[PostedMessage]:
        """Messages as they stand now (edits applied), in posting order."""
        with self._ws.lock:
            return [
                copy.deepcopy(m)
                for m in self._ws.messages
                if (channel is None or m.channel == channel) and (include_deleted or not m.deleted)
            ]

    def message(self, channel: str, ts: str) -> PostedMessage | None:
        """One message as it stands now, or None."""
        with self._ws.lock:
            found = self._ws.find_message(channel, ts)
            return copy.deepcopy(found) if found else None

    @property
    def responses(self) -> list[dict[str, Any]]:
        """Bodies POSTed to response_url endpoints, in order."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.responses)

    @property
    def unsafe_text(self) -> list[str]:
        """Raw control sequences (<!channel>, unescaped links, a bare &) in any mrkdwn the app sent, by
        every path: Web API, response_url, and the acknowledgements the driver saw. Slack takes
        them (and pings the channel): the fake notes them so tests can insist there are none."""
        with self._ws.lock:
            return list(self._ws.unsafe_text)

    def note_unsafe(self, where: str, payload: Any) -> None:
        """Check a payload the app sent by a path the fake doesn't serve (an HTTP acknowledgement)."""
        with self._ws.lock:
            self._ws.unsafe_text.extend(f"{where}: {p}" for p in unsafe_mrkdwn(payload))

    @property
    def views(self) -> list[SlackView]:
        """Every views.open/push/update/publish (and view_submission response_action), in order."""
        with self._ws.lock:
            return copy.deepcopy(self._ws.views)

    def view(self, view_id: str) -> dict[str, Any] | None:
        """The current state of a view, as Slack would send it in a view payload."""
        with self._ws.lock:
            live = self._ws.live_views.get(view_id)
            return copy.deepcopy(live) if live else None

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The home tab currently published for a user."""
        with self._ws.lock:
            view_id = self._ws.home_views.get(user_id)
        return self.view(view_id) if view_id else None

    def wait_for(self, predicate: Callable[[], object], timeout: float = 5.0, interval: float = 0.01) -> bool:
        """Poll until `predicate()` is truthy (background work done) or the timeout passes."""
        deadline = time.monotonic() + timeout
        while True:
            if predicate():
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)

    def reset(self) -> None:
        """Forget traffic (calls, messages, views, responses, faults); keep users/channels/files."""
        ws = self._ws
        with ws.lock:
            for log in (ws.calls, ws.messages, ws.responses, ws.views, self.downloads):
                log.clear()
            for table in (ws.live_views, ws.home_views, ws.response_targets, ws.triggers, ws.failures):
                table.clear()

    # ------------------------------------------------------------ hooks for the driver/tests

    def new_response_url(
        self,
        channel: str | None = None,
        user_id: str | None = None,
        message_ts: str | None = None,
    ) -> str:
        """A response_url; POSTs to it land in `responses` and act on channel/message."""
        key = str(uuid.uuid4())
        with self._ws.lock:
            self._ws.response_targets[key] = ResponseTarget(channel, user_id, message_ts)
        return f"{self.base_url}/response/{key}"

    def new_trigger_id(self, user_id: str | None = None) -> str:
        """A fresh trigger_id, usable once within `trigger_ttl` seconds."""
        with self._ws.lock:
            return self._ws.new_trigger_id(user_id)

    def hang_next(self, method: str, seconds: float) -> threading.Event:
        """The next call of `method` is done, then answered only after `seconds` (a slow Slack).

        Returns an event set when that call arrives, so a test can act while it hangs."""
        arrived = threading.Event()
        with self._ws.lock:
            self._hangs[method] = (seconds, arrived)
        return arrived

    def fail_next(
        self,
        method: str,
        error: str = "ratelimited",
        times: int = 1,
        *,
        status: int | None = None,
        retry_after: int = 1,
    ) -> None:
        """Make the next `times` calls of `method` fail (ratelimited: HTTP 429 + Retry-After)."""
        code = status if status is not None else (429 if error == "ratelimited" else 200)
        with self._ws.lock:
            self._ws.failures.setdefault(method, []).append(Failure(error, code, retry_after, times))

    def apply_response_action(self, view: dict[str, Any], ack: dict[str, Any]) -> str | None:
        """Apply a view_submission ack (`response_action` update/push/clear/errors).

        Returns a Slack-style error string when Slack would refuse the new view, else None.
        """
        with self._ws.lock:
            return apply_response_action(self._ws, view, ack)

    # ------------------------------------------------------------ HTTP routing

    def route(self, request: HttpRequest) -> HttpAnswer:
        """Dispatch one HTTP request (called from the server threads)."""
        head, _, rest = request.path.lstrip("/").partition("/")
        if head == "api" and rest:
            return self._web_api(rest, request)
        if request.path == "/oauth/v2/authorize" and request.method == "GET":
            with self._ws.lock:
                return self.installer.authorize(request)
        if head == "response" and request.method == "POST":
            return self._response_url(rest, request)
        if head == "files" and request.method == "GET":
            return self._download(rest, request)
        return HttpAnswer.text("not found", 404, "text/plain")

    def _web_api(self, method: str, request: HttpRequest) -> HttpAnswer:
        token, args = _read_api_request(request)
        args.update(basic_credentials(request.headers))
        with self._ws.lock:
            failure = self._take_failure(method)
            try:
                if failure is not None:
                    raise ApiError(failure.error)
                answer = {"ok": True, **self._dispatch(method, token, args)}
            except ApiError as err:
                answer = err.answer()
            self._ws.calls.append(SlackCall(method, args, token, time.time(), answer))
            hang = self._hangs.pop(method, None)
        if hang is not None:
            hang[1].set()
            time.sleep(hang[0])
        if failure is None:
            return HttpAnswer.json(answer)
        headers = {"Retry-After": str(failure.retry_after)} if failure.status == 429 else {}
        return HttpAnswer.json(answer, failure.status, **headers)

    def _dispatch(self, method: str, token: str | None, args: dict[str, Any]) -> dict[str, Any]:
        if method == "oauth.v2.access":  # client credentials, not a token
            answer = self.installer.access(args, self.app_id, self._ws.bot_user_id)
            if not answer.pop("ok"):
                raise ApiError(str(answer["error"]))
            return answer
        if method == "apps.connections.open":  # Socket Mode: app-level tokens only
            if token not in self.app_tokens:
                raise ApiError("invalid_auth" if token else "not_authed")
            return {"url": "ws://127.0.0.1:9/link/?ticket=sandbox"}
        if method == "auth.test" and token in self.token_teams:
            team_id, team_name = self.token_teams[token]
            return {**auth_test(self._ws, args), "team_id": team_id, "team": team_name}
        handler = METHODS.get(method)
        if handler is None:
            raise ApiError("unknown_method")
        if not token:
            raise ApiError("not_authed")
        if token not in self.tokens:
            raise ApiError("invalid_auth")
        decoded = decode_json_fields(args)
        if method.startswith(("chat.", "views.")):
            self._ws.unsafe_text.extend(f"{method}: {p}" for p in unsafe_mrkdwn(decoded))
        return handler(self._ws, decoded)

    def _take_failure(self, method: str) -> Failure | None:
        """Pop one use of the fault queued for this method, if any."""
        queue = self._ws.failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.pop(0)
        return failure

    def _response_url(self, key: str, request: HttpRequest) -> HttpAnswer:
        body = _read_response_body(request)
        with self._ws.lock:
            target = self._ws.response_targets.get(key)
            if target is None:
                return HttpAnswer.text("no_service", 404)
            if body is None:
                return HttpAnswer.text("invalid_payload", 400)
            if validate_blocks(body.get("blocks", []), limit=MESSAGE_BLOCK_LIMIT):
                return HttpAnswer.text("invalid_blocks", 400)
            self._ws.unsafe_text.extend(f"response_url: {p}" for p in unsafe_mrkdwn(body))
            self._ws.responses.append(body)
            target.uses += 1
            _apply_response(self._ws, target, body)
        return HttpAnswer.text("ok")

    def _download(self, file_id: str, request: HttpRequest) -> HttpAnswer:
        token = _bearer(request.headers)
        with self._ws.lock:
            self.downloads.append(SlackCall("files.download", {"file": file_id}, token, time.time()))
            content = self._ws.file_bytes.get(file_id)
            if token not in self.tokens:
                return HttpAnswer.text(LOGIN_PAGE)
            if content is None:
                return HttpAnswer.text("file not found", 404, "text/plain")
            mimetype = self._ws.files[file_id]["mimetype"]
        return HttpAnswer(200, content, content_type=mimetype)


def _bearer(headers: dict[str, str]) -> str | None:
    value = headers.get("authorization", "")
    return value[7:].strip() or None if value.lower().startswith("bearer ") else None


def _read_api_request(request: HttpRequest) -> tuple[str | None, dict[str, Any]]:
    """Decode args like Slack: JSON bodies (token only in the header) or form/query fields."""
    args: dict[str, Any] = dict(request.query)
    content_type = request.headers.get("content-type", "")
    if "application/json" in content_type:
        try:
            decoded = json.loads(request.body or b"{}")
        except json.JSONDecodeError:
            decoded = {}
        if isinstance(decoded, dict):
            args.update(decoded)
        form_token = None
    else:
        args.update(parse_qsl(request.body.decode(), keep_blank_values=True))
        form_token = args.pop("token", None)
    return _bearer(request.headers) or form_token, args


def _read_response_body(request: HttpRequest) -> dict[str, Any] | None:
    """response_url accepts a JSON body (or legacy form `payload=`)."""
    raw: str | bytes = request.body
    if "application/x-www-form-urlencoded" in request.headers.get("content-type", ""):
        raw = dict(parse_qsl(request.body.decode())).get("payload", "")
    try:
        body = json.loads(raw)
    except json.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None


def _apply_response(ws: Workspace, target: ResponseTarget, body: dict[str, Any]) -> None:
    """Kept simple: delete or replace the source message, else post a new one."""
    original = ws.find_message(target.channel or "", target.message_ts or "")
    if truthy(body.get("delete_original")):
        if original is not None:
            original.deleted = True
        return
    if truthy(body.get("replace_original")) and original is not None:
        edit_message(original, body.get("text"), body.get("blocks"), body.get("attachments"), replace=True)
        return
    in_channel = body.get("response_type") == "in_channel"
    ws.messages.append(
        PostedMessage(
            channel=target.channel or "",
            ts=ws.next_ts(),
            text=body.get("text"),
            blocks=copy.deepcopy(body.get("blocks")),
            thread_ts=body.get("thread_ts"),
            user=ws.bot_user_id if in_channel else target.user_id,
            ephemeral=not in_channel,
            attachments=body.get("attachments"),
            bot_id=ws.bot_id,
            app_id=ws.app_id,
            source="response_url",
        )
    )
