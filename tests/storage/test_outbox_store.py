"""The outbox over a real database (SQLite and PostgreSQL): one claim wins, notices round-trip,
a rewritten notice is delivered with its latest wording, a dead sender's claim is taken over."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from harness import TEAM, both_databases

from bot.bootstrap import build_services
from bot.container import Services
from bot.settings import Settings
from services import outbox
from services.notices import DailyDigest, DigestItem, DigestList, ProposalLine, RechargeProposal
from services.outbox import Outbox

DIGEST = DailyDigest(
    organisation="Kauri & Co <Ltd>",
    period_start=datetime(2026, 11, 19, 8, tzinfo=UTC),
    period_end=datetime(2026, 11, 20, 8, tzinfo=UTC),
    charges_found=3, proposed=2, approved=1, auto_approved=0, rejected=0, invoices_created=1,
    invoiced_total="$10.00", payments_received=0, paid_total="$0.00",
    waiting=DigestList(count=2, amount="$20.00", shown=(DigestItem(name="Acme", detail="$10.00"),), more=1),
    unmatched=DigestList(count=0), overdue=DigestList(count=0), attention=("a note",),
)  # fmt: skip


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    built = build_services(settings)
    yield built
    built.close()


def _outbox(services: Services, name: str, lease: float = 60) -> Outbox:
    return Outbox(db=services.db, worker_id=name, lease=timedelta(seconds=lease), retry=timedelta(seconds=60))


def _queue(services: Services, notice: object, key: str = "k1") -> None:
    with services.db.session() as session:
        assert outbox.enqueue(session, team_id=TEAM, channel="C1", notice=notice, dedupe_key=key)  # type: ignore[arg-type]


def test_notices_round_trip_through_json() -> None:
    line = ProposalLine(
        recharge_id=1, vendor="Adobe", charge_date=dt.date(2026, 11, 18), source_amount="$1", amount="$1",
        explanation="x", has_receipt=True, xero_url="u", status="proposed",
    )  # fmt: skip
    card = RechargeProposal(
        message_id=3, client_name="Ruru & Sons", organisation="Kauri", pending_total="$1.00", pending_count=1,
        lines=(line,),
    )  # fmt: skip
    for notice in (card, DIGEST):
        assert outbox.decode(type(notice).__name__, outbox.encode(notice)) == notice


@both_databases
def test_two_workers_racing_for_one_message_claim_it_once(services: Services) -> None:
    _queue(services, DIGEST)
    workers = [_outbox(services, f"replica-{n}") for n in range(6)]
    [(message_id, _channel)] = workers[0].due(now=datetime.now(UTC))
    won: list[str] = []
    start = threading.Barrier(len(workers))

    def race(worker: Outbox, name: str) -> None:
        start.wait()
        if worker.claim(message_id, now=datetime.now(UTC)) is not None:
            won.append(name)

    threads = [threading.Thread(target=race, args=(w, f"r{n}")) for n, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1


@both_databases
def test_the_same_key_is_queued_once_and_a_rewrite_is_delivered_with_its_latest_wording(
    services: Services,
) -> None:
    _queue(services, DIGEST)
    with services.db.session() as session:
        assert not outbox.enqueue(session, team_id=TEAM, channel="C1", notice=DIGEST, dedupe_key="k1")
    worker = _outbox(services, "w")
    [(message_id, _)] = worker.due(now=datetime.now(UTC))
    claimed = worker.claim(message_id, now=datetime.now(UTC))
    assert claimed is not None and claimed.notice == DIGEST
    newer = DailyDigest(**{**DIGEST.__dict__, "approved": 2})
    with services.db.session() as session:
        assert outbox.rewrite(session, dedupe_key="k1", notice=newer)
    assert worker.delivered(claimed, ts="1.0001", now=datetime.now(UTC)) == newer
    with services.db.session() as session:
        assert not outbox.rewrite(session, dedupe_key="k1", notice=DIGEST)  # delivered: edit it instead


@both_databases
def test_a_claim_whose_sender_died_is_taken_over_after_the_lease(services: Services) -> None:
    _queue(services, DIGEST)
    dead, alive = _outbox(services, "dead", lease=1), _outbox(services, "alive")
    now = datetime.now(UTC)
    [(message_id, _)] = dead.due(now=now)
    assert dead.claim(message_id, now=now) is not None
    assert not alive.due(now=now) and alive.claim(message_id, now=now) is None
    later = now + timedelta(seconds=2)
    assert alive.due(now=later) == [(message_id, "C1")]
    taken = alive.claim(message_id, now=later)
    assert taken is not None and taken.recovered


def _claim_due(worker: Outbox, now: datetime | None = None) -> outbox.Claimed:
    [(message_id, _channel)] = worker.due(now=now or datetime.now(UTC))
    claimed = worker.claim(message_id, now=now or datetime.now(UTC))
    assert claimed is not None
    return claimed


def _edit(services: Services, notice: object, ts: str = "1.0001") -> bool:
    with services.db.session() as session:
        return outbox.enqueue_edit(session, team_id=TEAM, channel="C1", ts=ts, notice=notice)  # type: ignore[arg-type]


@both_databases
def test_edits_of_one_message_coalesce_into_its_latest_state(services: Services) -> None:
    newer = DailyDigest(**{**DIGEST.__dict__, "approved": 2})
    assert _edit(services, DIGEST) and _edit(services, newer)
    assert _edit(services, DIGEST, ts="1.0002")  # another message: its own edit
    worker = _outbox(services, "w")
    due = worker.due(now=datetime.now(UTC), edits=True)
    assert len(due) == 2 and not worker.due(now=datetime.now(UTC), edits=False)
    claimed = worker.claim(due[0][0], now=datetime.now(UTC))
    assert claimed is not None and claimed.notice == newer and claimed.edits_ts == "1.0001"
    assert worker.delivered(claimed, ts="1.0001", now=datetime.now(UTC)) is None
    assert not _edit(services, newer), "the message shows this already: nothing to send"
    assert [i for i, _c in worker.due(now=datetime.now(UTC))] == [due[1][0]]
    assert _edit(services, DIGEST)  # a later state: the same row, due again
    assert due[0][0] in [i for i, _c in worker.due(now=datetime.now(UTC))]


@both_databases
def test_an_edit_made_while_the_previous_one_is_on_its_way_is_sent_after_it(services: Services) -> None:
    assert _edit(services, DIGEST)
    worker = _outbox(services, "w")
    claimed = _claim_due(worker)
    newer = DailyDigest(**{**DIGEST.__dict__, "approved": 2})
    assert _edit(services, newer)
    worker.delivered(claimed, ts="1.0001", now=datetime.now(UTC))
    again = _claim_due(worker)  # the newer state, still to send
    assert again.id == claimed.id and again.notice == newer and not again.recovered
    worker.delivered(again, ts="1.0001", now=datetime.now(UTC))
    assert not worker.due(now=datetime.now(UTC))


@both_databases
def test_a_post_rewritten_while_on_its_way_is_then_edited_through_the_outbox(services: Services) -> None:
    _queue(services, DIGEST)
    worker = _outbox(services, "w")
    claimed = _claim_due(worker)
    newer = DailyDigest(**{**DIGEST.__dict__, "approved": 2})
    with services.db.session() as session:
        assert outbox.rewrite(session, dedupe_key="k1", notice=newer)
    worker.delivered(claimed, ts="1.0009", now=datetime.now(UTC), channel="C1")
    edit = _claim_due(worker)
    assert edit.notice == newer and edit.edits_ts == "1.0009" and edit.channel == "C1"


def test_a_billing_run_card_round_trips_through_json() -> None:
    from decimal import Decimal

    from services.billing.notices import BillingRunCard, ClientBill, RunComparison, RunDifference, RunLine

    bill = ClientBill(
        client_id="c1", client_name="Ruru & Sons", lines=(RunLine(7, "Adobe", "Acrobat", Decimal("62.31")),),
        admin_fee=Decimal("2.50"), total=Decimal("64.81"), has_email=True, invoice_id=3,
    )  # fmt: skip
    card = BillingRunCard(
        run_id=1, organisation="Kauri", label="November", state="open", currency="NZD", bills=(bill,),
        carried=(), minimum=Decimal("5.00"),
        comparison=RunComparison(tolerance_percent=Decimal("10"), against="October",
                                 differences=(RunDifference("Kauri", "changed", Decimal("-12.5")),)),
    )  # fmt: skip
    assert outbox.decode("BillingRunCard", outbox.encode(card)) == card
