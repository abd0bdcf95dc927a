"""A sync's progress as one Slack message, edited as it goes (at most about once a second).

The live edits are best-effort: a later one says more. The final summary is not sent from here: the
sync writes it to the outbox with the run's outcome (services/sync/service.py), as an edit of this
message, so a Slack outage or a crash at the end never leaves the message saying "Syncing…".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlmodel import Session

from services import outbox
from services.errors import SlackUnavailable
from services.models import SyncRun
from services.notices import SyncProgress
from services.ports import Clock, SlackNotifier

log = logging.getLogger(__name__)
MIN_SECONDS_BETWEEN_EDITS = 1.0  # Slack allows about one chat.update per second per channel


def _ignore(_ts: str) -> None:
    return None


class SlackProgress:
    """Posts the first report and edits the message with later running ones; `on_posted` is told the
    message's ts, so the sync can queue its summary as this message's edit."""

    def __init__(
        self,
        *,
        notifier: SlackNotifier,
        clock: Clock,
        team_id: str,
        channel: str,
        min_interval: float = MIN_SECONDS_BETWEEN_EDITS,
        on_posted: Callable[[str], None] = _ignore,
    ) -> None:
        self._notifier = notifier
        self._clock = clock
        self._team_id = team_id
        self._channel = channel
        self._min_interval = min_interval
        self._on_posted = on_posted
        self._ts: str | None = None
        self._last_edit = 0.0

    @property
    def message_ts(self) -> str | None:
        return self._ts

    def __call__(self, report: SyncProgress) -> None:
        if report.state != "running":
            return  # the summary: queued in the outbox with the run's outcome
        now = self._clock.now().timestamp()
        if now - self._last_edit < self._min_interval:
            return  # skipped: a later report (at the latest the summary) says more
        try:
            if self._ts is None:
                self._ts = self._notifier.post(team_id=self._team_id, channel=self._channel, notice=report)
                self._on_posted(self._ts)
            else:
                self._notifier.update(
                    team_id=self._team_id, channel=self._channel, ts=self._ts, notice=report
                )
        except SlackUnavailable:
            # Slack being unreachable must not stop the sync; the next report tries again.
            log.warning("couldn't show sync progress in Slack", exc_info=True)
            return
        self._last_edit = now


def queue_summary(session: Session, team_id: str, run: SyncRun, final: SyncProgress) -> None:
    """The run's summary, written with its outcome so that it lands whatever happens next: the edit
    that ends its progress message, or a message of its own when the progress was never posted."""
    channel = run.channel_id or ""
    if run.message_ts:
        outbox.enqueue_edit(session, team_id=team_id, channel=channel, ts=run.message_ts, notice=final)
        return
    outbox.enqueue(
        session, team_id=team_id, channel=channel, notice=final, dedupe_key=f"sync-summary:{run.id}:{channel}"
    )
