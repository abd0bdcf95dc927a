"""Background work for Slack commands that take longer than Slack's 3-second acknowledgement."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

log = logging.getLogger(__name__)


class ThreadPoolWork:
    """A small bounded pool (not Bolt's listener threads): work is queued when all workers are busy."""

    def __init__(self, *, max_workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="rechargly-work")
        self._running: set[Future[object]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[[], object]) -> None:
        future = self._pool.submit(fn)
        with self._lock:
            self._running.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[object]) -> None:
        with self._lock:
            self._running.discard(future)
        _log_failure(future)

    def drain(self, timeout: float = 60.0) -> bool:
        """Wait until the work submitted so far (and what it submitted) has finished (tests, the demo)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                running = list(self._running)
            if not running:
                return True
            wait(running, timeout=max(0.0, deadline - time.monotonic()))
        return False

    def shutdown(self, *, wait: bool = True) -> None:
        """Finish running work (queued work that hasn't started is dropped)."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


def _log_failure(future: Future[object]) -> None:
    error = None if future.cancelled() else future.exception()
    if error is not None:
        log.error("background work failed", exc_info=error)
