"""Background work for Slack commands that take longer than Slack's 3-second acknowledgement."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class ThreadPoolWork:
    """A small bounded pool (not Bolt's listener threads): work is queued when all workers are busy."""

    def __init__(self, *, max_workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="rechargly-work")

    def submit(self, fn: Callable[[], object]) -> None:
        self._pool.submit(fn).add_done_callback(_log_failure)

    def shutdown(self, *, wait: bool = True) -> None:
        """Finish running work (queued work that hasn't started is dropped)."""
        self._pool.shutdown(wait=wait, cancel_futures=True)


def _log_failure(future: Future[object]) -> None:
    error = None if future.cancelled() else future.exception()
    if error is not None:
        log.error("background work failed", exc_info=error)
