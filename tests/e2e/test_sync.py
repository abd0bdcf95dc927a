"""Sync over HTTP against the Xero sandbox: complete, incremental, rate-limit-aware, told in Slack."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Sequence
from decimal import Decimal

from apscheduler.triggers.interval import IntervalTrigger
from harness import ADMIN, CHANNEL, MEMBER, TEAM, Running, both_databases, connect
from sqlmodel import col, select

from bot.scheduler import SyncScheduler
from sandbox.xero import XeroSandbox
from sandbox.xero.seed import build_invoice
from sandbox.xero.store import random_uuid
from services.lists import Lists
from services.models import (
    ClientInvoice,
    Contact,
    InvoicePayment,
    JobRun,
    ReceivedMoney,
    SpendLine,
    SpendTransaction,
    SyncLease,
    SyncRun,
    XeroConnection,
)
from services.notices import SyncProgress
from services.sync.service import SyncBusy, SyncStarted

API = "/api.xro/2.0/"


def _cid(rechargly: Running) -> int:
    with rechargly.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _tenant(xero: XeroSandbox) -> str:
    return xero.tenants[0].tenant_id


def _sync(rechargly: Running) -> SyncProgress:
    outcome = rechargly.services.sync.run(_cid(rechargly), trigger="cli", started_by=ADMIN)
    assert isinstance(outcome, SyncProgress)
    return outcome


def _api_calls(xero: XeroSandbox) -> list[str]:
    """The accounting calls made (successful or not), as "Endpoint where" strings."""
    return [
        f"{c.path.removeprefix(API)} {c.query.get('where', '')}".strip()
        for c in xero.calls
        if c.path.startswith(API)
    ]


def _count(rechargly: Running, model: type, *where: object) -> int:
    with rechargly.services.db.session() as session:
        return len(session.exec(select(model).where(*where)).all())  # type: ignore[call-overload]


class RecordingListener:
    """A sync listener as the recharge engine is one: remembers what it was told."""

    def __init__(self) -> None:
        self.told: list[list[int]] = []

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        self.told.append(list(changed_spend_ids))
        return {"charges seen by the test": len(changed_spend_ids)}


def test_first_sync_is_complete_and_exact(connected: Running) -> None:
    outcome = _sync(connected)
    assert outcome.state == "ok" and outcome.error is None
    data = connected.xero.store[_tenant(connected.xero)]
    spend = [t for t in data.bank_transactions.values() if t["Type"] == "SPEND"]
    bills = [i for i in data.invoices.values() if i["Type"] == "ACCPAY"]
    assert _count(connected, Contact) == len(data.contacts)
    assert _count(connected, SpendTransaction, SpendTransaction.source == "bank_transaction") == len(spend)
    assert _count(connected, SpendTransaction, SpendTransaction.source == "bill") == len(bills)
    lines = sum(len(t["LineItems"]) for t in spend + bills)
    assert _count(connected, SpendLine) == lines
    by_label = {e.label: e for e in outcome.entities}
    assert by_label["Bank transactions"].new == len(spend) and by_label["Contacts"].new == len(data.contacts)

    foreign = next(t for t in spend if t["CurrencyCode"] == "USD")
    with connected.services.db.session() as session:
        row = session.exec(
            select(SpendTransaction).where(SpendTransaction.xero_id == foreign["BankTransactionID"])
        ).one()
        stored_lines = session.exec(select(SpendLine).where(SpendLine.spend_transaction_id == row.id)).all()
    assert row.currency_code == "USD" and row.currency_rate == Decimal("0.590000")
    assert row.total == foreign["Total"] and isinstance(row.total, Decimal)
    assert row.has_attachments == foreign["HasAttachments"]
    assert sorted(line.line_amount for line in stored_lines) == sorted(
        li["LineAmount"] for li in foreign["LineItems"]
    )
    tracked = [t for t in spend if any(li["Tracking"] for li in t["LineItems"])]
    with connected.services.db.session() as session:
        tracked_lines = session.exec(select(SpendLine).where(col(SpendLine.tracking) != [])).all()
    assert tracked and tracked_lines and tracked_lines[0].tracking[0]["category"] == "Client"


def test_unchanged_resync_costs_one_call_per_entity(connected: Running) -> None:
    _sync(connected)
    connected.xero.reset_calls()
    outcome = _sync(connected)
    assert sorted(_api_calls(connected.xero)) == sorted(
        [
            "Organisation",
            "Contacts",
            'BankTransactions Type=="SPEND"',
            'Invoices Type=="ACCPAY"',
            'CreditNotes Type=="ACCPAYCREDIT"',  # vendors' credits and refunds
            'BankTransactions Type=="RECEIVE" OR Type=="RECEIVE-OVERPAYMENT" OR Type=="RECEIVE-PREPAYMENT"',
        ]
    )  # our invoices and their payments cost nothing until Rechargly has raised an invoice
    assert all(e.new == e.updated == 0 for e in outcome.entities)


def test_changes_voids_and_new_contacts_are_picked_up(connected: Running) -> None:
    listener = RecordingListener()
    connected.services.sync.add_listener(listener)
    _sync(connected)
    tenant = _tenant(connected.xero)
    data = connected.xero.store[tenant]
    spend = sorted(
        (t for t in data.bank_transactions.values() if t["Type"] == "SPEND"), key=lambda t: t["Date"]
    )
    edited, voided = spend[0]["BankTransactionID"], spend[1]["BankTransactionID"]
    connected.xero.update_bank_transaction(tenant, edited, Reference="Edited in Xero")
    connected.xero.void_bank_transaction(tenant, voided)
    contact = connected.xero.add_contact(
        tenant, "Brand New Client Ltd", email="a@new.example", is_customer=True
    )

    outcome = _sync(connected)

    with connected.services.db.session() as session:
        rows = {
            t.xero_id: t
            for t in session.exec(
                select(SpendTransaction).where(col(SpendTransaction.xero_id).in_([edited, voided]))
            )
        }
        new_contact = session.exec(select(Contact).where(Contact.xero_id == contact["ContactID"])).one()
    assert rows[edited].reference == "Edited in Xero" and rows[voided].status == "DELETED"
    assert new_contact.name == "Brand New Client Ltd" and new_contact.is_customer
    assert sorted(listener.told[-1]) == sorted(rows[x].id or 0 for x in (edited, voided))
    bank = next(e for e in outcome.entities if e.label == "Bank transactions")
    assert (bank.new, bank.updated, bank.voided) == (0, 2, 1)
    assert ("charges seen by the test", 2) in outcome.found


def test_our_invoices_payments_and_money_received(connected: Running) -> None:
    tenant = _tenant(connected.xero)
    data = connected.xero.store[tenant]
    client = next(c for c in data.contacts.values() if c["IsCustomer"])
    with data_lock(connected.xero):
        invoice = build_invoice(
            data, random_uuid, kind="ACCREC", contact_id=client["ContactID"], on=dt.date(2026, 11, 18),
            due=dt.date(2026, 12, 20), number="RCH-0001", status="AUTHORISED", currency="NZD",
            lines=[{"Description": "Dext recharge", "Quantity": "1", "UnitAmount": "40.00",
                    "AccountCode": "200", "TaxType": "OUTPUT2"}],
        )  # fmt: skip
    with connected.services.db.session() as session:
        session.add(
            ClientInvoice(
                connection_id=_cid(connected), client_contact_xero_id=client["ContactID"],
                idempotency_key="k1", state="created", xero_invoice_id=invoice["InvoiceID"],
                currency_code="NZD", total=invoice["Total"], amount_due=invoice["Total"],
            )
        )  # fmt: skip
    payment = connected.xero.pay_invoice(tenant, invoice["InvoiceID"])
    received = connected.xero.add_bank_transaction(
        tenant, type="RECEIVE", contact_id=client["ContactID"], date=dt.date(2026, 11, 19),
        lines=[{"Description": "Interest", "Quantity": "1", "UnitAmount": "12.34", "AccountCode": "200"}],
    )  # fmt: skip

    _sync(connected)
    with connected.services.db.session() as session:
        ours = session.exec(select(ClientInvoice)).one()
        paid = session.exec(select(InvoicePayment)).one()
        money_in = session.exec(select(ReceivedMoney)).one()
    assert ours.xero_status == "PAID" and ours.amount_due == 0 and ours.amount_paid == invoice["Total"]
    assert paid.xero_payment_id == payment["PaymentID"] and paid.amount == invoice["Total"]
    assert money_in.xero_id == received["BankTransactionID"] and money_in.total == Decimal("12.34")

    connected.xero.delete_payment(tenant, payment["PaymentID"])
    connected.xero.reset_calls()
    _sync(connected)
    # One call for the sync's payments (other work, like reconciliation, may ask Xero more).
    assert _api_calls(connected.xero).count('Payments PaymentType=="ACCRECPAYMENT"') == 1
    with connected.services.db.session() as session:
        deleted = session.exec(
            select(InvoicePayment).where(InvoicePayment.xero_payment_id == payment["PaymentID"])
        )
        assert deleted.one().status == "DELETED"
        assert session.exec(select(ClientInvoice)).one().xero_status == "AUTHORISED"


def data_lock(xero: XeroSandbox) -> threading.RLock:
    return xero.store.lock  # type: ignore[return-value]


def test_429s_are_waited_out(connected: Running) -> None:
    connected.xero.faults.add("429", path="/BankTransactions", times=2)
    started = time.monotonic()
    outcome = _sync(connected)
    assert outcome.state == "ok"
    assert time.monotonic() - started >= 2  # waited the sandbox's Retry-After: 1 twice
    assert sum(1 for c in connected.xero.calls if c.status == 429) == 2
    data = connected.xero.store[_tenant(connected.xero)]
    spend = [t for t in data.bank_transactions.values() if t["Type"] == "SPEND"]
    assert _count(connected, SpendTransaction, SpendTransaction.source == "bank_transaction") == len(spend)


def test_server_errors_and_dropped_connections_are_retried(connected: Running) -> None:
    connected.xero.faults.add("500", path="/Contacts", times=2)
    connected.xero.faults.add("drop", path="/Invoices", times=1)
    connected.xero.faults.add("503", path="/Organisation", times=1)
    outcome = _sync(connected)
    assert outcome.state == "ok"
    assert {c.status for c in connected.xero.calls if c.path.startswith(API)} >= {500, 503, 0, 200}
    data = connected.xero.store[_tenant(connected.xero)]
    assert _count(connected, Contact) == len(data.contacts)


def test_daily_limit_stops_cleanly_and_keeps_what_was_stored(connected: Running) -> None:
    connected.xero.faults.add("daily_limit", path="/Invoices")
    outcome = _sync(connected)
    assert outcome.state == "limited"
    assert outcome.error and outcome.error.startswith("Xero's daily limit reached; resuming at")
    with connected.services.db.session() as session:
        connection = session.exec(select(XeroConnection)).one()
        run = session.exec(select(SyncRun)).one()
        assert session.exec(select(SyncLease)).first() is None  # the lease was given back
    assert connection.daily_limit_until and connection.daily_limit_until > dt.datetime.now(dt.UTC)
    assert run.status == "limited" and connection.last_sync_status == "limited"
    assert _count(connected, SpendTransaction) > 0  # contacts and bank transactions were kept
    reply = connected.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "daily limit" in reply["text"]


@both_databases
def test_only_one_sync_at_a_time(connected: Running) -> None:
    sync, cid = connected.services.sync, _cid(connected)
    results: list[SyncStarted | SyncBusy] = []
    barrier = threading.Barrier(6)

    def begin() -> None:
        barrier.wait()
        results.append(sync.begin(cid, trigger="manual", started_by=ADMIN))

    threads = [threading.Thread(target=begin) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    started = [r for r in results if isinstance(r, SyncStarted)]
    assert len(started) == 1 and len(results) == 6
    assert all(b.started_by == ADMIN for b in results if isinstance(b, SyncBusy))
    assert sync.execute(started[0]).state == "ok"
    assert isinstance(sync.run(cid, trigger="cli"), SyncProgress)  # free again


@both_databases
def test_an_expired_lease_is_taken_over(connected: Running) -> None:
    sync, cid = connected.services.sync, _cid(connected)
    crashed = sync.begin(cid, trigger="manual")
    assert isinstance(crashed, SyncStarted)
    with connected.services.db.session() as session:
        lease = session.get(SyncLease, cid)
        assert lease is not None
        lease.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.add(lease)
    assert isinstance(sync.run(cid, trigger="cli"), SyncProgress)
    with connected.services.db.session() as session:
        old = session.get(SyncRun, crashed.run_id)
    assert old is not None and old.status == "failed" and "Interrupted" in (old.error or "")


def test_slash_sync_acks_at_once_then_edits_one_message(connected: Running) -> None:
    connected.xero.faults.add("slow", path="/BankTransactions", delay=1.2, times=1)
    started = time.monotonic()
    reply = connected.driver.command("/rechargly", "sync", user_id=MEMBER, channel_id=CHANNEL).json()
    assert time.monotonic() - started < 2.5
    assert reply["response_type"] == "ephemeral" and "Syncing" in reply["text"]
    assert connected.slack.wait_for(lambda: any("Synced" in m.text for m in connected.slack.messages()), 20)
    messages = [m for m in connected.slack.messages() if m.channel == CHANNEL and "ync" in m.text]
    assert len(messages) == 1
    message = messages[0]
    assert message.edits, "the progress message was never edited"
    shown = json.dumps(message.blocks, ensure_ascii=False)
    assert "Contacts" in shown and "✓" in shown and "new" in shown
    assert "software charges found" in shown  # what the recharge engine (a sync listener) reported


def test_second_sync_is_told_and_then_told_again(connected: Running) -> None:
    connected.xero.faults.add("slow", path="/Contacts", delay=2.0, times=1)
    first = connected.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Syncing" in first["text"]
    second = connected.driver.command("/rechargly", "sync", user_id=MEMBER, channel_id="C2OTHER").json()
    assert "is running — I'll post here when it finishes" in second["text"]
    assert f"<@{ADMIN}>" in second["text"] and "<!date^" in second["text"]
    assert connected.slack.wait_for(
        lambda: any(m.channel == "C2OTHER" and "Synced" in m.text for m in connected.slack.messages()), 20
    )
    assert _count(connected, SyncRun) == 1


def test_status_shows_last_and_next_sync_and_the_scheduler_fires(connected: Running) -> None:
    services = connected.services
    scheduler = SyncScheduler(
        db=services.db,
        sync=services.sync,
        cron=services.settings.sync_cron,
        trigger_for=lambda _connection: IntervalTrigger(seconds=1),
        misfire_grace=dt.timedelta(seconds=30),
    )
    services.schedule = scheduler
    services.lists = Lists(db=services.db, catalog=services.catalog, schedule=scheduler, clock=services.clock)
    scheduler.start()
    try:
        assert connected.slack.wait_for(
            lambda: _count(connected, SyncRun, SyncRun.trigger == "nightly") >= 1, 15
        )
        assert scheduler.next_sync_at(_cid(connected)) is not None
        assert connected.slack.wait_for(lambda: _count(connected, SyncRun, SyncRun.status == "ok") >= 1, 15)
        shown = json.dumps(connected.driver.command("/rechargly", "status", user_id=ADMIN).json()["blocks"])
    finally:
        scheduler.shutdown()
    assert "not scheduled" not in shown and "(ok)" in shown
    assert _count(connected, JobRun) >= 1
    with services.db.session() as session:
        stored = session.connection().exec_driver_sql("SELECT id FROM apscheduler_jobs").all()
    assert [row[0] for row in stored] == [f"sync:{_cid(connected)}"]  # the job store outlives the process


def test_cron_schedule_is_nightly_in_the_organisations_timezone(connected: Running) -> None:
    services = connected.services
    scheduler = SyncScheduler(db=services.db, sync=services.sync, cron="0 2 * * *")
    scheduler.start()
    try:
        when = scheduler.next_sync_at(_cid(connected))
    finally:
        scheduler.shutdown()
    assert when is not None
    local = when.astimezone(dt.timezone(dt.timedelta(hours=13)))  # NZDT in November
    assert (local.hour, local.minute) == (2, 0)


def test_sync_errors_are_friendly(rechargly: Running) -> None:
    reply = rechargly.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "isn't connected to Xero" in reply["text"]

    connect(rechargly)
    reply = rechargly.driver.command("/rechargly", "sync Nonexistent Org", user_id=ADMIN).json()
    assert "can't tell which organisation" in reply["text"]
    assert TEAM


def test_daily_limit_stops_cleanly_and_status_says_until_when(connected: Running) -> None:
    connected.xero.calls_per_day = 3  # Xero's 5,000, nearly spent already
    connected.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)

    def limited() -> bool:
        with connected.services.db.session() as session:
            run = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()
        return run is not None and run.status == "limited"

    assert connected.slack.wait_for(limited, timeout=30)
    calls = len(connected.xero.calls)
    shown = connected.driver.command("/rechargly", "status", user_id=ADMIN, channel_id=CHANNEL).text
    assert "daily limit" in shown and "rolls over at 00:00 UTC" in shown
    connected.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    time.sleep(1)
    assert len(connected.xero.calls) == calls  # stopped: no call until Xero's day rolls over
