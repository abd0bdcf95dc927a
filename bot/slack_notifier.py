"""The Slack notifier port over slack_sdk's WebClient: renders each notice, then posts it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from handlers.notices import NoticeRenderers
from services.errors import BotNotInChannel, SlackUnavailable
from services.notices import Notice


@contextmanager
def _as_slack_unavailable(channel: str = "") -> Iterator[None]:
    """slack_sdk's and the network's errors, as the errors the services know how to handle: a channel
    the bot can't post in says how to fix it; anything else is Slack being unavailable."""
    try:
        yield
    except SlackApiError as error:
        reason = str(error.response.get("error", ""))
        fixable = BotNotInChannel.from_slack(reason, channel)
        if fixable is not None:
            raise fixable from error
        raise SlackUnavailable(f"Slack: {reason or type(error).__name__}") from error
    except (SlackClientError, OSError) as error:
        raise SlackUnavailable(f"Slack: {type(error).__name__}") from error


class SlackWebNotifier:
    """Says things in Slack for the services; one WebClient per workspace. Every message goes out
    through here as a kit Message: escaped text, and blocks within Slack's limits."""

    def __init__(self, client_for: Callable[[str], WebClient], renderers: NoticeRenderers) -> None:
        self._client_for = client_for
        self._renderers = renderers

    def post(self, *, team_id: str, channel: str, notice: Notice) -> str:
        sent = self._renderers.render(notice)
        with _as_slack_unavailable(channel):
            result = self._client_for(team_id).chat_postMessage(
                channel=channel, text=sent.fallback, blocks=sent.blocks, unfurl_links=False
            )
            return str(result["ts"])

    def update(self, *, team_id: str, channel: str, ts: str, notice: Notice) -> None:
        sent = self._renderers.render(notice)
        with _as_slack_unavailable(channel):
            self._client_for(team_id).chat_update(
                channel=channel, ts=ts, text=sent.fallback, blocks=sent.blocks
            )

    def dm(self, *, team_id: str, user: str, notice: Notice) -> tuple[str, str]:
        with _as_slack_unavailable():
            channel = str(self._client_for(team_id).conversations_open(users=user)["channel"]["id"])
            return channel, self.post(team_id=team_id, channel=channel, notice=notice)

    def user_is_admin(self, *, team_id: str, user: str) -> bool:
        with _as_slack_unavailable():
            info = self._client_for(team_id).users_info(user=user)["user"]
            return bool(info.get("is_admin") or info.get("is_owner"))

    def user_name(self, *, team_id: str, user: str) -> str | None:
        with _as_slack_unavailable():
            info = self._client_for(team_id).users_info(user=user)["user"]
        profile = info.get("profile") or {}
        for name in (profile.get("real_name"), info.get("real_name"), profile.get("display_name")):
            if isinstance(name, str) and name.strip():
                return name
        return None
