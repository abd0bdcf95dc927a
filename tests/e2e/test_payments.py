"""Payments on recharge invoices over HTTP: notices once, part payments, reversals, voids, money
received applied (or offered when ambiguous), and Xero webhooks."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from decimal import Decimal

import pytest
from harness import ADMIN, CHANNEL, MEMBER, Running, both_databases, make_settings, raise_recharge_invoice
from sqlmodel import select

from bot.settings import Settings
from sandbox.slack import SlackFake
from sandbox.slack.models import PostedMessage
from sandbox.xero import XeroSandbox
from services.models import ClientInvoice, InvoicePayment, ReceivedMoney, Recharge, XeroConnection
from services.payments.webhooks import sign

WEBHOOK_KEY = "test-webhook-key-0123456789abcdef"


@pytest.fixture
def settings(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Settings:
    """This module's Rechargly has a Xero webhook key."""
    return make_settings(database_url, xero, slack, xero_webhook_key=WEBHOOK_KEY)


def _tenant(rechargly: Running) -> str:
    return rechargly.xero.tenants[0].tenant_id


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)
    rechargly.delivered()


def _notices(rechargly: Running, marker: str) -> list[PostedMessage]:
    return [m for m in rechargly.slack.messages(CHANNEL) if marker in (m.text or "")]


def _invoice(rechargly: Running, invoice_id: int) -> ClientInvoice:
    with rechargly.services.db.session() as session:
        found = session.get(ClientInvoice, invoice_id)
        assert found is not None
        return found


def _xero_invoice(rechargly: Running, invoice: ClientInvoice) -> dict[str, object]:
    return rechargly.xero.store[_tenant(rechargly)].invoices[(invoice.xero_invoice_id or "").lower()]


@both_databases
def test_paid_in_xero_is_announced_once(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    connected.xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id)
    _sync(connected)

    [notice] = _notices(connected, "💰")
    client = _invoice(connected, invoice.id)
    assert client.xero_status == "PAID" and client.amount_due == Decimal("0.00")
    assert notice.text == (
        f"💰 {_client_name(connected, invoice)} paid {invoice.invoice_number} (${invoice.total:,.2f}) — "
        "Adobe subscription Nov 2026 recharge reconciled."
    )
    _sync(connected)  # nothing new: nothing more said
    assert len(_notices(connected, "💰")) == 1


def _client_name(rechargly: Running, invoice: ClientInvoice) -> str:
    data = rechargly.xero.store[_tenant(rechargly)]
    return str(data.contacts[invoice.client_contact_xero_id]["Name"]).replace("&", "&amp;")


def test_part_payment_then_its_removal(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    payment = connected.xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id, amount=Decimal("50.00"))
    _sync(connected)
    remaining = invoice.total - Decimal("50.00")
    [part] = _notices(connected, "💰")
    assert f"paid $50.00 of {invoice.invoice_number} — ${remaining:,.2f} remains" in (part.text or "")

    connected.xero.delete_payment(_tenant(connected), payment["PaymentID"])
    _sync(connected)
    [reversal] = _notices(connected, "removed in Xero")
    assert f"${invoice.total:,.2f} is owed again" in (reversal.text or "")
    _sync(connected)
    assert len(_notices(connected, "removed in Xero")) == 1 and len(_notices(connected, "💰")) == 1
    with connected.services.db.session() as session:
        row = session.exec(select(InvoicePayment)).one()
        assert row.status == "DELETED" and row.notified_at and row.reversal_notified_at


