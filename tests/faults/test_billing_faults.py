"""Xero misbehaving on the calls billing added — the History note, the email, the online invoice link,
voiding, the credit note and its allocation: 429 storms, 500s, hangs (before and after Xero did the
work) and dropped connections. Each still happens exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from fault_table import tried
from harness import ADMIN, SIGNING_SECRET, TEAM, Running, connect, make_settings, raise_recharge_invoice
from sqlmodel import select

from bot.server import start_local
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import (
    ClientInvoice,
    InvoiceState,
    Recharge,
    RechargeStatus,
    SpendLine,
    SpendTransaction,
    XeroConnection,
)

FAULTS = [
    ("429 storm", "429", {"times": 4}),
    ("500s", "500", {"times": 2}),
    ("timeout (answer after 3 s)", "slow", {"times": 1, "delay": 3}),
    ("answer lost after Xero did it", "hang_after", {"times": 1, "delay": 3}),
    ("dropped connections", "drop", {"times": 2}),
]
SHORT = [f for f in FAULTS if f[1] in ("429", "500", "hang_after")]


@pytest.fixture
def emailing(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Iterator[Running]:
    """Rechargly with SEND_INVOICES=email, giving up on one Xero answer after 1 s (then retrying)."""
    settings = make_settings(database_url, xero, slack, xero_timeout_seconds=1, send_invoices="email")
    services, server = start_local(settings)
    running = Running(
        services=services,
        server=server,
        slack=slack,
        xero=xero,
        driver=SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM),
    )
    data = xero.store[xero.tenants[0].tenant_id]
    for contact in data.contacts.values():
        if contact.get("IsCustomer"):
            contact["EmailAddress"] = "accounts@client.example"
    assert connect(running)[0] == 200
    yield running
    server.stop()
    services.close()


def _data(running: Running) -> Any:
    return running.xero.store[running.xero.tenants[0].tenant_id]


@pytest.mark.parametrize(("label", "kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize("where", ["PUT /History", "POST /Email", "GET /OnlineInvoice"])
def test_note_email_and_link_survive_xero_faults(
    emailing: Running, label: str, kind: str, options: dict[str, Any], where: str
) -> None:
    method, path = where.split(" ")
    emailing.xero.faults.add(kind, method=method, path=path, **options)
    invoice = raise_recharge_invoice(emailing)
    assert invoice.state == InvoiceState.DONE, invoice.error
    data = _data(emailing)
    assert len(data.history[invoice.xero_invoice_id]) == 1
    assert [i for i, _to in data.emails] == [invoice.xero_invoice_id]
    assert invoice.email_state == "sent" and invoice.online_url
    tried(label, f"invoice: {where}", "one note, one email, link saved")


@pytest.mark.parametrize(("label", "kind", "options"), SHORT, ids=[f[0] for f in SHORT])
def test_void_survives_xero_faults(emailing: Running, label: str, kind: str, options: dict[str, Any]) -> None:
    invoice = raise_recharge_invoice(emailing)
    emailing.xero.faults.add(kind, method="POST", path=f"/Invoices/{invoice.xero_invoice_id}", **options)
    emailing.services.undo.void(team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, then="pending")
    assert _data(emailing).invoices[invoice.xero_invoice_id]["Status"] == "VOIDED"
    with emailing.services.db.session() as session:
        saved = session.get(ClientInvoice, invoice.id)
        recharges = session.exec(select(Recharge)).all()
    assert saved is not None and saved.undone == "voided"
    assert {r.status for r in recharges if r.invoice_id is None} >= {RechargeStatus.PROPOSED}
    tried(label, "void: POST /Invoices/{id}", "voided once, charges pending again")


@pytest.mark.parametrize(("label", "kind", "options"), SHORT, ids=[f[0] for f in SHORT])
@pytest.mark.parametrize("where", ["PUT /CreditNotes", "PUT /Allocations"])
def test_credit_note_survives_xero_faults(
    emailing: Running, label: str, kind: str, options: dict[str, Any], where: str
) -> None:
    invoice = raise_recharge_invoice(emailing)
    emailing.xero.pay_invoice(emailing.xero.tenants[0].tenant_id, invoice.xero_invoice_id, Decimal("10.00"))
    with emailing.services.db.session() as session:
        line = session.exec(select(Recharge.id).where(Recharge.invoice_id == invoice.id)).first()
    method, path = where.split(" ")
    emailing.xero.faults.add(kind, method=method, path=path, **options)
    emailing.services.undo.credit(
        team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, recharge_ids=[line or 0]
    )
    data = _data(emailing)
    [note] = data.credit_notes.values()
    assert len(note["Allocations"]) == 1
    credited = data.invoices[invoice.xero_invoice_id]["AmountCredited"]
    assert credited == note["Total"] - note["RemainingCredit"] == Decimal("116.50")  # all that was still due
    tried(label, f"credit: {where}", "one credit note, allocated once")


@pytest.mark.parametrize(("label", "kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
def test_billable_expense_guard_survives_xero_faults(
    database_url: str, xero: XeroSandbox, slack: SlackFake, label: str, kind: str, options: dict[str, Any]
) -> None:
    from harness import propose_adobe_charge

    from bot.settings import GRANULAR_XERO_SCOPES

    scopes = (*GRANULAR_XERO_SCOPES, "accounting.transactions.read")
    settings = make_settings(database_url, xero, slack, xero_timeout_seconds=1, xero_scopes=scopes)
    services, server = start_local(settings)
    running = Running(
        services, server, slack, xero, SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    )
    try:
        assert connect(running)[0] == 200
        message_id = propose_adobe_charge(services, xero)
        with services.db.session() as session:
            recharge = session.exec(select(Recharge).where(Recharge.proposal_message_id == message_id)).one()
            line = session.get(SpendLine, recharge.spend_line_id)
            spend = session.get(SpendTransaction, line.spend_transaction_id if line else 0)
        assert line is not None and spend is not None
        xero.link_billable_expense(
            xero.tenants[0].tenant_id, spend.xero_id, line.line_key, recharge.client_contact_xero_id
        )
        xero.faults.add(kind, method="GET", path="/LinkedTransactions", **options)
        services.sync.run(spend.connection_id, trigger="cli")
        with services.db.session() as session:
            again = session.get(Recharge, recharge.id)
        assert again is not None and again.status == RechargeStatus.WITHDRAWN
        tried(label, "sync: GET /LinkedTransactions", "billed-in-Xero charge withdrawn")
    finally:
        server.stop()
        services.close()


@pytest.mark.parametrize(("label", "kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
def test_suggested_rules_survive_xero_faults(
    rechargly: Running, label: str, kind: str, options: dict[str, Any]
) -> None:
    from harness import recharged_xero_last_year

    recharged_xero_last_year(rechargly.xero)
    assert connect(rechargly)[0] == 200
    rechargly.xero.faults.add(kind, method="GET", path="/Invoices", after=1, **options)
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli")
    offers = [m for m in rechargly.slack.messages() if "last year" in (m.text or "")]
    assert len(offers) == 1 and "10% markup" in str(offers[0].blocks)
    tried(label, "first sync: GET /Invoices (sales history)", "rules suggested once")


@pytest.mark.parametrize(("label", "kind", "options"), SHORT, ids=[f[0] for f in SHORT])
@pytest.mark.parametrize("where", ["PUT /CreditNotes", "PUT /Allocations"])
def test_vendor_refund_credit_survives_xero_faults(
    emailing: Running, label: str, kind: str, options: dict[str, Any], where: str
) -> None:
    """A vendor refunds a charge already invoiced: the client's credit note is made and allocated
    once, whatever Xero does to those two calls (the sync runs twice)."""
    invoice = raise_recharge_invoice(emailing)
    tenant = emailing.xero.tenants[0].tenant_id
    adobe = next(c["ContactID"] for c in _data(emailing).contacts.values() if c["Name"] == "Adobe")
    emailing.xero.add_bank_transaction(
        tenant,
        type="RECEIVE",
        contact_id=adobe,
        date=invoice.created_at.date(),
        lines=[{"Description": "Refund - Adobe Acrobat Pro", "Quantity": "1", "UnitAmount": "115.00",
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    method, path = where.split(" ")
    emailing.xero.faults.add(kind, method=method, path=path, **options)
    with emailing.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    emailing.services.sync.run(cid, trigger="cli")
    emailing.services.sync.run(cid, trigger="cli")
    data = _data(emailing)
    [note] = [n for n in data.credit_notes.values() if n["Type"] == "ACCRECCREDIT"]
    assert len(note["Allocations"]) == 1 and note["Total"] == invoice.total
    assert data.invoices[invoice.xero_invoice_id]["AmountCredited"] == invoice.total
    tried(label, f"vendor refund credit: {where}", "one credit note, allocated once")
