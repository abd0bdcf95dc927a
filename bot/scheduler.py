"""Scheduled work (nightly sync, daily digest) on APScheduler 3."""

from __future__ import annotations

from datetime import datetime


class NoSchedule:
    """The schedule of a process that runs no scheduler (the demo, one-off CLI commands)."""

    def next_sync_at(self, connection_id: int) -> datetime | None:
        return None
