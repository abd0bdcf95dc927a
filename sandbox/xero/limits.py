"""Xero's per-tenant rate limits: concurrent, per minute (rolling 60 s) and per day (UTC)."""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field

APP_CALLS_PER_MINUTE = 10_000


@dataclass
class Verdict:
    """Outcome of asking for a slot: allowed, or the problem and a Retry-After."""

    allowed: bool
    problem: str = ""
    retry_after: int = 0


@dataclass
class _TenantWindow:
    in_flight: int = 0
    minute: deque[float] = field(default_factory=deque)
    day: dt.date | None = None
    day_count: int = 0
    peak_in_flight: int = 0  # the most calls ever in flight at once
    peak_minute: int = 0  # the most calls ever accepted within a rolling minute
    refused: int = 0  # calls answered 429


def seconds_until_utc_midnight(now: float | None = None) -> int:
    """Whole seconds until the next 00:00 UTC (at least 1)."""
    moment = dt.datetime.fromtimestamp(time.time() if now is None else now, tz=dt.UTC)
    midnight = dt.datetime.combine(moment.date() + dt.timedelta(days=1), dt.time(), dt.UTC)
    return max(1, math.ceil((midnight - moment).total_seconds()))


class RateLimiter:
    """Counts calls per tenant; limits are read on every call so tests can change them."""

    def __init__(self, calls_per_minute: int, max_concurrent: int, calls_per_day: int) -> None:
        self.calls_per_minute = calls_per_minute
        self.max_concurrent = max_concurrent
        self.calls_per_day = calls_per_day
        self._lock = threading.Lock()
        self._tenants: dict[str, _TenantWindow] = {}
        self._app_minute: deque[float] = deque()

    def _window(self, tenant_id: str, now: float) -> _TenantWindow:
        window = self._tenants.setdefault(tenant_id, _TenantWindow())
        while window.minute and window.minute[0] <= now - 60:
            window.minute.popleft()
        while self._app_minute and self._app_minute[0] <= now - 60:
            self._app_minute.popleft()
        today = dt.datetime.fromtimestamp(now, tz=dt.UTC).date()
        if window.day != today:
            window.day, window.day_count = today, 0
        return window

    def acquire(self, tenant_id: str) -> Verdict:
        """Take a slot for one call, or say which limit it hit. Rejected calls are not counted."""
        now = time.time()
        with self._lock:
            window = self._window(tenant_id, now)
            if window.day_count >= self.calls_per_day:
                window.refused += 1
                return Verdict(False, "day", seconds_until_utc_midnight(now))
            if len(window.minute) >= self.calls_per_minute:
                window.refused += 1
                wait = window.minute[0] + 60 - now
                return Verdict(False, "minute", max(1, math.ceil(wait)))
            if window.in_flight >= self.max_concurrent:
                window.refused += 1
                return Verdict(False, "concurrent", 1)
            window.in_flight += 1
            window.minute.append(now)
            window.peak_in_flight = max(window.peak_in_flight, window.in_flight)
            window.peak_minute = max(window.peak_minute, len(window.minute))
            window.day_count += 1
            self._app_minute.append(now)
            return Verdict(True)

    def release(self, tenant_id: str) -> None:
        with self._lock:
            window = self._tenants.get(tenant_id)
            if window and window.in_flight > 0:
                window.in_flight -= 1

    def remaining(self, tenant_id: str) -> dict[str, int]:
        """Values for the X-MinLimit-Remaining / X-DayLimit-Remaining / X-AppMinLimit-Remaining headers."""
        now = time.time()
        with self._lock:
            window = self._window(tenant_id, now)
            return {
                "X-MinLimit-Remaining": max(0, self.calls_per_minute - len(window.minute)),
                "X-DayLimit-Remaining": max(0, self.calls_per_day - window.day_count),
                "X-AppMinLimit-Remaining": max(0, APP_CALLS_PER_MINUTE - len(self._app_minute)),
            }

    def counters(self, tenant_id: str) -> dict[str, int]:
        """What the sandbox itself saw for a tenant: peaks and refusals (for limit tests)."""
        with self._lock:
            window = self._tenants.get(tenant_id) or _TenantWindow()
            return {"peak_in_flight": window.peak_in_flight, "peak_minute": window.peak_minute,
                    "refused": window.refused}  # fmt: skip

    def reset(self) -> None:
        with self._lock:
            self._tenants.clear()
            self._app_minute.clear()