def test_voided_invoice_is_said_once_and_flags_its_recharges(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    connected.xero.void_invoice(_tenant(connected), invoice.xero_invoice_id)
    _sync(connected)
    _sync(connected)
    [voided] = _notices(connected, "voided in Xero")
    assert invoice.invoice_number in (voided.text or "") and "flagged for review" in (voided.text or "")
    with connected.services.db.session() as session:
        assert all(
            r.needs_review for r in session.exec(select(Recharge).where(Recharge.invoice_id == invoice.id))
        )


def _receive(rechargly: Running, invoice: ClientInvoice, amount: Decimal, reference: str) -> str:
    record = rechargly.xero.add_bank_transaction(
        _tenant(rechargly),
        type="RECEIVE",
        contact_id=invoice.client_contact_xero_id,
        date=dt.date(2026, 11, 20),
        reference=reference,
        lines=[{"Description": "Payment", "Quantity": "1", "UnitAmount": f"{amount:f}",
                "AccountCode": "200", "TaxType": "NONE"}],
    )  # fmt: skip
    return str(record["BankTransactionID"])


def _payment_puts(rechargly: Running) -> list[str]:
    return [
        c.headers.get("idempotency-key", "")
        for c in rechargly.xero.calls_to("/api.xro/2.0/Payments")
        if c.method in ("PUT", "POST")
    ]


@both_databases
def test_money_received_pays_the_invoice_once_and_retries_safely(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    _receive(connected, invoice, invoice.total, f"Thanks {invoice.invoice_number}")
    _sync(connected)

    sandbox_invoice = _xero_invoice(connected, invoice)
    assert sandbox_invoice["Status"] == "PAID"
    keys = _payment_puts(connected)
    assert len(keys) == 1 and keys[0].startswith("rechargly-pay-")
    [notice] = _notices(connected, "💰")
    assert "reconciled" in (notice.text or "") and "Matched to money received" in json.dumps(notice.blocks)
    with connected.services.db.session() as session:
        received = session.exec(
            select(ReceivedMoney).where(ReceivedMoney.applied_invoice_id == invoice.id)
        ).one()
        payment = session.exec(select(InvoicePayment)).one()
        assert payment.applied_by_us and received.applied_payment_xero_id == payment.xero_payment_id

    # A crash after Xero made the payment but before we saved it: the retry reuses the key.
    with connected.services.db.session() as session:
        received = session.exec(
            select(ReceivedMoney).where(ReceivedMoney.applied_invoice_id == invoice.id)
        ).one()
        received.applied_payment_xero_id = None
        session.add(received)
    connected.services.reconciler.reconcile(received.connection_id)
    assert _payment_puts(connected) == keys * 2
    payments = connected.xero.store[_tenant(connected)].payments.values()
    assert len([p for p in payments if p["Invoice"]["InvoiceID"] == sandbox_invoice["InvoiceID"]]) == 1
    _sync(connected)
    assert len(_notices(connected, "💰")) == 1


def test_an_overpayment_received_is_never_applied_as_a_payment(connected: Running) -> None:
    """The sync also reads RECEIVE-OVERPAYMENT (a vendor's refund may come as one); a client's
    overpayment is Xero's own credit, so it never pays an invoice a second time."""
    invoice = raise_recharge_invoice(connected)
    connected.xero.add_bank_transaction(
        _tenant(connected),
        type="RECEIVE-OVERPAYMENT",
        contact_id=invoice.client_contact_xero_id,
        date=dt.date(2026, 11, 20),
        reference=f"Thanks {invoice.invoice_number}",
        lines=[{"Description": "Overpayment", "Quantity": "1", "UnitAmount": f"{invoice.total:f}",
                "AccountCode": "200", "TaxType": "NONE"}],
    )  # fmt: skip
    _sync(connected)
    assert _payment_puts(connected) == []
    with connected.services.db.session() as session:
        received = session.exec(select(ReceivedMoney)).one()
    assert received.type == "RECEIVE-OVERPAYMENT" and received.applied_invoice_id is None


def test_ambiguous_money_received_is_offered_not_applied(connected: Running) -> None:
    first = raise_recharge_invoice(connected, on=dt.date(2026, 11, 10))
    second = raise_recharge_invoice(connected, on=dt.date(2026, 11, 18))
    assert first.total == second.total and first.client_contact_xero_id == second.client_contact_xero_id
    _receive(connected, first, first.total, "subscriptions")
    _sync(connected)

    assert _payment_puts(connected) == []
    [choice] = _notices(connected, "matches several open recharge invoices")
    labels = [b["text"]["text"] for _, b in choice.buttons()]
    assert labels == [f"Apply to {first.invoice_number}", f"Apply to {second.invoice_number}"]
    _sync(connected)
    assert len(_notices(connected, "matches several")) == 1  # offered once

    connected.driver.click_button(choice, "apply_payment", user_id=MEMBER)
    assert connected.slack.wait_for(lambda: any("Only" in json.dumps(r) for r in connected.slack.responses))
    assert _payment_puts(connected) == []

    connected.driver.click_button(choice, "apply_payment", user_id=ADMIN)
    assert connected.slack.wait_for(lambda: len(_payment_puts(connected)) == 1, timeout=10)
    assert connected.slack.wait_for(lambda: len(_notices(connected, "💰")) == 1, timeout=10)
    assert _xero_invoice(connected, first)["Status"] == "PAID"
    assert _xero_invoice(connected, second)["Status"] == "AUTHORISED"
    assert connected.slack.wait_for(
        lambda: any(f"Applied to {first.invoice_number}" in json.dumps(r) for r in connected.slack.responses)
    )


def _post_webhook(rechargly: Running, body: bytes, signature: str) -> int:
    request = urllib.request.Request(
        f"{rechargly.url}/xero/webhooks",
        data=body,
        headers={"x-xero-signature": signature, "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _event_body(rechargly: Running, invoice: ClientInvoice) -> bytes:
    event = {
        "resourceUrl": f"https://api.xero.com/api.xro/2.0/Invoices/{invoice.xero_invoice_id}",
        "resourceId": invoice.xero_invoice_id,
        "eventDateUtc": "2026-11-20T01:02:03.456",
        "eventType": "UPDATE",
        "eventCategory": "INVOICE",
        "tenantId": _tenant(rechargly),
        "tenantType": "ORGANISATION",
    }
    return json.dumps(
        {"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "ABCDEFGHIJ"}
    ).encode()


def test_webhook_signature_checked_and_a_signed_event_fetches_at_once(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    connected.xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id)
    connected.xero.reset_calls()
    body = _event_body(connected, invoice)

    forged = _post_webhook(connected, body, sign(key="not-the-key", body=body))
    assert forged == 401
    time.sleep(0.3)
    assert connected.xero.calls == [] and _notices(connected, "💰") == []
    assert _invoice(connected, invoice.id).xero_status == "AUTHORISED"

    empty = b'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"X"}'
    assert _post_webhook(connected, empty, sign(key=WEBHOOK_KEY, body=empty)) == 200  # intent to receive
    assert _post_webhook(connected, empty, sign(key="wrong", body=empty)) == 401

    started = time.monotonic()
    assert _post_webhook(connected, body, sign(key=WEBHOOK_KEY, body=body)) == 200
    assert time.monotonic() - started < 5
    assert connected.slack.wait_for(lambda: len(_notices(connected, "💰")) == 1, timeout=10)
    assert _invoice(connected, invoice.id).xero_status == "PAID"
    paths = [c.path.lower() for c in connected.xero.calls]
    assert any(p.startswith("/api.xro/2.0/invoices") for p in paths)
    assert any(p.startswith("/api.xro/2.0/payments") for p in paths)
    assert not any("banktransactions" in p or "contacts" in p for p in paths)  # targeted, not a sync


def _signed_post(rechargly: Running, events: list[dict[str, object]]) -> tuple[int, float]:
    body = json.dumps({"events": events, "firstEventSequence": 1, "lastEventSequence": len(events),
                       "entropy": "FLOODFLOOD"}).encode()  # fmt: skip
    started = time.monotonic()
    status = _post_webhook(rechargly, body, sign(key=WEBHOOK_KEY, body=body))
    return status, time.monotonic() - started


def _xero_calls_settled(rechargly: Running, quiet: float = 3.0) -> int:
    """How many accounting calls Xero saw, once none came for `quiet` seconds."""
    seen = -1
    while seen != len(rechargly.xero.calls):
        seen = len(rechargly.xero.calls)
        time.sleep(quiet)
    return len(rechargly.xero.calls_to("/api.xro/2.0"))


def test_a_replayed_webhook_is_merged_and_fetched_once(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    connected.xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id)
    connected.xero.reset_calls()
    [event] = json.loads(_event_body(connected, invoice))["events"]
    answers = [_signed_post(connected, [event]) for _ in range(200)]
    assert {status for status, _ in answers} == {200} and max(took for _, took in answers) < 5
    assert connected.slack.wait_for(lambda: len(_notices(connected, "💰")) == 1, timeout=10)
    # One invoice GET and one payments GET; money received reconciled once, no repeats.
    assert _xero_calls_settled(connected) <= 3, [c.path for c in connected.xero.calls]
    assert len(_notices(connected, "💰")) == 1


def test_a_flood_of_events_costs_calls_per_distinct_invoice(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    connected.xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id)
    connected.xero.reset_calls()
    [ours] = json.loads(_event_body(connected, invoice))["events"]
    # Ten deliveries of 100 events: 99 about invoices that aren't ours, 1 about ours (a new event date each).
    deliveries = [
        [{**ours, "resourceId": f"00000000-0000-0000-{d:04d}-{n:012d}"} for n in range(99)]
        + [{**ours, "eventDateUtc": f"2026-11-20T01:02:{d:02d}.000"}]
        for d in range(10)
    ]
    answers = [_signed_post(connected, events) for events in deliveries]
    assert {status for status, _ in answers} == {200} and max(took for _, took in answers) < 5
    assert connected.slack.wait_for(lambda: len(_notices(connected, "💰")) == 1, timeout=10)
    assert _xero_calls_settled(connected) <= 3, [c.path for c in connected.xero.calls]
