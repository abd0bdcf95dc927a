"""Sales-side extras of the Accounting API: invoice History notes, Email, OnlineInvoice, and
credit notes (ACCREC, and the vendors' ACCPAY ones) with their Allocations — each as Xero's OpenAPI
spec describes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sandbox.xero.store import Record, TenantData, XeroValidationError, random_uuid, to_date, to_decimal

MAX_HISTORY_DETAILS = 2500  # Xero's limit on a note's Details
EMAILABLE = {"SUBMITTED", "AUTHORISED", "PAID"}


def add_history(data: TenantData, invoice_id: str, items: list[Any]) -> list[Record]:
    """PUT /Invoices/{id}/History: each `Details` becomes a note on the invoice."""
    notes: list[Record] = []
    for raw in items:
        details = str((raw or {}).get("Details") or "").strip() if isinstance(raw, dict) else ""
        if not details:
            raise XeroValidationError(["The Details of a history note can't be empty"])
        if len(details) > MAX_HISTORY_DETAILS:
            raise XeroValidationError([f"Details can be at most {MAX_HISTORY_DETAILS} characters"])
        notes.append({"Details": details, "Changes": "Note", "User": "System Generated", "DateUTC": _now()})
    data.history.setdefault(invoice_id, []).extend(notes)
    return notes


def email_invoice(data: TenantData, invoice: Record) -> None:
    """POST /Invoices/{id}/Email: Xero sends it to the contact's address and marks it sent."""
    if invoice["Type"] != "ACCREC":
        raise XeroValidationError(["Only sales invoices can be emailed"])
    if invoice["Status"] not in EMAILABLE:
        raise XeroValidationError([f"An invoice with status {invoice['Status']} can't be emailed"])
    contact = data.contacts[invoice["Contact"]["ContactID"].lower()]
    address = str(contact.get("EmailAddress") or "")
    if "@" not in address:
        raise XeroValidationError(["The contact does not have a valid email address"])
    data.emails.append((invoice["InvoiceID"], address))
    invoice["SentToContact"] = True
    data.touch(invoice)


def online_invoice_url(base_url: str, invoice: Record) -> str:
    """GET /Invoices/{id}/OnlineInvoice: only sales invoices past DRAFT have one."""
    if invoice["Type"] != "ACCREC" or invoice["Status"] in {"DRAFT", "SUBMITTED", "DELETED", "VOIDED"}:
        raise XeroValidationError(["An online invoice is only available for approved sales invoices"])
    return f"{base_url}/online/invoice/{invoice['InvoiceID']}"


# --- credit notes ------------------------------------------------------------------------------


def create_credit_note(data: TenantData, raw: Any, today: dt.date) -> Record:
    """PUT /CreditNotes: an ACCRECCREDIT (or ACCPAYCREDIT) priced like an invoice."""
    if not isinstance(raw, dict):
        raise XeroValidationError(["Each credit note must be an object"])
    kind = str(raw.get("Type") or "")
    if kind not in {"ACCRECCREDIT", "ACCPAYCREDIT"}:
        raise XeroValidationError(["Credit note Type must be either ACCRECCREDIT or ACCPAYCREDIT"])
    status = str(raw.get("Status") or "DRAFT")
    if status not in {"DRAFT", "SUBMITTED", "AUTHORISED"}:
        raise XeroValidationError([f"Credit note Status '{status}' is not valid for a new credit note"])
    lines = raw.get("LineItems") or []
    if not isinstance(lines, list) or not lines:
        raise XeroValidationError(["At least one line item is required"])
    contact_id = data.find_or_create_contact(raw.get("Contact"), random_uuid)
    lat = str(raw.get("LineAmountTypes") or "Exclusive")
    priced, subtotal, tax, total = data.build_lines(
        lines, lat, random_uuid, require_account=status != "DRAFT"
    )
    number = f"CN-{len([c for c in data.credit_notes.values() if c['Type'] == kind]) + 1:04d}"
    record: Record = {
        "Type": kind,
        "CreditNoteID": random_uuid(),
        "CreditNoteNumber": str(raw.get("CreditNoteNumber") or number),
        "Reference": str(raw.get("Reference") or ""),
        "Contact": data.contact_summary(contact_id),
        "Date": to_date(raw.get("Date"), today),
        "Status": status,
        "LineAmountTypes": lat,
        "LineItems": priced,
        "SubTotal": subtotal,
        "TotalTax": tax,
        "Total": total,
        "CurrencyCode": str(raw.get("CurrencyCode") or data.tenant.base_currency),
        "RemainingCredit": total,
        "Allocations": [],
        "HasAttachments": False,
        "HasErrors": False,
    }
    data.credit_notes[record["CreditNoteID"]] = record
    data.touch(record)
    return record


def allocate_credit(data: TenantData, note: Record, raw: Any, today: dt.date) -> Record:
    """PUT /CreditNotes/{id}/Allocations: part of the credit pays part of one of the contact's invoices."""
    if not isinstance(raw, dict):
        raise XeroValidationError(["Each allocation must be an object"])
    if note["Status"] != "AUTHORISED":
        raise XeroValidationError(["Only an approved credit note can be allocated"])
    invoice_id = str((raw.get("Invoice") or {}).get("InvoiceID") or "").lower()
    invoice = data.invoices.get(invoice_id)
    if invoice is None:
        raise XeroValidationError(["Invoice could not be found"])
    if invoice["Type"] != {"ACCRECCREDIT": "ACCREC", "ACCPAYCREDIT": "ACCPAY"}[note["Type"]]:
        raise XeroValidationError(["A sales credit note pays an invoice, a supplier credit note a bill"])
    if invoice["Contact"]["ContactID"].lower() != note["Contact"]["ContactID"].lower():
        raise XeroValidationError(["The credit note and the invoice must be for the same contact"])
    if invoice["Status"] != "AUTHORISED":
        raise XeroValidationError(
            [f"Credit can't be allocated to an invoice with status {invoice['Status']}"]
        )
    amount = to_decimal(raw.get("Amount"), Decimal(0)).quantize(Decimal("0.01"))
    if amount <= 0:
        raise XeroValidationError(["Amount must be greater than zero"])
    if amount > note["RemainingCredit"]:
        raise XeroValidationError(["The amount is more than the credit note's remaining credit"])
    if amount > invoice["AmountDue"]:
        raise XeroValidationError(["The amount is more than the amount due on the invoice"])
    on = to_date(raw.get("Date"), today)
    allocation: Record = {
        "AllocationID": random_uuid(),
        "Amount": amount,
        "Date": on,
        "Invoice": {"InvoiceID": invoice["InvoiceID"], "InvoiceNumber": invoice.get("InvoiceNumber", "")},
        "CreditNote": {"CreditNoteID": note["CreditNoteID"], "CreditNoteNumber": note["CreditNoteNumber"]},
    }
    note["Allocations"].append(allocation)
    note["RemainingCredit"] -= amount
    if note["RemainingCredit"] == 0:
        note["Status"] = "PAID"
    invoice["AmountCredited"] += amount
    invoice["AmountDue"] -= amount
    invoice["CreditNotes"].append(
        {"CreditNoteID": note["CreditNoteID"], "CreditNoteNumber": note["CreditNoteNumber"], "Total": amount}
    )
    if invoice["AmountDue"] == 0:
        invoice["Status"] = "PAID"
        invoice["FullyPaidOnDate"] = on
    data.touch(note)
    data.touch(invoice)
    return allocation


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
