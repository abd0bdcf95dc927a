"""Injected faults: make chosen requests fail the ways Xero (or the network) can fail."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

# "slow" waits before doing the work; "hang_after" does the work, then waits before answering (the
# answer lost in flight: Xero has the invoice, the caller doesn't know yet).
FAULT_KINDS = frozenset({"429", "daily_limit", "500", "503", "slow", "hang_after", "drop"})


@dataclass
class Fault:
    """One armed fault; `after` matching calls pass first, then `times` calls are hit."""

    kind: str
    path: str = ""
    method: str = ""
    times: int = 1
    after: int = 0
    delay: float = 0.0
    fired: threading.Event = field(default_factory=threading.Event, compare=False, repr=False)

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        return self.path.lower() in path.lower()


class FaultInjector:
    """Thread-safe list of armed faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(
        self,
        kind: str,
        *,
        path: str = "",
        method: str = "",
        times: int = 1,
        after: int = 0,
        delay: float = 0,
    ) -> Fault:
        """Arm a fault. kind is one of 429, daily_limit, 500, 503, slow, hang_after, drop."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        fault = Fault(kind, path, method, times, after, float(delay))
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """Return the fault that fires for this request, if any (and use it up)."""
        with self._lock:
            for fault in self._faults:
                if not fault.matches(method, path):
                    continue
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                fault.fired.set()
                return fault
        return None
