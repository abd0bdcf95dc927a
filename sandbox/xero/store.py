"""In-memory Xero data per tenant, plus the bookkeeping rules (totals, payments, voiding)."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.xero.jsonfmt import money, parse_xero_date

Record = dict[str, Any]
ZERO = Decimal("0.00")
PAYABLE_STATUSES = {"AUTHORISED"}
CREATE_STATUSES = {"DRAFT", "SUBMITTED", "AUTHORISED"}
LINE_AMOUNT_TYPES = {"Exclusive", "Inclusive", "NoTax"}
ENDPOINTS = {"banktransactions": "BankTransactions", "invoices": "Invoices"}


@dataclass
class Tenant:
    """One Xero organisation the sandbox user is connected to."""

    tenant_id: str
    name: str
    base_currency: str
    country_code: str
    short_code: str


@dataclass
class Attachment:
    attachment_id: str
    file_name: str
    mime_type: str
    data: bytes
    include_online: bool = False

    def to_json(self, url: str) -> Record:
        return {
            "AttachmentID": self.attachment_id,
            "FileName": self.file_name,
            "Url": url,
            "MimeType": self.mime_type,
            "ContentLength": len(self.data),
            "IncludeOnline": self.include_online,
        }


class XeroValidationError(Exception):
    """Validation messages for one submitted element (becomes a ValidationException)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def to_decimal(value: Any, default: Decimal) -> Decimal:
    if value is None or value == "":
        return default
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise XeroValidationError([f"'{value}' is not a valid number."]) from exc


def to_date(value: Any, default: dt.date) -> dt.date:
    """Accept a date, `/Date(ms)/`, or an ISO date/datetime string."""
    if value is None or value == "":
        return default
    if isinstance(value, dt.date):
        return value
    parsed = parse_xero_date(str(value))
    if parsed is None:
        raise XeroValidationError([f"'{value}' is not a valid date."])
    return parsed.date()


