"""Xero's per-organisation limits kept on our side: at most 60 calls a minute and 5 at once."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


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

    @contextmanager
    def slot(self, tenant_id: str) -> Iterator[None]:
        with self._guard:
            semaphore = self._in_flight.setdefault(tenant_id, threading.BoundedSemaphore(self._concurrent))
        with semaphore:
            self._wait_for_minute_slot(tenant_id)
            yield

    def _wait_for_minute_slot(self, tenant_id: str) -> None:
        while True:
            with self._guard:
                now = self._monotonic()
                recent = self._recent.setdefault(tenant_id, deque())
                while recent and now - recent[0] >= 60.0:
                    recent.popleft()
                if len(recent) < self._per_minute:
                    recent.append(now)
                    return
                wait = 60.0 - (now - recent[0])
            self._sleep(max(wait, 0.01))
