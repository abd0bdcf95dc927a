"""Which open recharge invoice money received pays, and the webhook signature."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from services.models import ClientInvoice, ReceivedMoney
from services.payments.reconcile import matching_invoices, mentions
from services.payments.webhooks import sign, signature_valid


def _invoice(number: str, due: str, client: str = "acme", status: str = "AUTHORISED") -> ClientInvoice:
    return ClientInvoice(
        id=int(number[-4:]),
        connection_id=1,
        client_contact_xero_id=client,
        idempotency_key=number,
        xero_invoice_id=f"id-{number}",
        invoice_number=number,
        xero_status=status,
        currency_code="NZD",
        amount_due=Decimal(due),
    )


def _received(total: str, reference: str = "", client: str = "acme") -> ReceivedMoney:
    return ReceivedMoney(
        connection_id=1,
        xero_id="r",
        contact_xero_id=client,
        date=dt.date(2026, 11, 20),
        reference=reference,
        currency_code="NZD",
        total=Decimal(total),
        status="AUTHORISED",
    )


def test_matches_by_client_currency_and_exact_amount_due() -> None:
    a, b = _invoice("INV-0042", "55.00"), _invoice("INV-0043", "60.00")
    other = _invoice("INV-0044", "55.00", client="other")
    paid = _invoice("INV-0045", "55.00", status="PAID")
    assert matching_invoices(_received("55.00"), [a, b, other, paid]) == [a]
    assert matching_invoices(_received("55.01"), [a, b]) == []


def test_a_reference_naming_an_invoice_narrows_or_vetoes() -> None:
    a, b = _invoice("INV-0042", "55.00"), _invoice("INV-0043", "55.00")
    assert matching_invoices(_received("55.00"), [a, b]) == [a, b]  # ambiguous: a person chooses
    assert matching_invoices(_received("55.00", "pmt inv-0043 thanks"), [a, b]) == [b]
    c = _invoice("INV-0050", "70.00")
    assert matching_invoices(_received("55.00", "INV-0050"), [a, b, c]) == []  # names another invoice
    assert not mentions("INV-00421", "INV-0042") and mentions("(INV-0042)", "INV-0042")


def test_webhook_signature() -> None:
    body = b'{"events":[]}'
    good = sign(key="k", body=body)
    assert signature_valid(key="k", body=body, signature=good)
    assert not signature_valid(key="k", body=body + b" ", signature=good)
    assert not signature_valid(key="other", body=body, signature=good)
