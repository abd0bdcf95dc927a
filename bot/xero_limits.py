"""Xero's per-organisation limits kept on our side: at most 60 calls a minute and 5 at once, and
whatever Xero's X-*-Remaining headers say is left.

`TenantLimiter` keeps them in this process (SQLite: one process). `SharedTenantLimiter` keeps them
in PostgreSQL, so any number of replicas together stay within Xero's limits for each organisation.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects import postgresql

from services.errors import XeroRateLimited
from services.models import XeroBudget

WINDOW = 61.0  # Xero counts a rolling minute from when a call arrives; a second's margin for travel
APP = "*"  # the budget row for Xero's app-wide minute limit


class Limiter(Protocol):
    def slot(self, tenant_id: str) -> Any:
        """A context manager held for the duration of one call."""
        ...

    def observe(self, tenant_id: str, headers: Mapping[str, str]) -> None:
        """Xero's answer said how much is left (X-MinLimit-Remaining and friends)."""
        ...


def next_utc_midnight(now: datetime) -> datetime:
    """When Xero's daily count for an organisation starts again."""
    return datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), UTC)


def _remaining(headers: Mapping[str, str], name: str) -> int | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return int(value) if str(value).strip().isdigit() else None
    return None


def _daily_limit(until: datetime) -> XeroRateLimited:
    wait = max(1, math.ceil((until - datetime.now(UTC)).total_seconds()))
    return XeroRateLimited(f"Xero's daily limit reached; resuming at {until:%H:%M} UTC.", wait)


