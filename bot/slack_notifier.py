"""The Slack notifier port over slack_sdk's WebClient."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient


class SlackWebNotifier:
    """Says things in Slack for the services; one WebClient per workspace."""

    def __init__(self, client_for: Callable[[str], WebClient]) -> None:
        self._client_for = client_for

    def post(self, *, team_id: str, channel: str, text: str, blocks: Sequence[dict[str, Any]] = ()) -> str:
        result = self._client_for(team_id).chat_postMessage(
            channel=channel, text=text, blocks=list(blocks) or None, unfurl_links=False
        )
        return str(result["ts"])

    def update(
        self, *, team_id: str, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] = ()
    ) -> None:
        self._client_for(team_id).chat_update(channel=channel, ts=ts, text=text, blocks=list(blocks))

    def post_ephemeral(
        self, *, team_id: str, channel: str, user: str, text: str, blocks: Sequence[dict[str, Any]] = ()
    ) -> None:
        self._client_for(team_id).chat_postEphemeral(
            channel=channel, user=user, text=text, blocks=list(blocks) or None
        )

    def dm(self, *, team_id: str, user: str, text: str, blocks: Sequence[dict[str, Any]] = ()) -> str:
        client = self._client_for(team_id)
        channel = client.conversations_open(users=user)["channel"]["id"]
        return self.post(team_id=team_id, channel=str(channel), text=text, blocks=blocks)

    def user_is_admin(self, *, team_id: str, user: str) -> bool:
        info = self._client_for(team_id).users_info(user=user)["user"]
        return bool(info.get("is_admin") or info.get("is_owner"))
