"""The daily digest over HTTP: a large firm within Block Kit limits with the database's numbers,
/rechargly digest, skipping a quiet day, and the scheduler posting at the configured time."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from apscheduler.triggers.date import DateTrigger
from harness import ADMIN, CHANNEL, Running
from sqlmodel import select

from bot.scheduler import SyncScheduler
from sandbox.slack.models import PostedMessage
from services.models import (
    ClientInvoice,
    Contact,
    InvoicePayment,
    InvoiceState,
    JobRun,
    Recharge,
    RechargeStatus,
    XeroConnection,
)

CLIENTS = 2000


def _connection_id(rechargly: Running) -> int:
    with rechargly.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _seed_large_firm(rechargly: Running) -> None:
    """2,000 clients, each with a proposal waiting, an overdue invoice and a payment received today."""
    cid = _connection_id(rechargly)
    now = dt.datetime.now(dt.UTC)
    with rechargly.services.db.session() as session:
        for n in range(CLIENTS):
            xero_id = f"client-{n:05d}"
            session.add(Contact(connection_id=cid, xero_id=xero_id, name=f"Client {n:05d} & Sons Ltd"))
            session.add(
                Recharge(
                    connection_id=cid,
                    dedupe_key=f"seed:{n}",
                    client_contact_xero_id=xero_id,
                    vendor_name="Xero",
                    charge_date=dt.date(2026, 11, 1),
                    source_currency="NZD",
                    amount=Decimal("55.00") + n,
                    status=RechargeStatus.PROPOSED,
                )
            )
            invoice = ClientInvoice(
                connection_id=cid,
                client_contact_xero_id=xero_id,
                idempotency_key=f"seed-{n}",
                state=InvoiceState.DONE,
                xero_invoice_id=f"00000000-0000-0000-0000-{n:012d}",
                invoice_number=f"INV-{n:05d}",
                xero_status="AUTHORISED",
                currency_code="NZD",
                total=Decimal("100.00"),
                amount_due=Decimal("60.00"),
                amount_paid=Decimal("40.00"),
                due_date=dt.date(2026, 1, 1) + dt.timedelta(days=n % 200),
            )
            session.add(invoice)
            session.flush()
            session.add(
                InvoicePayment(
                    invoice_id=invoice.id or 0,
                    xero_payment_id=f"pay-{n}",
                    date=dt.date(2026, 11, 19),
                    amount=Decimal("40.00"),
                    notified_at=now - dt.timedelta(hours=1),
                )
            )


def _digests(rechargly: Running) -> list[PostedMessage]:
    return [m for m in rechargly.slack.messages(CHANNEL) if (m.text or "").startswith("Daily digest")]


def _within_limits(message: PostedMessage) -> None:
    assert len(message.blocks) <= 50
    for block in message.blocks:
        assert len(json.dumps(block.get("text", {}).get("text", ""))) <= 3000 + 2


def test_large_firm_digest_fits_and_counts_match_the_database(connected: Running) -> None:
    _seed_large_firm(connected)
    reply = connected.driver.command("/rechargly", "digest", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Posting the digest" in json.dumps(reply)  # at once; the digest is built and posted after
    assert connected.slack.wait_for(
        lambda: f"<#{CHANNEL}>" in json.dumps(connected.slack.responses), timeout=30
    )

    [digest] = _digests(connected)
    _within_limits(digest)
    shown = json.dumps(digest.blocks)
    with connected.services.db.session() as session:
        waiting = session.exec(select(Recharge).where(Recharge.status == RechargeStatus.PROPOSED)).all()
        invoices = session.exec(select(ClientInvoice)).all()
        payments = session.exec(select(InvoicePayment).where(InvoicePayment.status == "AUTHORISED")).all()
    overdue = [i for i in invoices if i.amount_due > 0 and i.due_date and i.due_date < dt.date.today()]
    assert (
        f"Waiting for approval: {len(waiting):,} recharge(s), ${sum(r.amount for r in waiting):,.2f}" in shown
    )
    assert (
        f"Overdue recharge invoices: {len(overdue):,} (${sum(i.amount_due for i in overdue):,.2f})" in shown
    )
    assert f"Payments received: *{len(payments):,}* (${sum(p.amount for p in payments):,.2f})" in shown
    assert f"Recharges proposed: *{len(waiting):,}*" in shown
    assert f"and {CLIENTS - 5:,} more clients" in shown and f"and {len(overdue) - 5:,} more invoices" in shown
    assert any(b.get("action_id") == "open_pending" for _, b in digest.buttons())

    connected.driver.click_button(digest, "open_pending", user_id=ADMIN)
    assert connected.slack.wait_for(
        lambda: any("Waiting for approval" in json.dumps(r) for r in connected.slack.responses)
    )


def test_quiet_day_is_skipped_when_scheduled(connected: Running) -> None:
    outcome = connected.services.digest.run_scheduled(
        _connection_id(connected), job_key="digest:quiet", claimed_by="test"
    )
    assert outcome is not None and not outcome.posted and outcome.digest.empty
    assert _digests(connected) == []
    again = connected.services.digest.run_scheduled(
        _connection_id(connected), job_key="digest:quiet", claimed_by="test"
    )
    assert again is None  # that scheduled time was claimed already


def test_scheduler_posts_the_digest_at_its_time(connected: Running) -> None:
    services = connected.services
    services.sync.run(_connection_id(connected), trigger="cli", started_by=ADMIN)  # something to say
    fire_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    scheduler = SyncScheduler(
        db=services.db,
        sync=services.sync,
        cron="0 2 * * *",
        digest=services.digest,
        digest_trigger_for=lambda _connection: DateTrigger(run_date=fire_at),
    )
    scheduler.start()
    try:
        assert connected.slack.wait_for(lambda: len(_digests(connected)) == 1, timeout=15)
    finally:
        scheduler.shutdown()
    with services.db.session() as session:
        keys = [j.job_key for j in session.exec(select(JobRun))]
    [claimed] = [k for k in keys if k.startswith("digest:")]  # claimed once, for this organisation
    assert claimed.startswith(f"digest:{_connection_id(connected)}:{fire_at:%Y-%m-%d}")
