"""Accounting API through the real xero-python SDK; every body is checked against the spec."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from xero_python.accounting import Account as XeroAccount
from xero_python.accounting import Contact, Invoice, Invoices, LineItem, Payment
from xero_python.accounting import Invoice as InvoiceRef
from xero_python.exceptions import AccountingBadRequestException, NotFoundException

from sandbox.xero import XeroSandbox
from sandbox.xero.testkit import raw_call

if TYPE_CHECKING:
    from conftest import Xero


def bill_line(amount: str = "100.00", code: str = "200") -> LineItem:
    return LineItem(
        description="Recharge: Xero Standard",
        quantity=Decimal("1"),
        unit_amount=Decimal(amount),
        account_code=code,
        tax_type="OUTPUT2",
    )


def new_invoice(xero: Xero, code: str = "200") -> Invoice:
    client = next(c for c in xero.sb.store[xero.tenant_id].contacts.values() if c["IsCustomer"])
    return Invoice(
        type="ACCREC",
        contact=Contact(contact_id=client["ContactID"]),
        line_items=[bill_line(code=code)],
        date=dt.date(2025, 6, 10),
        due_date=dt.date(2025, 6, 30),
        status="AUTHORISED",
        reference="Recharge June",
    )


def test_organisation(xero: Xero) -> None:
    org = xero.accounting.get_organisations(xero.tenant_id).organisations[0]
    assert org.name == "Kauri & Co Chartered Accountants"
    assert org.base_currency.value == "NZD" and org.country_code.value == "NZ"
    assert org.timezone.value == "NEWZEALANDSTANDARDTIME"
    assert org.organisation_id == xero.tenant_id


def test_contacts_paging_covers_everything_once(xero: Xero) -> None:
    seen: list[str] = []
    page = 1
    while True:
        result = xero.accounting.get_contacts(xero.tenant_id, page=page, page_size=7)
        if not result.contacts:
            break
        assert result.pagination.page == page and result.pagination.page_size == 7
        seen += [c.contact_id for c in result.contacts]
        page += 1
    store = xero.sb.store[xero.tenant_id]
    assert sorted(seen) == sorted(store.contacts)
    assert result.pagination.item_count == len(store.contacts)
    one = xero.accounting.get_contact(xero.tenant_id, seen[0]).contacts[0]
    assert one.contact_id == seen[0]


def test_bank_transactions_where_and_if_modified_since(xero: Xero) -> None:
    everything = xero.accounting.get_bank_transactions(xero.tenant_id, page=1, page_size=1000)
    total = everything.pagination.item_count
    assert total == len(everything.bank_transactions) > 20
    spend = xero.accounting.get_bank_transactions(
        xero.tenant_id, where='Type=="SPEND" AND Status=="AUTHORISED"', page=1, page_size=1000
    )
    assert spend.bank_transactions and all(t.type == "SPEND" for t in spend.bank_transactions)
    vendor = spend.bank_transactions[0].contact.contact_id
    by_contact = xero.accounting.get_bank_transactions(
        xero.tenant_id, where=f'Contact.ContactID==guid("{vendor}")', page=1
    )
    assert {t.contact.contact_id for t in by_contact.bank_transactions} == {vendor}
    cutoff = dt.datetime(2025, 5, 20, tzinfo=dt.UTC)
    recent = xero.accounting.get_bank_transactions(
        xero.tenant_id, if_modified_since=cutoff, page=1, page_size=1000
    )
    assert 0 < len(recent.bank_transactions) < total
    assert all(t.updated_date_utc > cutoff for t in recent.bank_transactions)
    sample = everything.bank_transactions[0]
    assert sample.line_items and sample.line_items[0].line_amount is not None
    assert isinstance(sample.total, Decimal) and sample.date <= dt.date(2025, 6, 15)


def test_usd_subscription_has_rate_and_tracking(xero: Xero) -> None:
    result = xero.accounting.get_bank_transactions(xero.tenant_id, where='CurrencyCode=="USD"', page=1)
    assert result.bank_transactions
    assert all(t.currency_rate == Decimal("0.590000") for t in result.bank_transactions)
    tracked = xero.accounting.get_bank_transactions(xero.tenant_id, page=1, page_size=1000)
    options = [
        tr.option for t in tracked.bank_transactions for li in t.line_items for tr in (li.tracking or [])
    ]
    assert options and all(isinstance(o, str) for o in options)


def test_invoices_filters(xero: Xero) -> None:
    bills = xero.accounting.get_invoices(xero.tenant_id, where='Type=="ACCPAY"', page=1)
    assert bills.invoices and all(i.type == "ACCPAY" for i in bills.invoices)
    names = {i.contact.name for i in bills.invoices}
    assert {"Xero", "Dext"} <= names
    xero_bill = next(i for i in bills.invoices if i.contact.name == "Xero")
    assert len(xero_bill.line_items) >= 2  # one line per client plus the firm's own plan
    owing = xero.accounting.get_invoices(xero.tenant_id, statuses=["AUTHORISED"], page=1)
    paid = xero.accounting.get_invoices(xero.tenant_id, statuses=["PAID"], page=1)
    assert owing.invoices and paid.invoices
    assert all(i.amount_due == 0 for i in paid.invoices)
    by_id = xero.accounting.get_invoices(xero.tenant_id, i_ds=[xero_bill.invoice_id])
    assert [i.invoice_id for i in by_id.invoices] == [xero_bill.invoice_id]


def test_discounted_bill_lines_are_served_as_the_spec_says(xero: Xero) -> None:
    """Xero's partner bill with a DiscountRate line and a DiscountAmount line: LineAmount is after the
    discount, the invoice says TotalDiscount and IsDiscounted (every body checked against the spec)."""
    data = xero.sb.store[xero.tenant_id]
    vendor = next(c["ContactID"] for c in data.contacts.values() if c["Name"] == "Xero")
    line = {"Quantity": "1", "AccountCode": "485", "TaxType": "INPUT2"}
    made = xero.sb.add_bill(
        xero.tenant_id,
        contact_id=vendor,
        date=dt.date(2025, 6, 2),
        number="XERO-DISC",
        lines=[
            {**line, "Description": "Acme Ltd — Standard", "UnitAmount": "78.00", "DiscountRate": "25"},
            {**line, "Description": "Beta Ltd — Premium", "UnitAmount": "120.00", "DiscountAmount": "30"},
            {**line, "Description": "Gamma Ltd — Starter", "UnitAmount": "33.00"},
        ],
    )
    [bill] = xero.accounting.get_invoices(xero.tenant_id, i_ds=[made["InvoiceID"]]).invoices
    rated, amounted, plain = bill.line_items
    assert (rated.unit_amount, rated.discount_rate, rated.line_amount) == (78.0, 25.0, 58.5)
    assert rated.discount_amount is None and amounted.discount_rate is None
    assert (amounted.discount_amount, amounted.line_amount) == (30.0, 90.0)
    assert (plain.discount_rate, plain.discount_amount, plain.line_amount) == (None, None, 33.0)
    assert bill.sub_total == Decimal("181.50") and bill.total_tax == Decimal("27.23")  # 15% of each line
    assert bill.total_discount == Decimal("49.50") and bill.is_discounted is True


def test_a_sales_invoice_line_may_carry_a_discount(xero: Xero) -> None:
    invoice = new_invoice(xero)
    invoice.line_items[0].discount_rate = Decimal("10")
    [created] = xero.accounting.create_invoices(xero.tenant_id, Invoices(invoices=[invoice])).invoices
    assert created.line_items[0].line_amount == 90.0 and created.sub_total == Decimal("90.00")
    assert created.total_discount == Decimal("10.00") and created.is_discounted is True
    both = new_invoice(xero)
    both.line_items[0].discount_rate, both.line_items[0].discount_amount = Decimal("10"), Decimal("5")
    with pytest.raises(AccountingBadRequestException) as info:
        xero.accounting.create_invoices(xero.tenant_id, Invoices(invoices=[both]))
    assert "not both" in str(info.value.error_data)


def test_create_invoice_is_idempotent(xero: Xero) -> None:
    before = len(xero.sb.store[xero.tenant_id].invoices)
    first = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)]), idempotency_key="recharge-2025-06-acme"
    )
    again = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)]), idempotency_key="recharge-2025-06-acme"
    )
    created = first.invoices[0]
    assert again.invoices[0].invoice_id == created.invoice_id
    assert len(xero.sb.store[xero.tenant_id].invoices) == before + 1
    assert created.invoice_number == "INV-0001"
    assert (created.sub_total, created.total_tax, created.total) == (
        Decimal("100.00"),
        Decimal("15.00"),
        Decimal("115.00"),
    )
    assert created.amount_due == Decimal("115.00") and created.status == "AUTHORISED"


def test_bad_account_code_is_validation_exception(xero: Xero) -> None:
    with pytest.raises(AccountingBadRequestException) as info:
        xero.accounting.create_invoices(xero.tenant_id, Invoices(invoices=[new_invoice(xero, code="999")]))
    error = info.value.error_data
    assert error["Type"] == "ValidationException" and error["ErrorNumber"] == 10
    assert error["Elements"][0]["ValidationErrors"][0]["Message"] == (
        "Account code '999' is not a valid code for this document."
    )


def test_invoice_attachment_upload_and_list(xero: Xero) -> None:
    invoice = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)])
    ).invoices[0]
    pdf = XeroSandbox.receipt_pdf(["Receipt", "NZD 115.00"])
    uploaded = xero.accounting.create_invoice_attachment_by_file_name(
        xero.tenant_id, invoice.invoice_id, "Zoom receipt June.pdf", pdf, include_online=True
    )
    attachment = uploaded.attachments[0]
    assert attachment.file_name == "Zoom receipt June.pdf" and attachment.mime_type == "application/pdf"
    assert attachment.content_length == len(pdf) and attachment.include_online is True
    listed = xero.accounting.get_invoice_attachments(xero.tenant_id, invoice.invoice_id).attachments
    assert [a.attachment_id for a in listed] == [attachment.attachment_id]
    assert xero.accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0].has_attachments
    path = xero.accounting.get_invoice_attachment_by_id(
        xero.tenant_id, invoice.invoice_id, attachment.attachment_id, "application/pdf"
    )
    with open(path, "rb") as handle:
        assert handle.read() == pdf


def test_attachment_size_limit(xero: Xero) -> None:
    invoice = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)])
    ).invoices[0]
    xero.sb.max_attachment_bytes = 1000
    status, _, _ = raw_call(
        xero.base,
        "PUT",
        f"/api.xro/2.0/Invoices/{invoice.invoice_id}/Attachments/big.pdf",
        token=xero.access_token,
        tenant=xero.tenant_id,
        body=b"x" * 1001,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert status == 413


def test_bank_transaction_receipt_is_a_pdf(xero: Xero) -> None:
    with_files = xero.accounting.get_bank_transactions(xero.tenant_id, where="HasAttachments==true", page=1)
    txn = with_files.bank_transactions[0]
    files = xero.accounting.get_bank_transaction_attachments(
        xero.tenant_id, txn.bank_transaction_id
    ).attachments
    assert files and files[0].mime_type == "application/pdf"
    path = xero.accounting.get_bank_transaction_attachment_by_file_name(
        xero.tenant_id, txn.bank_transaction_id, files[0].file_name, "application/pdf"
    )
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert data == xero.sb.attachment_bytes(
        xero.tenant_id, "BankTransactions", txn.bank_transaction_id, files[0].file_name
    )


def test_payment_marks_invoice_paid_and_delete_restores(xero: Xero) -> None:
    invoice = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)])
    ).invoices[0]
    payment = Payment(
        invoice=InvoiceRef(invoice_id=invoice.invoice_id),
        account=XeroAccount(code="090"),
        amount=Decimal("115.00"),
        date=dt.date(2025, 6, 14),
        reference="Client paid",
    )
    created = xero.accounting.create_payment(xero.tenant_id, payment, idempotency_key="pay-1").payments[0]
    assert created.status == "AUTHORISED" and created.amount == Decimal("115.00")
    paid = xero.accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert paid.status == "PAID" and paid.amount_due == 0 and paid.amount_paid == Decimal("115.00")
    xero.sb.delete_payment(xero.tenant_id, created.payment_id)
    back = xero.accounting.get_invoice(xero.tenant_id, invoice.invoice_id).invoices[0]
    assert back.status == "AUTHORISED" and back.amount_due == Decimal("115.00")
    listed = xero.accounting.get_payments(xero.tenant_id, where='Status=="DELETED"', page=1).payments
    assert created.payment_id in [p.payment_id for p in listed]


def test_overpayment_rejected(xero: Xero) -> None:
    invoice = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[new_invoice(xero)])
    ).invoices[0]
    payment = Payment(
        invoice=InvoiceRef(invoice_id=invoice.invoice_id),
        account=XeroAccount(code="090"),
        amount=Decimal("500.00"),
    )
    with pytest.raises(AccountingBadRequestException) as info:
        xero.accounting.create_payment(xero.tenant_id, payment)
    assert "exceeds the amount outstanding" in info.value.reason


def test_not_found(xero: Xero) -> None:
    with pytest.raises(NotFoundException):
        xero.accounting.get_invoice(xero.tenant_id, "00000000-0000-0000-0000-000000000000")


def test_accounts_and_tax_rates(xero: Xero) -> None:
    codes = {a.code: a for a in xero.accounting.get_accounts(xero.tenant_id).accounts}
    assert codes["090"].type.value == "BANK" and codes["090"].bank_account_number
    assert codes["485"].name == "Subscriptions"
    rates = {t.tax_type: t.effective_rate for t in xero.accounting.get_tax_rates(xero.tenant_id).tax_rates}
    assert rates["INPUT2"] == Decimal("15.0000") and rates["NONE"] == 0


def test_case_insensitive_paths(xero: Xero) -> None:
    for path in ("/API.XRO/2.0/organisation", "/api.xro/2.0/ORGANISATION"):
        status, _, body = raw_call(xero.base, "GET", path, token=xero.access_token, tenant=xero.tenant_id)
        assert status == 200 and json.loads(body)["Organisations"]
    status, _, _ = raw_call(xero.base, "GET", "/connections", token=xero.access_token)
    assert status == 200


def test_helpers_show_up_in_incremental_sync(xero: Xero) -> None:
    store = xero.sb.store[xero.tenant_id]
    txn_id = next(iter(store.bank_transactions))
    mark = max(r["UpdatedDateUTC"] for r in store.bank_transactions.values())
    xero.sb.void_bank_transaction(xero.tenant_id, txn_id)
    changed = xero.accounting.get_bank_transactions(xero.tenant_id, if_modified_since=mark, page=1)
    assert [(t.bank_transaction_id, t.status) for t in changed.bank_transactions] == [(txn_id, "DELETED")]
    vendor = xero.sb.add_contact(xero.tenant_id, "Canva", is_supplier=True)
    added = xero.sb.add_bank_transaction(
        xero.tenant_id,
        contact_id=vendor["ContactID"],
        date=dt.date(2025, 6, 12),
        lines=[
            {
                "Description": "Canva Pro",
                "Quantity": 1,
                "UnitAmount": Decimal("23.00"),
                "AccountCode": "485",
                "TaxType": "INPUT2",
            }
        ],
        attachment=("canva.pdf", XeroSandbox.receipt_pdf(["Canva", "23.00"])),
    )
    assert added["Total"] == Decimal("23.00") and added["TotalTax"] == Decimal("3.00")
    updated = xero.sb.update_bank_transaction(
        xero.tenant_id,
        added["BankTransactionID"],
        LineItems=[
            {
                "Description": "Canva Pro",
                "Quantity": 2,
                "UnitAmount": Decimal("23.00"),
                "AccountCode": "485",
                "TaxType": "INPUT2",
            }
        ],
    )
    assert updated["Total"] == Decimal("46.00")
    got = xero.accounting.get_bank_transaction(xero.tenant_id, added["BankTransactionID"]).bank_transactions[
        0
    ]
    assert got.total == Decimal("46.00") and got.has_attachments


def test_seed_is_deterministic() -> None:
    def snapshot(sb: XeroSandbox) -> bytes:
        from sandbox.xero.jsonfmt import dumps

        data = sb.store[sb.tenants[0].tenant_id]
        return dumps(
            [
                data.organisation,
                data.sorted_records("contacts"),
                data.sorted_records("bank_transactions"),
                data.sorted_records("invoices"),
                data.sorted_records("payments"),
            ]
        )

    today = dt.date(2025, 3, 31)
    one, two = (
        XeroSandbox(seed=11, clients=8, months=4, today=today),
        XeroSandbox(seed=11, clients=8, months=4, today=today),
    )
    other = XeroSandbox(seed=12, clients=8, months=4, today=today)
    assert snapshot(one) == snapshot(two) != snapshot(other)
    assert [t.tenant_id for t in one.tenants] == [t.tenant_id for t in two.tenants]


def test_every_list_of_every_tenant_matches_the_spec() -> None:
    """Three organisations (NZ, AU, UK), every page of every list: SpecCheckingApiClient validates."""
    with XeroSandbox(seed=5, clients=30, months=2, tenants=3, today=dt.date(2025, 2, 10)) as sb:
        from sandbox.xero.testkit import oauth_round_trip, sdk_clients

        _, accounting, identity = sdk_clients(sb.base_url, oauth_round_trip(sb.base_url))
        assert len(identity.get_connections()) == 3
        for tenant in sb.tenants:
            org = accounting.get_organisations(tenant.tenant_id).organisations[0]
            assert org.base_currency.value == tenant.base_currency
            accounting.get_accounts(tenant.tenant_id)
            accounting.get_tax_rates(tenant.tenant_id)
            for fetch in (
                accounting.get_contacts,
                accounting.get_bank_transactions,
                accounting.get_invoices,
                accounting.get_payments,
            ):
                page = 1
                while True:
                    result = fetch(tenant.tenant_id, page=page, page_size=25)
                    if page >= result.pagination.page_count:
                        break
                    page += 1


def test_summarize_errors_false_returns_mixed_results(xero: Xero) -> None:
    good, bad = new_invoice(xero), new_invoice(xero, code="999")
    result = xero.accounting.create_invoices(
        xero.tenant_id, Invoices(invoices=[good, bad]), summarize_errors=False
    )
    assert [i.has_errors for i in result.invoices] == [False, True]
    assert result.invoices[1].validation_errors[0].message.startswith("Account code '999'")