@dataclass
class TenantData:
    """Everything one organisation holds. Guard access with `Store.lock`."""

    tenant: Tenant
    organisation: Record
    accounts: dict[str, Record] = field(default_factory=dict)
    tax_rates: dict[str, Record] = field(default_factory=dict)
    contacts: dict[str, Record] = field(default_factory=dict)
    bank_transactions: dict[str, Record] = field(default_factory=dict)
    invoices: dict[str, Record] = field(default_factory=dict)
    payments: dict[str, Record] = field(default_factory=dict)
    attachments: dict[tuple[str, str], list[Attachment]] = field(default_factory=dict)
    tracking_category: Record = field(default_factory=dict)
    credit_notes: dict[str, Record] = field(default_factory=dict)
    linked_transactions: dict[str, Record] = field(default_factory=dict)  # billable expenses
    history: dict[str, list[Record]] = field(default_factory=dict)  # invoice id → notes, oldest first
    emails: list[tuple[str, str]] = field(default_factory=list)  # (invoice id, address) sent
    next_invoice_number: int = 1
    version: int = 0
    _sorted: dict[str, tuple[int, list[Record]]] = field(default_factory=dict, repr=False)
    _clock: dt.datetime = field(default_factory=lambda: dt.datetime(2000, 1, 1, tzinfo=dt.UTC), repr=False)

    # --- time, ordering ----------------------------------------------------------------------
    def touch(self, record: Record) -> dt.datetime:
        """Set UpdatedDateUTC to now (strictly after any earlier touch) and bump the version."""
        now = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(
            milliseconds=dt.datetime.now(dt.UTC).microsecond // 1000
        )
        if now <= self._clock:
            now = self._clock + dt.timedelta(milliseconds=1)
        self._clock = now
        record["UpdatedDateUTC"] = now
        self.version += 1
        return now

    def sorted_records(self, collection: str) -> list[Record]:
        """Records ordered by UpdatedDateUTC then id (stable paging), cached per data version."""
        cached = self._sorted.get(collection)
        if cached and cached[0] == self.version:
            return cached[1]
        records: dict[str, Record] = getattr(self, collection)
        ordered = sorted(records.items(), key=lambda kv: (kv[1]["UpdatedDateUTC"], kv[0]))
        result = [record for _, record in ordered]
        self._sorted[collection] = (self.version, result)
        return result

    # --- lookups --------------------------------------------------------------------------
    def account_by_code(self, code: str) -> Record | None:
        return next((a for a in self.accounts.values() if a.get("Code") == code), None)

    def account_ref(self, value: Record | None) -> Record | None:
        """Find an account from `{"AccountID"}` or `{"Code"}`."""
        if not value:
            return None
        if value.get("AccountID"):
            return self.accounts.get(str(value["AccountID"]).lower())
        return self.account_by_code(str(value.get("Code", "")))

    def tax_rate(self, tax_type: str) -> Decimal:
        return Decimal(self.tax_rates[tax_type]["EffectiveRate"])

    def contact_summary(self, contact_id: str) -> Record:
        contact = self.contacts[contact_id]
        return {"ContactID": contact_id, "Name": contact["Name"]}

    # --- contacts --------------------------------------------------------------------------
    def add_contact(
        self,
        contact_id: str,
        name: str,
        *,
        email: str | None = None,
        is_customer: bool = False,
        is_supplier: bool = False,
        updated: dt.datetime | None = None,
        extra: Record | None = None,
    ) -> Record:
        contact: Record = {
            "ContactID": contact_id,
            "ContactStatus": "ACTIVE",
            "Name": name,
            "Addresses": [],
            "Phones": [],
            "ContactGroups": [],
            "ContactPersons": [],
            "IsSupplier": is_supplier,
            "IsCustomer": is_customer,
            "HasAttachments": False,
            "HasValidationErrors": False,
        }
        if email:
            contact["EmailAddress"] = email
        contact.update(extra or {})
        self.contacts[contact_id] = contact
        self.stamp(contact, updated)
        return contact

    def stamp(self, record: Record, updated: dt.datetime | None) -> None:
        if updated is None:
            self.touch(record)
        else:
            record["UpdatedDateUTC"] = updated
            self.version += 1

    def find_or_create_contact(self, ref: Record | None, new_id: Callable[[], str]) -> str:
        """Resolve an invoice's Contact by ContactID or Name; Xero creates unknown names."""
        if not ref:
            raise XeroValidationError(["A Contact must be specified for this type of transaction"])
        if ref.get("ContactID"):
            contact_id = str(ref["ContactID"]).lower()
            if contact_id not in self.contacts:
                raise XeroValidationError([f"Contact with ID '{ref['ContactID']}' not found."])
            return contact_id
        name = str(ref.get("Name") or "").strip()
        if not name:
            raise XeroValidationError(["A Contact must be specified for this type of transaction"])
        lowered = name.lower()
        for contact_id, contact in self.contacts.items():
            if contact["Name"].lower() == lowered:
                return contact_id
        return self.add_contact(new_id(), name)["ContactID"]

    # --- line items and totals ------------------------------------------------------------
    def build_lines(
        self,
        raw_lines: Iterable[Record],
        line_amount_types: str,
        new_id: Callable[[], str],
        *,
        require_account: bool,
    ) -> tuple[list[Record], Decimal, Decimal, Decimal]:
        """Validate and price line items; returns (lines, SubTotal, TotalTax, Total)."""
        errors: list[str] = []
        lines: list[Record] = []
        for raw in raw_lines:
            try:
                lines.append(self._build_line(raw, line_amount_types, new_id, require_account))
            except XeroValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise XeroValidationError(errors)
        gross = sum((line["LineAmount"] for line in lines), ZERO)
        tax = sum((line["TaxAmount"] for line in lines), ZERO)
        if line_amount_types == "Inclusive":
            return lines, gross - tax, tax, gross
        return lines, gross, tax, gross + tax

    def _build_line(self, raw: Record, lat: str, new_id: Callable[[], str], require_account: bool) -> Record:
        code = str(raw.get("AccountCode") or "")
        account = self.account_by_code(code) if code else None
        if code and account is not None and account["Status"] == "ARCHIVED":
            raise XeroValidationError(
                [
                    f"Account code '{code}' has been archived, or has been deleted. "
                    "Each line item must reference a valid account."
                ]
            )
        if code and (account is None or account["Status"] != "ACTIVE"):
            raise XeroValidationError([f"Account code '{code}' is not a valid code for this document."])
        if require_account and not code:
            raise XeroValidationError(["Account code must be specified"])
        tax_type = str(raw.get("TaxType") or (account or {}).get("TaxType") or "NONE")
        if lat == "NoTax":
            tax_type = "NONE"
        if tax_type not in self.tax_rates:
            raise XeroValidationError(
                [
                    f"The TaxType code '{tax_type}' does not exist or cannot be used "
                    "for this type of transaction."
                ]
            )
        quantity = to_decimal(raw.get("Quantity"), Decimal("1"))
        unit = to_decimal(raw.get("UnitAmount"), ZERO)
        if raw.get("UnitAmount") in (None, "") and raw.get("LineAmount") not in (None, ""):
            unit = to_decimal(raw["LineAmount"], ZERO) / (quantity or Decimal(1))
        discount = _line_discount(raw, quantity * unit)
        line_amount = money(quantity * unit - discount.taken) if discount else money(quantity * unit)
        rate = self.tax_rate(tax_type)
        if lat == "Exclusive":
            tax = money(line_amount * rate / 100)
        elif lat == "Inclusive":
            tax = money(line_amount * rate / (100 + rate))
        else:
            tax = ZERO
        line: Record = {
            "LineItemID": str(raw.get("LineItemID") or new_id()),
            "Description": str(raw.get("Description") or ""),
            "Quantity": quantity.quantize(Decimal("0.0001")),
            "UnitAmount": money(unit),
            "AccountCode": code,
            "TaxType": tax_type,
            "TaxAmount": tax,
            "LineAmount": line_amount,
            "Tracking": list(raw.get("Tracking") or []),
        }
        if account is not None:
            line["AccountID"] = account["AccountID"]
        if discount:
            line[discount.field] = money(discount.value)
        return line

    # --- attachments --------------------------------------------------------------------------
    def add_attachment(self, endpoint: str, guid: str, attachment: Attachment) -> None:
        key = (endpoint.lower(), guid.lower())
        existing = self.attachments.setdefault(key, [])
        existing[:] = [a for a in existing if a.file_name != attachment.file_name]
        existing.append(attachment)
        owner = getattr(self, _collection_for(endpoint))[guid.lower()]
        owner["HasAttachments"] = True
        self.touch(owner)

    def list_attachments(self, endpoint: str, guid: str) -> list[Attachment]:
        return list(self.attachments.get((endpoint.lower(), guid.lower()), []))

    def find_attachment(self, endpoint: str, guid: str, name_or_id: str) -> Attachment | None:
        wanted = name_or_id.lower()
        for attachment in self.list_attachments(endpoint, guid):
            if attachment.attachment_id == wanted or attachment.file_name.lower() == wanted:
                return attachment
        return None

    # --- payments ----------------------------------------------------------------------------
    def apply_payment(
        self,
        payment_id: str,
        invoice_id: str,
        account: Record,
        amount: Decimal,
        on: dt.date,
        reference: str = "",
        updated: dt.datetime | None = None,
    ) -> Record:
        """Create a Payment against an AUTHORISED invoice and update the invoice's amounts."""
        invoice = self.invoices[invoice_id]
        if invoice["Status"] not in PAYABLE_STATUSES:
            raise XeroValidationError(
                [f"Payment cannot be created against an invoice with status {invoice['Status']}"]
            )
        if account.get("Type") != "BANK" and not account.get("EnablePaymentsToAccount"):
            raise XeroValidationError(
                ["Payments can only be made to bank accounts or accounts with payments enabled"]
            )
        amount = money(amount)
        if amount <= 0:
            raise XeroValidationError(["Payment amount must be greater than zero"])
        if amount > invoice["AmountDue"]:
            raise XeroValidationError(["Payment amount exceeds the amount outstanding on this document"])
        payment: Record = {
            "PaymentID": payment_id,
            "Date": on,
            "Amount": amount,
            "BankAmount": amount,
            "Reference": reference,
            "CurrencyRate": invoice.get("CurrencyRate", Decimal("1.000000")),
            "PaymentType": "ACCRECPAYMENT" if invoice["Type"] == "ACCREC" else "ACCPAYPAYMENT",
            "Status": "AUTHORISED",
            "IsReconciled": False,
            "HasAccount": True,
            "HasValidationErrors": False,
            "Account": {"AccountID": account["AccountID"], "Code": account.get("Code", "")},
            "Invoice": _invoice_summary(invoice),
        }
        self.payments[payment_id] = payment
        self.stamp(payment, updated)
        invoice["AmountPaid"] = invoice["AmountPaid"] + amount
        invoice["AmountDue"] = invoice["AmountDue"] - amount
        invoice["Payments"].append(_payment_summary(payment))
        if invoice["AmountDue"] == 0:
            invoice["Status"] = "PAID"
            invoice["FullyPaidOnDate"] = on
        self.stamp(invoice, updated)
        return payment

    def reverse_payment(self, payment_id: str) -> Record:
        """Delete a payment the way Xero does: Status DELETED and the invoice owes again."""
        payment = self.payments[payment_id]
        if payment["Status"] == "DELETED":
            return payment
        payment["Status"] = "DELETED"
        self.touch(payment)
        invoice = self.invoices.get(payment["Invoice"]["InvoiceID"])
        if invoice is not None:
            invoice["AmountPaid"] = invoice["AmountPaid"] - payment["Amount"]
            invoice["AmountDue"] = invoice["AmountDue"] + payment["Amount"]
            invoice["Payments"] = [p for p in invoice["Payments"] if p["PaymentID"] != payment_id]
            invoice.pop("FullyPaidOnDate", None)
            if invoice["Status"] == "PAID":
                invoice["Status"] = "AUTHORISED"
            self.touch(invoice)
        return payment