class TenantLimiter:
    """Blocks a caller until the organisation has a free slot, so we rarely meet a 429 at all."""

    def __init__(
        self,
        *,
        per_minute: int = 60,
        concurrent: int = 5,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._per_minute = per_minute
        self._concurrent = concurrent
        self._monotonic = monotonic
        self._sleep = sleep
        self._guard = threading.Lock()
        self._recent: dict[str, deque[float]] = {}
        self._in_flight: dict[str, threading.BoundedSemaphore] = {}
        self._blocked: dict[str, float] = {}  # tenant (or APP) -> monotonic time it may call again
        self._day_blocked: dict[str, datetime] = {}

    @contextmanager
    def slot(self, tenant_id: str) -> Iterator[None]:
        until = self._day_blocked.get(tenant_id)
        if until is not None and until > datetime.now(UTC):
            raise _daily_limit(until)
        with self._guard:
            semaphore = self._in_flight.setdefault(tenant_id, threading.BoundedSemaphore(self._concurrent))
        with semaphore:
            self._wait_for_minute_slot(tenant_id)
            yield

    def observe(self, tenant_id: str, headers: Mapping[str, str]) -> None:
        now = self._monotonic()
        with self._guard:
            if _remaining(headers, "X-MinLimit-Remaining") == 0:
                self._blocked[tenant_id] = now + 60.0
            if _remaining(headers, "X-AppMinLimit-Remaining") == 0:
                self._blocked[APP] = now + 60.0
            if _remaining(headers, "X-DayLimit-Remaining") == 0:
                self._day_blocked[tenant_id] = next_utc_midnight(datetime.now(UTC))

    def _wait_for_minute_slot(self, tenant_id: str) -> None:
        while True:
            with self._guard:
                now = self._monotonic()
                recent = self._recent.setdefault(tenant_id, deque())
                while recent and now - recent[0] >= 60.0:
                    recent.popleft()
                blocked = max(self._blocked.get(tenant_id, 0.0), self._blocked.get(APP, 0.0))
                if blocked <= now and len(recent) < self._per_minute:
                    recent.append(now)
                    return
                wait = blocked - now if blocked > now else 60.0 - (now - recent[0])
            self._sleep(max(wait, 0.01))


class SharedTenantLimiter:
    """The same limits, kept in one PostgreSQL row per organisation that every replica updates.

    Each call costs one short transaction to start and one to finish (row lock, update): a few
    milliseconds beside a Xero call. A call whose process died frees its place after `hold` seconds.
    """

    def __init__(
        self,
        *,
        engine: Engine,
        per_minute: int = 60,
        concurrent: int = 5,
        hold: float = 40.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._engine = engine
        self._per_minute = per_minute
        self._concurrent = concurrent
        self._hold = hold
        self._sleep = sleep

    @contextmanager
    def slot(self, tenant_id: str) -> Iterator[None]:
        call = uuid.uuid4().hex
        while (wait := self._try_start(tenant_id, call)) is not None:
            self._sleep(wait)
        try:
            yield
        finally:
            self._finish(tenant_id, call)

    def observe(self, tenant_id: str, headers: Mapping[str, str]) -> None:
        now = datetime.now(UTC)
        changes: dict[str, dict[str, datetime]] = {}
        if _remaining(headers, "X-MinLimit-Remaining") == 0:
            changes.setdefault(tenant_id, {})["minute_blocked_until"] = now + timedelta(seconds=60)
        if _remaining(headers, "X-DayLimit-Remaining") == 0:
            changes.setdefault(tenant_id, {})["day_blocked_until"] = next_utc_midnight(now)
        if _remaining(headers, "X-AppMinLimit-Remaining") == 0:
            changes.setdefault(APP, {})["minute_blocked_until"] = now + timedelta(seconds=60)
        for tenant, values in changes.items():
            with self._engine.begin() as connection:
                self._ensure(connection, tenant)
                connection.execute(update(XeroBudget).where(XeroBudget.tenant_id == tenant).values(**values))  # type: ignore[arg-type]

    def _ensure(self, connection: Any, tenant_id: str) -> None:
        connection.execute(
            postgresql.insert(XeroBudget)
            .values(tenant_id=tenant_id, recent=[], in_flight={})
            .on_conflict_do_nothing(index_elements=["tenant_id"])
        )

    def _try_start(self, tenant_id: str, call: str) -> float | None:
        """Take a place for the call (None), or say how long to wait before asking again."""
        with self._engine.begin() as connection:
            rows = {
                row.tenant_id: row
                for row in connection.execute(
                    select(XeroBudget).where(XeroBudget.tenant_id.in_([tenant_id, APP])).with_for_update()  # type: ignore[attr-defined]
                )
            }
            if tenant_id not in rows:
                self._ensure(connection, tenant_id)
                return 0.0
            row, app = rows[tenant_id], rows.get(APP)
            now = datetime.now(UTC)
            if row.day_blocked_until is not None and row.day_blocked_until > now:
                raise _daily_limit(row.day_blocked_until)
            blocked = max(
                [b for b in (row.minute_blocked_until, app.minute_blocked_until if app else None) if b]
                or [now]
            )
            if blocked > now:
                return min((blocked - now).total_seconds(), 5.0)
            epoch = now.timestamp()
            recent = [t for t in row.recent if t > epoch - WINDOW]
            flying = {k: v for k, v in row.in_flight.items() if v > epoch}
            if len(flying) >= self._concurrent:
                return 0.05
            if len(recent) >= self._per_minute:
                return max(min(recent) + WINDOW - epoch, 0.05)
            connection.execute(
                update(XeroBudget)
                .where(XeroBudget.tenant_id == tenant_id)  # type: ignore[arg-type]
                .values(recent=[*recent, epoch], in_flight={**flying, call: epoch + self._hold})
            )
            return None

    def _finish(self, tenant_id: str, call: str) -> None:
        with self._engine.begin() as connection:
            row = connection.execute(
                select(XeroBudget).where(XeroBudget.tenant_id == tenant_id).with_for_update()  # type: ignore[arg-type]
            ).first()
            if row is None:
                return
            flying = {k: v for k, v in row.in_flight.items() if k != call}
            connection.execute(
                update(XeroBudget).where(XeroBudget.tenant_id == tenant_id).values(in_flight=flying)  # type: ignore[arg-type]
            )
