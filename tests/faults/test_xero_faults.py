"""Xero misbehaving while we invoice and sync: 429 storms, 500s, timeouts, dropped connections.

Whatever happens, the database and the sandbox agree afterwards and no invoice is duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fault_table import tried
from harness import SIGNING_SECRET, TEAM, Running, connect, make_settings, raise_recharge_invoice
from sqlmodel import select

from bot.server import start_local
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import ClientInvoice, InvoiceState, SpendTransaction, XeroConnection


@pytest.fixture
def impatient(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Iterator[Running]:
    """Rechargly that gives up on one Xero answer after 1 second (then retries), connected."""
    services, server = start_local(make_settings(database_url, xero, slack, xero_timeout_seconds=1))
    running = Running(
        services=services,
        server=server,
        slack=slack,
        xero=xero,
        driver=SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM),
    )
    assert connect(running)[0] == 200
    yield running
    server.stop()
    services.close()


def accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    data = xero.store[xero.tenants[0].tenant_id]
    return [i for i in data.invoices.values() if i["Type"] == "ACCREC"]


def attachments_of(xero: XeroSandbox, invoice_id: str) -> list[Any]:
    return xero.store[xero.tenants[0].tenant_id].list_attachments("invoices", invoice_id)


RECEIPT = ("Adobe-receipt.pdf", XeroSandbox.receipt_pdf(["Adobe Systems", "Acrobat Pro", "NZD 115.00"]))

FAULTS = [
    ("429 storm", "429", {"times": 4}),
    ("500s", "500", {"times": 2}),
    ("503", "503", {"times": 1}),
    ("dropped connections", "drop", {"times": 2}),
    ("timeout (answer after 3 s)", "slow", {"times": 1, "delay": 3}),
]


@pytest.mark.parametrize(("label", "kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
@pytest.mark.parametrize("where", ["PUT /Invoices", "PUT /Attachments"])
def test_invoice_survives_xero_faults(
    impatient: Running, label: str, kind: str, options: dict[str, Any], where: str
) -> None:
    method, path = where.split(" ")
    impatient.xero.faults.add(kind, method=method, path=path, **options)
    invoice = raise_recharge_invoice(impatient, receipt=RECEIPT)
    created = accrec(impatient.xero)
    assert invoice.state == InvoiceState.DONE, invoice.error
    assert len(created) == 1 and created[0]["InvoiceID"] == invoice.xero_invoice_id
    assert len(attachments_of(impatient.xero, created[0]["InvoiceID"])) == 1
    assert len(invoice.attachments_done) == 1
    tried(label, f"approve: {where}", "one invoice, receipt attached once")


@pytest.mark.parametrize(("label", "kind", "options"), FAULTS, ids=[f[0] for f in FAULTS])
def test_sync_survives_xero_faults(
    impatient: Running, label: str, kind: str, options: dict[str, Any]
) -> None:
    impatient.xero.faults.add(kind, method="GET", path="/BankTransactions", **options)
    with impatient.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    outcome = impatient.services.sync.run(cid, trigger="cli")
    data = impatient.xero.store[impatient.xero.tenants[0].tenant_id]
    with impatient.services.db.session() as session:
        stored = len(
            session.exec(select(SpendTransaction).where(SpendTransaction.source == "bank_transaction")).all()
        )
    spend = sum(1 for t in data.bank_transactions.values() if t["Type"] == "SPEND")
    assert stored == spend, outcome
    tried(label, "sync: GET /BankTransactions", "complete, no duplicates")


def test_daily_limit_mid_approval_fails_cleanly_and_retry_invoices_once(impatient: Running) -> None:
    impatient.xero.faults.add("daily_limit", method="PUT", path="/Invoices", times=1)
    invoice = raise_recharge_invoice(impatient)
    assert invoice.state in (InvoiceState.FAILED, InvoiceState.PENDING) and not accrec(impatient.xero)
    retried = impatient.services.approvals.retry(team_id=TEAM, user_id="U1ADMIN", invoice_id=invoice.id or 0)
    with impatient.services.db.session() as session:
        final = session.get(ClientInvoice, retried.invoice_id)
    assert final is not None and final.state == InvoiceState.DONE
    assert len(accrec(impatient.xero)) == 1
    tried("daily limit", "approve: PUT /Invoices", "refused clearly; Retry makes one invoice")