@dataclass(frozen=True)
class _Discount:
    field: str  # "DiscountRate" | "DiscountAmount"
    value: Decimal
    taken: Decimal  # what it takes off Quantity × UnitAmount


def _line_discount(raw: Record, full: Decimal) -> _Discount | None:
    """A line's DiscountRate or DiscountAmount: LineAmount = Quantity × UnitAmount less the discount
    (the spec's formula). Xero documents discounts for sales invoices; the sandbox prices them on any
    line, so a test can also serve a bill (Xero's partner bill) whose lines carry them."""
    rate, amount = raw.get("DiscountRate"), raw.get("DiscountAmount")
    if rate in (None, "") and amount in (None, ""):
        return None
    if rate not in (None, "") and amount not in (None, ""):
        raise XeroValidationError(["A line item can have a DiscountRate or a DiscountAmount, not both"])
    if rate not in (None, ""):
        value = to_decimal(rate, ZERO)
        if not ZERO <= value <= 100:
            raise XeroValidationError(["Discount rate must be between 0 and 100"])
        return _Discount("DiscountRate", value, full * value / 100) if value else None
    value = to_decimal(amount, ZERO)
    if value < 0 or value > abs(full):
        raise XeroValidationError(["Discount amount must be between 0 and the line's quantity × unit amount"])
    return _Discount("DiscountAmount", value, value) if value else None


