"""Submitted modals: reading each input's value by its block id (and action id), and answering a
form whose outcome may take longer than Slack's three seconds."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack

from handlers.kit import Block
from services.ports import BackgroundWork

Values = dict[str, dict[str, Any]]


def text(values: Values, block_id: str) -> str:
    element = values.get(block_id, {}).get(block_id) or {}
    return str(element.get("value") or "")


def selected(values: Values, block_id: str, action_id: str) -> str | None:
    element = values.get(block_id, {}).get(action_id) or {}
    option = element.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None


def selected_many(values: Values, block_id: str, action_id: str) -> tuple[str, ...]:
    element = values.get(block_id, {}).get(action_id) or {}
    return tuple(str(o["value"]) for o in element.get("selected_options") or [] if o.get("value"))


def picked(values: Values, block_id: str, key: str) -> str | None:
    """A conversation, time or user picked in an input whose action id is its block id."""
    element = values.get(block_id, {}).get(block_id) or {}
    return str(element[key]) if element.get(key) else None


# Slack applies the view in our acknowledgement when it reads our HTTP answer; a views.update that
# reaches Slack before then is replaced by it. A late outcome waits this long after the ack.
ACK_SETTLES = 1.0


@dataclass
class _Handoff:
    """Who shows the outcome: the listener in its ack (done in time) or the work itself (late)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Block | None = None
    error: Exception | None = None
    placeholder_at: float | None = None  # set once the ack carried the placeholder


def answer_form(
    ack: Ack,
    background: BackgroundWork,
    work: Callable[[], Block],
    *,
    within: float,
    placeholder: Block,
    show_late: Callable[[Block], object],
    failed: Callable[[Exception], Block],
) -> None:
    """Acknowledge a form with the view ``work`` returns when it's done within ``within`` seconds
    (its error goes to the one error handler, on the form); otherwise with ``placeholder``, and the
    outcome (or ``failed(error)``) is shown by ``show_late`` once ready, no sooner than ACK_SETTLES
    after the ack: sent earlier, it could reach Slack first and be replaced by the placeholder."""
    handoff = _Handoff()
    background.submit(lambda: _work_then_show(handoff, work, show_late, failed))
    handoff.done.wait(max(0.0, within))
    with handoff.lock:
        if not handoff.done.is_set():
            ack(response_action="update", view=placeholder)
            handoff.placeholder_at = time.monotonic()
            return
    if handoff.error is not None:
        raise handoff.error
    ack(response_action="update", view=handoff.outcome)


def _work_then_show(
    handoff: _Handoff,
    work: Callable[[], Block],
    show_late: Callable[[Block], object],
    failed: Callable[[Exception], Block],
) -> None:
    try:
        outcome, error = work(), None
    except Exception as raised:  # handed over: the listener raises it, or the modal shows it below
        outcome, error = None, raised
    with handoff.lock:
        handoff.outcome, handoff.error = outcome, error
        handoff.done.set()
        placeholder_at = handoff.placeholder_at
    if placeholder_at is None:
        return  # the listener answers with it in the ack
    time.sleep(max(0.0, placeholder_at + ACK_SETTLES - time.monotonic()))
    show_late(outcome if outcome is not None else failed(error or RuntimeError("no outcome")))
    if error is not None:
        raise error  # after the modal says so; the pool logs it
