"""Slack's app installation (OAuth v2) as the fake plays it: an authorize page and oauth.v2.access."""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

from sandbox.slack.server import HttpAnswer, HttpRequest


def basic_credentials(headers: dict[str, str]) -> dict[str, str]:
    """client_id and client_secret from an HTTP Basic Authorization header (how slack_sdk sends them)."""
    value = headers.get("authorization", "")
    if not value.lower().startswith("basic "):
        return {}
    client_id, _, client_secret = base64.b64decode(value[6:]).decode().partition(":")
    return {"client_id": client_id, "client_secret": client_secret}


@dataclass(frozen=True)
class InstallableTeam:
    team_id: str
    team_name: str
    bot_token: str
    installer: str  # the user who clicks "Allow"


@dataclass
class SlackInstaller:
    """Which workspace the next "Add to Slack" installs into, and the codes handed out."""

    client_id: str = "fake-client-id"
    client_secret: str = "fake-client-secret"
    next_team: InstallableTeam | None = None
    codes: dict[str, InstallableTeam] = field(default_factory=dict)

    def authorize(self, request: HttpRequest) -> HttpAnswer:
        """GET /oauth/v2/authorize: the user clicks Allow; redirect back with a code and the state."""
        query = request.query
        if query.get("client_id") != self.client_id or self.next_team is None:
            return HttpAnswer.text("invalid_client_id", 400, "text/plain")
        code = secrets.token_urlsafe(16)
        self.codes[code] = self.next_team
        target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"
        return HttpAnswer(302, b"", "text/plain", {"Location": target})

    def access(self, args: dict[str, str], app_id: str, bot_user_id: str) -> dict[str, object]:
        """oauth.v2.access: exchange a code (once) for the workspace's bot token."""
        if (args.get("client_id"), args.get("client_secret")) != (self.client_id, self.client_secret):
            return {"ok": False, "error": "invalid_client_id"}
        team = self.codes.pop(args.get("code", ""), None)
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": app_id,
            "access_token": team.bot_token,
            "token_type": "bot",
            "scope": "commands,chat:write,im:write,users:read,files:read",
            "bot_user_id": bot_user_id,
            "team": {"id": team.team_id, "name": team.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": team.installer, "scope": "", "token_type": "user"},
        }