def total_discount(lines: Iterable[Record]) -> Decimal:
    """An invoice's TotalDiscount: what its lines' discounts took off Quantity × UnitAmount."""
    return sum(
        (
            money(line["Quantity"] * line["UnitAmount"]) - line["LineAmount"]
            for line in lines
            if line.get("DiscountRate") or line.get("DiscountAmount")
        ),
        ZERO,
    )


def _collection_for(endpoint: str) -> str:
    return {"banktransactions": "bank_transactions", "invoices": "invoices"}[endpoint.lower()]


def _invoice_summary(invoice: Record) -> Record:
    return {
        "InvoiceID": invoice["InvoiceID"],
        "InvoiceNumber": invoice.get("InvoiceNumber", ""),
        "Type": invoice["Type"],
        "Contact": dict(invoice["Contact"]),
        "CurrencyCode": invoice["CurrencyCode"],
        "IsDiscounted": bool(invoice.get("IsDiscounted")),
        "HasErrors": False,
    }


def _payment_summary(payment: Record) -> Record:
    return {
        "PaymentID": payment["PaymentID"],
        "Date": payment["Date"],
        "Amount": payment["Amount"],
        "Reference": payment["Reference"],
        "CurrencyRate": payment["CurrencyRate"],
        "HasAccount": False,
        "HasValidationErrors": False,
    }


class Store:
    """All tenants' data behind one re-entrant lock (requests and helpers share it)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tenants: dict[str, TenantData] = {}

    def __getitem__(self, tenant_id: str) -> TenantData:
        return self.tenants[tenant_id.lower()]

    def __contains__(self, tenant_id: object) -> bool:
        return isinstance(tenant_id, str) and tenant_id.lower() in self.tenants

    def __iter__(self) -> Any:
        return iter(self.tenants.values())


def random_uuid() -> str:
    return str(uuid.uuid4())
