"""One sync at a time per organisation, across threads, processes and replicas: a lease row."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from services.models import SyncLease, SyncRun, XeroConnection
from services.notices import SyncProgress
from services.ports import Clock
from services.storage import Database
from services.sync.progress import queue_summary

# A holder renews its lease with every committed page; one silent this long has crashed.
LEASE_TTL = timedelta(minutes=15)


def new_holder() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def died_on_this_machine(holder: str) -> bool:
    """A holder on this machine whose process is gone (killed, crashed): no need to wait out its TTL."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:32] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:  # it exists, under another user
        return False
    return False


@dataclass(frozen=True)
class LeaseHeld:
    """Someone else's running sync."""

    started_at: datetime
    started_by: str
    sync_run_id: int | None


class LeaseLost(Exception):
    """Our lease expired and another sync took it over; stop without committing more."""


class SyncLeases:
    def __init__(self, *, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def acquire(
        self, session: Session, *, connection_id: int, holder: str, started_by: str
    ) -> LeaseHeld | None:
        """Take the lease (or an expired one) in this transaction; the holder's details if it is busy."""
        now = self._clock.now()
        values: dict[str, Any] = {
            "holder": holder,
            "started_by": started_by,
            "started_at": now,
            "expires_at": now + LEASE_TTL,
            "sync_run_id": None,
            "waiting_channels": [],
        }
        dialect = postgresql if self._db.is_postgres else sqlite
        # INSERT … ON CONFLICT DO NOTHING: a concurrent insert never fails the transaction.
        inserted = session.execute(
            dialect.insert(SyncLease)
            .values(connection_id=connection_id, **values)
            .on_conflict_do_nothing(index_elements=["connection_id"])
            .returning(col(SyncLease.connection_id))
        )
        if inserted.first() is not None:
            return None
        # A crashed holder's lease: the WHERE is re-checked under the row lock, so one taker wins.
        stale = session.exec(select(SyncLease).where(SyncLease.connection_id == connection_id)).one_or_none()
        stale_run_id = stale.sync_run_id if stale else None
        gone = stale is not None and died_on_this_machine(stale.holder)
        taken = session.execute(
            update(SyncLease)
            .where(
                col(SyncLease.connection_id) == connection_id,
                col(SyncLease.holder) == stale.holder if gone and stale else col(SyncLease.expires_at) < now,
            )
            .values(**values)
        )
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            if stale_run_id:
                self._mark_interrupted(session, stale_run_id, now)
            return None
        session.expire_all()
        current = session.get(SyncLease, connection_id)
        if current is None:  # released between our insert and our read: the caller may try again
            return LeaseHeld(started_at=now, started_by="", sync_run_id=None)
        return LeaseHeld(
            started_at=current.started_at, started_by=current.started_by, sync_run_id=current.sync_run_id
        )

    @staticmethod
    def _mark_interrupted(session: Session, run_id: int, now: datetime) -> None:
        """A crashed holder's run ends as failed, and its progress message says so instead of
        "Syncing…" for good (queued with the state, like any summary)."""
        run = session.get(SyncRun, run_id)
        if run is None or run.status != "running":
            return
        run.status = "failed"
        run.error = "Interrupted (the process running it stopped); the next sync carried on."
        run.finished_at = now
        session.add(run)
        connection = session.get(XeroConnection, run.connection_id)
        if connection is not None and run.channel_id:
            said = SyncProgress(
                organisation=connection.name,
                state="failed",
                entities=(),
                error=run.error,
                started_by=run.started_by,
            )
            queue_summary(session, connection.team_id, run, said)

    def attach_run(self, session: Session, *, connection_id: int, holder: str, run_id: int) -> None:
        session.execute(
            update(SyncLease)
            .where(col(SyncLease.connection_id) == connection_id, col(SyncLease.holder) == holder)
            .values(sync_run_id=run_id)
        )

    def renew(self, session: Session, *, connection_id: int, holder: str) -> None:
        """Extend our lease inside the caller's transaction; LeaseLost if it is no longer ours."""
        renewed = session.execute(
            update(SyncLease)
            .where(col(SyncLease.connection_id) == connection_id, col(SyncLease.holder) == holder)
            .values(expires_at=self._clock.now() + LEASE_TTL)
        )
        if renewed.rowcount != 1:  # type: ignore[attr-defined]
            raise LeaseLost(f"sync lease for connection {connection_id} was taken over")

    def add_waiting_channel(self, *, connection_id: int, channel: str) -> None:
        """Remember to tell this channel when the running sync ends."""
        with self._db.session() as session:
            lease = session.exec(
                select(SyncLease).where(SyncLease.connection_id == connection_id).with_for_update()
            ).one_or_none()
            if lease is not None and channel not in lease.waiting_channels:
                lease.waiting_channels = [*lease.waiting_channels, channel]
                session.add(lease)

    def release(self, *, connection_id: int, holder: str) -> list[str]:
        """Give the lease up; returns the channels that asked to be told."""
        with self._db.session() as session:
            lease = session.exec(
                select(SyncLease)
                .where(SyncLease.connection_id == connection_id, SyncLease.holder == holder)
                .with_for_update()
            ).one_or_none()
            if lease is None:
                return []
            waiting = list(lease.waiting_channels)
            session.execute(
                delete(SyncLease).where(
                    col(SyncLease.connection_id) == connection_id, col(SyncLease.holder) == holder
                )
            )
            return waiting
