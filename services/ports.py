"""The narrow ports through which services reach the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SlackNotifier(Protocol):
    """What services may say in Slack. Implemented over slack_sdk in bot/."""

    def post(self, *, team_id: str, channel: str, text: str, blocks: Sequence[dict[str, Any]] = ()) -> str:
        """Post a message; returns its ts."""
        ...

    def update(
        self, *, team_id: str, channel: str, ts: str, text: str, blocks: Sequence[dict[str, Any]] = ()
    ) -> None: ...

    def post_ephemeral(
        self, *, team_id: str, channel: str, user: str, text: str, blocks: Sequence[dict[str, Any]] = ()
    ) -> None: ...

    def dm(self, *, team_id: str, user: str, text: str, blocks: Sequence[dict[str, Any]] = ()) -> str:
        """Post to the user's direct-message channel; returns the message ts."""
        ...

    def user_is_admin(self, *, team_id: str, user: str) -> bool: ...
