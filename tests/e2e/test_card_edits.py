"""Card edits and a sync's final summary are delivered like posts, through the outbox: a form is
acknowledged before its card is edited, and an edit Slack rate-limits or refuses for a while lands
once Slack lets it, with the card's latest state, once; one refused edit never holds up the others."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time
from typing import Any

from harness import ADMIN, CHANNEL, Running, posted_proposal, propose_adobe_charge
from sqlmodel import col, select

from sandbox.slack import PostedMessage, SlackView
from services.models import OutboxMessage, Recharge, SyncRun

ACK_WITHIN = 1.5  # seconds: well inside Slack's 3, with the card's edit hanging 4


def _propose(rechargly: Running, **charge: Any) -> PostedMessage:
    card, _message_id = _propose_with_id(rechargly, **charge)
    return card


def _propose_with_id(rechargly: Running, **charge: Any) -> tuple[PostedMessage, int]:
    message_id = propose_adobe_charge(rechargly.services, rechargly.xero, **charge)
    card = posted_proposal(rechargly.services, rechargly.slack, message_id)
    rechargly.delivered()
    return card, message_id


def _modal(rechargly: Running, card: PostedMessage, button: str, callback_id: str) -> SlackView:
    before = len(rechargly.slack.views)
    assert rechargly.driver.click_button(card, button, user_id=ADMIN).status == 200

    def opened() -> SlackView | None:
        fresh = rechargly.slack.views[before:]
        return next((v for v in fresh if v.view.get("callback_id") == callback_id), None)

    assert rechargly.slack.wait_for(opened, timeout=10), f"the {callback_id} never opened"
    view = opened()
    assert view is not None
    return view


def _shown(rechargly: Running, card: PostedMessage) -> str:
    current = rechargly.slack.message(card.channel, card.ts)
    return json.dumps(current.blocks) if current is not None else ""


def _edits(rechargly: Running, card: PostedMessage, *, since: float = 0.0) -> list[Any]:
    """The chat.update calls Slack applied to this card."""
    return [
        call
        for call in rechargly.slack.calls_of("chat.update")
        if call.args.get("ts") == card.ts and call.ok and call.at >= since
    ]


def _no_edit_twice(rechargly: Running, card: PostedMessage) -> None:
    blocks = [json.dumps(call.args.get("blocks"), sort_keys=True) for call in _edits(rechargly, card)]
    assert all(a != b for a, b in itertools.pairwise(blocks)), "the same edit was sent twice"


def _rejected(rechargly: Running, card: PostedMessage) -> bool:
    return "Rejected by" in _shown(rechargly, card)


def _approved(rechargly: Running, card: PostedMessage) -> bool:
    shown = _shown(rechargly, card)
    return "Approved by" in shown and "creating the invoice" not in shown


# --- ack first -----------------------------------------------------------------------------------


def test_the_review_form_is_acknowledged_before_its_card_is_edited(connected: Running) -> None:
    card, message_id = _propose_with_id(connected)
    view = _modal(connected, card, "review", "review_modal")
    with connected.services.db.session() as session:
        rid = session.exec(select(Recharge.id).where(Recharge.proposal_message_id == message_id)).one()
    hung = connected.slack.hang_next("chat.update", 4.0)
    values = {
        f"amount:{rid}": {f"amount:{rid}": "99.50"},
        f"description:{rid}": {f"description:{rid}": "Adobe Acrobat — Nov"},
    }
    started = time.perf_counter()
    answer = connected.driver.submit_view(view, values, user_id=ADMIN)
    took = time.perf_counter() - started
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    assert took < ACK_WITHIN, f"the review form was acknowledged after {took:.1f} s"
    assert hung.wait(10), "the card was never edited"
    assert connected.slack.wait_for(lambda: "$99.50" in _shown(connected, card), timeout=15)


def test_the_reject_form_is_acknowledged_before_its_card_is_edited(connected: Running) -> None:
    card = _propose(connected)
    view = _modal(connected, card, "reject", "reject_modal")
    hung = connected.slack.hang_next("chat.update", 4.0)
    started = time.perf_counter()
    answer = connected.driver.submit_view(view, {"reason": {"reason": "Cancelled in October"}}, user_id=ADMIN)
    took = time.perf_counter() - started
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    assert took < ACK_WITHIN, f"the reject form was acknowledged after {took:.1f} s"
    assert hung.wait(10), "the card was never edited"
    assert connected.slack.wait_for(lambda: _rejected(connected, card), timeout=15)


def test_a_reject_without_a_reason_goes_back_on_the_form(connected: Running) -> None:
    card = _propose(connected)
    view = _modal(connected, card, "reject", "reject_modal")
    answer = connected.driver.submit_view(view, {"reason": {"reason": "   "}}, user_id=ADMIN)
    ack = answer.json()
    assert ack["response_action"] == "errors" and "reason" in ack["errors"], ack
    assert not _rejected(connected, card)


# --- delivered like posts ------------------------------------------------------------------------


def test_a_card_edit_slack_rate_limits_lands_after_its_retry_after(connected: Running) -> None:
    card = _propose(connected)
    # More 429s than the client's own retries: the outbox waits Slack's Retry-After and tries again.
    connected.slack.fail_next("chat.update", "ratelimited", times=4, retry_after=1)
    assert connected.driver.click_button(card, "approve_all", user_id=ADMIN).status == 200
    assert connected.slack.wait_for(lambda: _approved(connected, card), timeout=30), _shown(connected, card)
    attempts = [c for c in connected.slack.calls_of("chat.update") if c.args.get("ts") == card.ts]
    limited = [c for c in attempts if not c.ok]
    assert len(limited) == 4, "the storm never struck"
    for refused, following in itertools.pairwise(attempts):
        if not refused.ok:
            assert following.at - refused.at >= 0.9, "Retry-After was not honoured"
    _no_edit_twice(connected, card)
    assert not [r for r in connected.slack.responses if "Slack" in json.dumps(r)], "the approver saw an error"


def test_a_card_edit_during_a_slack_500_storm_lands_after_it(connected: Running) -> None:
    card = _propose(connected)
    view = _modal(connected, card, "reject", "reject_modal")
    connected.slack.fail_next("chat.update", "internal_error", status=500, times=10_000)
    answer = connected.driver.submit_view(view, {"reason": {"reason": "Cancelled in October"}}, user_id=ADMIN)
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    assert connected.slack.wait_for(lambda: connected.slack.calls_of("chat.update"), timeout=10)
    assert not _rejected(connected, card)
    connected.slack.clear_failures()  # Slack is back
    assert connected.slack.wait_for(lambda: _rejected(connected, card), timeout=30)
    assert len(_edits(connected, card)) == 1
    connected.delivered()


def test_a_card_edit_slack_refuses_for_good_never_holds_up_the_others(connected: Running) -> None:
    first = _propose(connected)
    second = _propose(connected, amount="230.00", on=dt.date(2026, 11, 19))
    connected.slack.fail_next("chat.update", "cant_update_message", times=1)
    for card in (first, second):
        view = _modal(connected, card, "reject", "reject_modal")
        answer = connected.driver.submit_view(view, {"reason": {"reason": "Not theirs"}}, user_id=ADMIN)
        assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    assert connected.slack.wait_for(lambda: _rejected(connected, second), timeout=30)
    connected.delivered()
    assert not _rejected(connected, first)
    with connected.services.db.session() as session:
        failed = session.exec(select(OutboxMessage).where(OutboxMessage.state == "failed")).all()
    assert [row.last_error for row in failed] == ["cant_update_message"]


# --- the sync's summary --------------------------------------------------------------------------


def _progress_message(rechargly: Running) -> PostedMessage | None:
    return next((m for m in rechargly.slack.messages(CHANNEL) if "from Xero" in (m.text or "")), None)


def _last_run_finished(rechargly: Running) -> bool:
    with rechargly.services.db.session() as session:
        run = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()
    return run is not None and run.trigger == "manual" and run.finished_at is not None


def test_the_sync_summary_lands_after_a_slack_storm(connected: Running) -> None:
    connected.slack.reset()
    connected.slack.fail_next("chat.update", "internal_error", status=500, times=10_000)
    reply = connected.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    assert reply.status == 200
    assert connected.slack.wait_for(lambda: _last_run_finished(connected), timeout=60)

    def summary_refused() -> bool:
        calls = connected.slack.calls_of("chat.update")
        return sum(not c.ok and "Synced" in str(c.args.get("text")) for c in calls) >= 3

    # The summary tried during the storm, until the client's own retries gave up.
    assert connected.slack.wait_for(summary_refused, timeout=30)
    time.sleep(0.5)
    progress = _progress_message(connected)
    assert progress is not None and "Syncing" in (progress.text or "")
    connected.slack.clear_failures()  # Slack is back
    assert connected.slack.wait_for(
        lambda: "Synced" in ((_progress_message(connected) or progress).text or ""), timeout=30
    ), (_progress_message(connected) or progress).text
