"""Invoice History, Email, OnlineInvoice, credit notes and Allocations through the real SDK; every
body the sandbox answers is checked against Xero's OpenAPI spec (SpecCheckingApiClient)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import (
    Allocation,
    Allocations,
    Contact,
    CreditNote,
    CreditNotes,
    HistoryRecord,
    HistoryRecords,
    Invoice,
    Invoices,
    LineItem,
    RequestEmpty,
)
from xero_python.exceptions import AccountingBadRequestException

if TYPE_CHECKING:
    from conftest import Xero


def _line(amount: str = "100.00") -> LineItem:
    return LineItem(
        description="Adobe Acrobat Pro, Nov 2026",
        quantity=Decimal(1),
        unit_amount=Decimal(amount),
        account_code="200",
        tax_type="OUTPUT2",
    )


def _client(xero: Xero, *, with_email: bool) -> str:
    data = xero.sb.store[xero.tenant_id]
    for contact in data.contacts.values():
        if contact["IsCustomer"] and bool(contact.get("EmailAddress")) == with_email:
            return str(contact["ContactID"])
    contact = next(c for c in data.contacts.values() if c["IsCustomer"])
    if with_email:
        contact["EmailAddress"] = "accounts@example.com"
    else:
        contact.pop("EmailAddress", None)
    return str(contact["ContactID"])


def _invoice(xero: Xero, contact_id: str, status: str = "AUTHORISED") -> str:
    invoice = Invoice(
        type="ACCREC",
        contact=Contact(contact_id=contact_id),
        line_items=[_line()],
        date=dt.date(2025, 6, 10),
        due_date=dt.date(2025, 6, 30),
        status=status,
    )
    made = xero.accounting.create_invoices(xero.tenant_id, Invoices(invoices=[invoice]))
    return str(made.invoices[0].invoice_id)


def test_history_note_is_kept_and_listed(xero: Xero) -> None:
    invoice_id = _invoice(xero, _client(xero, with_email=True))
    note = HistoryRecords(history_records=[HistoryRecord(details="Raised by Rechargly; approved by Ana")])
    made = xero.accounting.create_invoice_history(xero.tenant_id, invoice_id, note, idempotency_key="h-1")
    again = xero.accounting.create_invoice_history(xero.tenant_id, invoice_id, note, idempotency_key="h-1")
    assert made.history_records[0].details == again.history_records[0].details
    listed = xero.accounting.get_invoice_history(xero.tenant_id, invoice_id).history_records
    assert [h.details for h in listed] == ["Raised by Rechargly; approved by Ana"]


def test_empty_history_note_is_refused(xero: Xero) -> None:
    invoice_id = _invoice(xero, _client(xero, with_email=True))
    with pytest.raises(AccountingBadRequestException):
        xero.accounting.create_invoice_history(
            xero.tenant_id, invoice_id, HistoryRecords(history_records=[HistoryRecord(details=" ")])
        )


def test_email_goes_to_the_contact_and_marks_the_invoice_sent(xero: Xero) -> None:
    invoice_id = _invoice(xero, _client(xero, with_email=True))
    xero.accounting.email_invoice(xero.tenant_id, invoice_id, RequestEmpty())
    data = xero.sb.store[xero.tenant_id]
    assert [i for i, _to in data.emails] == [invoice_id]
    assert xero.accounting.get_invoice(xero.tenant_id, invoice_id).invoices[0].sent_to_contact is True


def test_email_refused_without_an_address_or_for_a_draft(xero: Xero) -> None:
    no_email = _invoice(xero, _client(xero, with_email=False))
    draft = _invoice(xero, _client(xero, with_email=True), status="DRAFT")
    for invoice_id in (no_email, draft):
        with pytest.raises(AccountingBadRequestException):
            xero.accounting.email_invoice(xero.tenant_id, invoice_id, RequestEmpty())
    assert not xero.sb.store[xero.tenant_id].emails


def test_online_invoice_url_for_approved_invoices_only(xero: Xero) -> None:
    contact = _client(xero, with_email=True)
    approved = _invoice(xero, contact)
    url = xero.accounting.get_online_invoice(xero.tenant_id, approved).online_invoices[0].online_invoice_url
    assert url.endswith(f"/online/invoice/{approved}")
    with pytest.raises(AccountingBadRequestException):
        xero.accounting.get_online_invoice(xero.tenant_id, _invoice(xero, contact, status="DRAFT"))


def test_void_an_unpaid_invoice(xero: Xero) -> None:
    invoice_id = _invoice(xero, _client(xero, with_email=True))
    voided = xero.accounting.update_invoice(
        xero.tenant_id, invoice_id, Invoices(invoices=[Invoice(status="VOIDED")])
    )
    assert voided.invoices[0].status == "VOIDED"


def test_credit_note_allocated_to_an_invoice_reduces_what_is_due(xero: Xero) -> None:
    contact = _client(xero, with_email=True)
    invoice_id = _invoice(xero, contact)
    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact),
        line_items=[_line("40.00")],
        date=dt.date(2025, 6, 12),
        status="AUTHORISED",
        reference="Credit for INV",
    )
    made = xero.accounting.create_credit_notes(xero.tenant_id, CreditNotes(credit_notes=[note]))
    credit = made.credit_notes[0]
    assert credit.total == 46.0 and credit.remaining_credit == 46.0
    allocation = Allocation(invoice=Invoice(invoice_id=invoice_id), amount=46.0, date=dt.date(2025, 6, 12))
    xero.accounting.create_credit_note_allocation(
        xero.tenant_id, credit.credit_note_id, Allocations(allocations=[allocation])
    )
    invoice = xero.accounting.get_invoice(xero.tenant_id, invoice_id).invoices[0]
    assert invoice.amount_credited == 46.0 and invoice.amount_due == 69.0
    assert (
        xero.accounting.get_credit_note(xero.tenant_id, credit.credit_note_id).credit_notes[0].status
        == "PAID"
    )
    with pytest.raises(AccountingBadRequestException):  # a credited invoice can't be voided
        xero.accounting.update_invoice(
            xero.tenant_id, invoice_id, Invoices(invoices=[Invoice(status="VOIDED")])
        )


def test_allocation_larger_than_the_credit_is_refused(xero: Xero) -> None:
    contact = _client(xero, with_email=True)
    invoice_id = _invoice(xero, contact)
    note = CreditNote(
        type="ACCRECCREDIT",
        contact=Contact(contact_id=contact),
        line_items=[_line("10.00")],
        status="AUTHORISED",
    )
    credit = xero.accounting.create_credit_notes(
        xero.tenant_id, CreditNotes(credit_notes=[note])
    ).credit_notes[0]
    allocation = Allocation(invoice=Invoice(invoice_id=invoice_id), amount=50.0, date=dt.date(2025, 6, 12))
    with pytest.raises(AccountingBadRequestException):
        xero.accounting.create_credit_note_allocation(
            xero.tenant_id, credit.credit_note_id, Allocations(allocations=[allocation])
        )


def test_linked_transactions_list_billable_expenses(xero: Xero) -> None:
    data = xero.sb.store[xero.tenant_id]
    spend = next(t for t in data.bank_transactions.values() if t["Type"] == "SPEND")
    client = _client(xero, with_email=True)
    xero.sb.link_billable_expense(
        xero.tenant_id, spend["BankTransactionID"], spend["LineItems"][0]["LineItemID"], client
    )
    [link] = xero.accounting.get_linked_transactions(xero.tenant_id).linked_transactions
    assert str(link.source_transaction_id) == spend["BankTransactionID"].lower()
    assert link.status == "APPROVED" and link.type == "BILLABLEEXPENSE"


def test_supplier_credit_notes_list_with_their_allocation_to_the_bill(xero: Xero) -> None:
    """What a sync reads of vendors' refunds: ACCPAYCREDIT credit notes changed since a time, oldest
    change first, each with the bill it was allocated to."""
    data = xero.sb.store[xero.tenant_id]
    bill = next(i for i in data.invoices.values() if i["Type"] == "ACCPAY" and i["Status"] == "AUTHORISED")
    vendor = bill["Contact"]["ContactID"]
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    made = xero.sb.add_supplier_credit(
        xero.tenant_id,
        contact_id=vendor,
        date=dt.date(2025, 6, 14),
        number="VCN-77",
        lines=[{"Description": "Refund", "Quantity": "1", "UnitAmount": "11.50", "AccountCode": "463",
                "TaxType": "INPUT2"}],
        allocate_to=bill["InvoiceID"],
        amount=Decimal("10.00"),
    )  # fmt: skip
    sale = _invoice(xero, _client(xero, with_email=True))
    with pytest.raises(AccountingBadRequestException, match="supplier credit note a bill"):
        xero.accounting.create_credit_note_allocation(
            xero.tenant_id,
            made["CreditNoteID"],
            Allocations(allocations=[Allocation(invoice=Invoice(invoice_id=sale), amount=1.0,
                                                date=dt.date(2025, 6, 14))]),
        )  # fmt: skip
    listed = xero.accounting.get_credit_notes(
        xero.tenant_id, if_modified_since=before, where='Type=="ACCPAYCREDIT"', order="UpdatedDateUTC ASC"
    ).credit_notes
    [note] = listed
    assert note.type == "ACCPAYCREDIT" and note.credit_note_number == "VCN-77" and note.total == 11.5
    assert str(note.allocations[0].invoice.invoice_id) == bill["InvoiceID"]
    assert note.allocations[0].amount == 10.0 and note.remaining_credit == 1.5
    assert data.invoices[bill["InvoiceID"]]["AmountCredited"] == Decimal("10.00")
