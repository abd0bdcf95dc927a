"""Accounting API (`/api.xro/2.0/…`): list/get/create handlers over the in-memory store."""

from __future__ import annotations

import datetime as dt
import json
import math
import mimetypes
import threading
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from sandbox.xero import sales
from sandbox.xero.http_types import Request, Response, json_response, text_response
from sandbox.xero.jsonfmt import iso_date_string, ms_date, parse_http_or_iso
from sandbox.xero.seed import build_invoice
from sandbox.xero.store import (
    CREATE_STATUSES,
    ENDPOINTS,
    LINE_AMOUNT_TYPES,
    Attachment,
    Record,
    Store,
    TenantData,
    XeroValidationError,
    random_uuid,
    to_date,
    to_decimal,
    total_discount,
)
from sandbox.xero.where import Predicate, WhereError, compile_where

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000  # Xero's documented maximum for pageSize
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # Xero's per-file attachment limit (10 MB)
MAX_ATTACHMENTS_PER_DOCUMENT = 10
IDEMPOTENCY_SECONDS = 24 * 3600
CURRENCIES = {"NZD", "AUD", "USD", "GBP", "EUR", "CAD", "SGD"}
NOT_FOUND_TEXT = "The resource you're looking for cannot be found"
CONTACT_STUB = {
    "Addresses": [],
    "Phones": [],
    "ContactGroups": [],
    "ContactPersons": [],
    "HasValidationErrors": False,
}


def validation_error(elements: list[Record], message: str = "A validation exception occurred") -> Response:
    """Xero's 400 ValidationException body."""
    return json_response(
        400,
        {"ErrorNumber": 10, "Type": "ValidationException", "Message": message, "Elements": elements},
    )


def not_found() -> Response:
    return text_response(404, NOT_FOUND_TEXT)


def element_with_errors(raw: Any, messages: list[str]) -> Record:
    element = dict(raw) if isinstance(raw, dict) else {}
    element["ValidationErrors"] = [{"Message": m} for m in messages]
    return element


# --- views: stored record → what Xero returns ----------------------------------------------
def view_contact_ref(contact: Record) -> Record:
    return {**contact, **CONTACT_STUB}


def view_bank_transaction(record: Record) -> Record:
    return {
        **record,
        "Contact": view_contact_ref(record["Contact"]),
        "DateString": iso_date_string(record["Date"]),
    }


def view_invoice(record: Record) -> Record:
    view = {
        **record,
        "Contact": view_contact_ref(record["Contact"]),
        "DateString": iso_date_string(record["Date"]),
    }
    if record.get("DueDate"):
        view["DueDateString"] = iso_date_string(record["DueDate"])
    return view


def view_payment(record: Record) -> Record:
    invoice = record["Invoice"]
    return {**record, "Invoice": {**invoice, "Contact": view_contact_ref(invoice["Contact"])}}


def identity(record: Record) -> Record:
    return record


class IdempotencyCache:
    """Remembers answers by (tenant, method, path, Idempotency-Key) for 24 hours."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._answers: dict[tuple[str, str, str, str], tuple[float, Response]] = {}

    def get(self, key: tuple[str, str, str, str]) -> Response | None:
        with self._lock:
            hit = self._answers.get(key)
            if hit is None or hit[0] + IDEMPOTENCY_SECONDS < time.time():
                return None
            return hit[1]

    def put(self, key: tuple[str, str, str, str], response: Response) -> None:
        with self._lock:
            self._answers[key] = (time.time(), response)


class AccountingApi:
    """Routes one authenticated, rate-limited request for one tenant."""

    def __init__(self, store: Store, today: Callable[[], dt.date], provider_name: str) -> None:
        self.store = store
        self.today = today
        self.provider_name = provider_name
        self.idempotency = IdempotencyCache()
        self.max_attachment_bytes = MAX_ATTACHMENT_BYTES

    # --- entry point ------------------------------------------------------------------------
    def handle(self, req: Request, tenant_id: str, parts: list[str]) -> Response:
        """Answer one call; replays the stored answer for a repeated Idempotency-Key."""
        key = req.header("idempotency-key")
        with self.store.lock:  # one lock so two racing retries with one key cannot both create
            if req.method not in {"PUT", "POST"} or not key:
                return self._dispatch(req, tenant_id, parts)
            cache_key = (tenant_id, req.method, req.path.lower(), key)
            cached = self.idempotency.get(cache_key)
            if cached is not None:
                return cached
            response = self._dispatch(req, tenant_id, parts)
            if response.status < 500:
                self.idempotency.put(cache_key, response)
            return response

    def _dispatch(self, req: Request, tenant_id: str, parts: list[str]) -> Response:
        lowered = [p.lower() for p in parts]
        with self.store.lock:
            data = self.store[tenant_id]
            if not lowered:
                return not_found()
            head = lowered[0]
            if head in ENDPOINTS and len(parts) >= 3 and lowered[2] == "attachments":
                return self.attachments(req, data, head, parts)
            if head == "invoices" and len(parts) == 3:
                return self.invoice_extra(req, data, parts)
            handler = self._routes().get((req.method, head, len(parts)))
            if handler is None:
                return not_found()
            return handler(req, data, parts)

    def _routes(self) -> dict[tuple[str, str, int], Callable[[Request, TenantData, list[str]], Response]]:
        return {
            ("GET", "organisation", 1): self.get_organisation,
            ("GET", "accounts", 1): lambda r, d, p: self.listing(
                r, d, "accounts", "Accounts", identity, paged=False
            ),
            ("GET", "accounts", 2): lambda r, d, p: self.single(d.accounts, p[1], "Accounts", identity),
            ("GET", "taxrates", 1): lambda r, d, p: self.listing(
                r, d, "tax_rates", "TaxRates", identity, paged=False
            ),
            ("GET", "trackingcategories", 1): self.get_tracking,
            ("GET", "contacts", 1): self.list_contacts,
            ("GET", "contacts", 2): lambda r, d, p: self.single(d.contacts, p[1], "Contacts", identity),
            ("GET", "banktransactions", 1): lambda r, d, p: self.listing(
                r, d, "bank_transactions", "BankTransactions", view_bank_transaction
            ),
            ("GET", "banktransactions", 2): lambda r, d, p: self.single(
                d.bank_transactions, p[1], "BankTransactions", view_bank_transaction
            ),
            ("GET", "invoices", 1): self.list_invoices,
            ("GET", "invoices", 2): lambda r, d, p: self.single(d.invoices, p[1], "Invoices", view_invoice),
            ("PUT", "invoices", 1): self.save_invoices,
            ("POST", "invoices", 1): self.save_invoices,
            ("POST", "invoices", 2): self.save_invoices,
            ("GET", "payments", 1): lambda r, d, p: self.listing(r, d, "payments", "Payments", view_payment),
            ("GET", "payments", 2): lambda r, d, p: self.single(d.payments, p[1], "Payments", view_payment),
            ("PUT", "payments", 1): self.create_payments,
            ("POST", "payments", 1): self.create_payments,
            ("POST", "payments", 2): self.delete_payment,
            ("GET", "creditnotes", 1): lambda r, d, p: self.listing(
                r, d, "credit_notes", "CreditNotes", identity
            ),
            ("GET", "creditnotes", 2): lambda r, d, p: self.single(
                d.credit_notes, p[1], "CreditNotes", identity
            ),
            ("GET", "linkedtransactions", 1): lambda r, d, p: self.listing(
                r, d, "linked_transactions", "LinkedTransactions", identity
            ),
            ("PUT", "creditnotes", 1): self.create_credit_notes,
            ("PUT", "creditnotes", 3): self.allocate_credit_note,
        }

    # --- invoices: History, Email, OnlineInvoice (sandbox.xero.sales) -------------------------
    def invoice_extra(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        invoice = data.invoices.get(parts[1].lower())
        what = (req.method, parts[2].lower())
        if invoice is None or what not in {
            ("GET", "history"),
            ("PUT", "history"),
            ("POST", "email"),
            ("GET", "onlineinvoice"),
        }:
            return not_found()
        try:
            if what == ("GET", "history"):
                notes = data.history.get(invoice["InvoiceID"], [])
                return json_response(200, self.envelope("HistoryRecords", notes))
            if what == ("PUT", "history"):
                items = _body_items(req, "HistoryRecords")
                if items is None:
                    return validation_error([], "The request body could not be read as JSON")
                added = sales.add_history(data, invoice["InvoiceID"], items)
                return json_response(200, self.envelope("HistoryRecords", added))
            if what == ("POST", "email"):
                sales.email_invoice(data, invoice)
                return Response(204)
            url = sales.online_invoice_url(req.base_url, invoice)
            return json_response(200, self.envelope("OnlineInvoices", [{"OnlineInvoiceUrl": url}]))
        except XeroValidationError as exc:
            return validation_error([element_with_errors({}, exc.messages)])

    # --- credit notes and their allocations (sandbox.xero.sales) ------------------------------
    def create_credit_notes(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        items = _body_items(req, "CreditNotes")
        if items is None:
            return validation_error([], "The request body could not be read as JSON")
        created: list[Record] = []
        for raw in items:
            try:
                created.append(sales.create_credit_note(data, raw, self.today()))
            except XeroValidationError as exc:
                for note in created:  # all or nothing
                    data.credit_notes.pop(note["CreditNoteID"], None)
                return validation_error([element_with_errors(raw, exc.messages)])
        return json_response(200, self.envelope("CreditNotes", created))

    def allocate_credit_note(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        note = data.credit_notes.get(parts[1].lower())
        if note is None or parts[2].lower() != "allocations":
            return not_found()
        items = _body_items(req, "Allocations")
        if items is None:
            return validation_error([], "The request body could not be read as JSON")
        made: list[Record] = []
        for raw in items[:1]:  # one allocation per call keeps the bookkeeping all-or-nothing
            try:
                made.append(sales.allocate_credit(data, note, raw, self.today()))
            except XeroValidationError as exc:
                return validation_error([element_with_errors(raw, exc.messages)])
        return json_response(200, self.envelope("Allocations", made))

    # --- envelopes ---------------------------------------------------------------------------
    def envelope(self, key: str, items: list[Record], pagination: Record | None = None) -> Record:
        body: Record = {
            "Id": str(uuid.uuid4()),
            "Status": "OK",
            "ProviderName": self.provider_name,
            "DateTimeUTC": ms_date(dt.datetime.now(dt.UTC)),
        }
        if pagination is not None:
            body["pagination"] = pagination
        body[key] = items
        return body

    def single(
        self, records: dict[str, Record], guid: str, key: str, view: Callable[[Record], Record]
    ) -> Response:
        record = records.get(guid.lower())
        if record is None:
            return not_found()
        return json_response(200, self.envelope(key, [view(record)]))

    def get_organisation(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        return json_response(200, self.envelope("Organisations", [data.organisation]))

    def get_tracking(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        categories = [data.tracking_category] if data.tracking_category else []
        return json_response(200, self.envelope("TrackingCategories", categories))

    # --- listing -----------------------------------------------------------------------------
    def listing(
        self,
        req: Request,
        data: TenantData,
        collection: str,
        key: str,
        view: Callable[[Record], Record],
        *,
        extra: list[Predicate] | None = None,
        paged: bool = True,
    ) -> Response:
        """Shared GET list logic: If-Modified-Since, where, extra filters, order, paging."""
        try:
            where = compile_where(req.arg("where"))
        except WhereError as exc:
            return json_response(400, {"ErrorNumber": 16, "Type": "QueryParseException", "Message": str(exc)})
        records = self._source(data, collection)
        since = (
            parse_http_or_iso(req.header("if-modified-since")) if req.header("if-modified-since") else None
        )
        filters = [f for f in [where, *(extra or [])] if f is not None]
        if since is not None:
            filters.insert(0, lambda r: "UpdatedDateUTC" in r and r["UpdatedDateUTC"] > since)
        matched = [r for r in records if all(f(r) for f in filters)]
        matched = self._order(matched, req.arg("order"))
        if not paged:
            return json_response(200, self.envelope(key, [view(r) for r in matched]))
        page, size = self._page_args(req)
        chunk = matched[(page - 1) * size : page * size]
        pagination = {
            "page": page,
            "pageSize": size,
            "pageCount": math.ceil(len(matched) / size),
            "itemCount": len(matched),
        }
        return json_response(200, self.envelope(key, [view(r) for r in chunk], pagination))

    @staticmethod
    def _source(data: TenantData, collection: str) -> list[Record]:
        if collection in {"accounts", "tax_rates"}:
            return list(getattr(data, collection).values())
        return data.sorted_records(collection)

    @staticmethod
    def _page_args(req: Request) -> tuple[int, int]:
        try:
            page = max(1, int(req.arg("page") or 1))
            size = int(req.arg("pageSize") or DEFAULT_PAGE_SIZE)
        except ValueError:
            page, size = 1, DEFAULT_PAGE_SIZE
        return page, min(max(1, size), MAX_PAGE_SIZE)

    @staticmethod
    def _order(records: list[Record], order: str) -> list[Record]:
        """Support `order=Field [ASC|DESC]` on top-level fields; stable otherwise."""
        if not order.strip():
            return records
        field, _, direction = order.strip().partition(" ")
        present = [r for r in records if r.get(field) is not None]
        missing = [r for r in records if r.get(field) is None]
        present.sort(key=lambda r: r[field], reverse=direction.strip().upper() == "DESC")
        return present + missing

    def list_contacts(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        extra: list[Predicate] = []
        if req.arg("includeArchived").lower() != "true":
            extra.append(lambda r: r.get("ContactStatus") != "ARCHIVED")
        ids = _csv(req.arg("IDs"))
        if ids:
            extra.append(lambda r: r["ContactID"].lower() in ids)
        term = req.arg("searchTerm").lower()
        if term:
            extra.append(lambda r: term in r["Name"].lower() or term in r.get("EmailAddress", "").lower())
        return self.listing(req, data, "contacts", "Contacts", identity, extra=extra)

    def list_invoices(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        extra: list[Predicate] = []
        ids, numbers = _csv(req.arg("IDs")), _csv(req.arg("InvoiceNumbers"))
        contacts, statuses = _csv(req.arg("ContactIDs")), _csv(req.arg("Statuses"))
        if ids:
            extra.append(lambda r: r["InvoiceID"].lower() in ids)
        if numbers:
            extra.append(lambda r: r.get("InvoiceNumber", "").lower() in numbers)
        if contacts:
            extra.append(lambda r: r["Contact"]["ContactID"].lower() in contacts)
        if statuses:
            extra.append(lambda r: r["Status"].lower() in statuses)
        term = req.arg("searchTerm").lower()
        if term:
            extra.append(
                lambda r: term in r.get("InvoiceNumber", "").lower() or term in r.get("Reference", "").lower()
            )
        return self.listing(req, data, "invoices", "Invoices", view_invoice, extra=extra)

    # --- invoices: create / update ---------------------------------------------------------
    def save_invoices(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        items = _body_items(req, "Invoices")
        if items is None:
            return validation_error([], "The request body could not be read as JSON")
        if len(parts) == 2:
            items = [{**items[0], "InvoiceID": parts[1]}] if items else []
        saved: list[Record] = []
        failed: list[Record] = []
        created: list[str] = []
        for raw in items:
            try:
                record, was_new = self._save_invoice(data, raw)
            except XeroValidationError as exc:
                failed.append(element_with_errors(raw, exc.messages))
                continue
            saved.append(record)
            if was_new:
                created.append(record["InvoiceID"])
        summarize = req.arg("summarizeErrors").lower() != "false"
        if failed and summarize:
            for invoice_id in created:  # all-or-nothing, like Xero with summarizeErrors=true
                data.invoices.pop(invoice_id, None)
            data.version += 1
            return validation_error(failed)
        views = [view_invoice(r) for r in saved] + [{**f, "HasErrors": True} for f in failed]
        return json_response(200, self.envelope("Invoices", views))

    def _save_invoice(self, data: TenantData, raw: Any) -> tuple[Record, bool]:
        if not isinstance(raw, dict):
            raise XeroValidationError(["Each invoice must be an object"])
        existing_id = str(raw.get("InvoiceID") or "").lower()
        if existing_id:
            if existing_id not in data.invoices:
                raise XeroValidationError([f"Invoice with ID '{existing_id}' not found."])
            return self._update_invoice(data, data.invoices[existing_id], raw), False
        return self._create_invoice(data, raw), True

    def _create_invoice(self, data: TenantData, raw: Record) -> Record:
        errors: list[str] = []
        kind = str(raw.get("Type") or "")
        if kind not in {"ACCREC", "ACCPAY"}:
            errors.append("Invoice Type must be either ACCREC or ACCPAY")
        status = str(raw.get("Status") or "DRAFT")
        if status not in CREATE_STATUSES:
            errors.append(f"Invoice Status '{status}' is not valid for a new invoice")
        lat = str(raw.get("LineAmountTypes") or "Exclusive")
        if lat not in LINE_AMOUNT_TYPES:
            errors.append(f"LineAmountTypes '{lat}' is not valid")
        currency = str(raw.get("CurrencyCode") or data.tenant.base_currency)
        if currency not in CURRENCIES:
            errors.append(f"The currency code '{currency}' is not valid for this organisation")
        lines = raw.get("LineItems") or []
        if not isinstance(lines, list) or not lines:
            errors.append("At least one line item is required")
        number = str(raw.get("InvoiceNumber") or "")
        if kind == "ACCREC":
            number = number or self._next_number(data)
            if any(
                i.get("InvoiceNumber") == number and i["Type"] == "ACCREC" for i in data.invoices.values()
            ):
                errors.append("Invoice # must be unique.")
        contact_id = ""
        try:
            on = to_date(raw.get("Date"), self.today())
            due = to_date(raw.get("DueDate"), on) if raw.get("DueDate") else None
            rate = to_decimal(raw.get("CurrencyRate"), Decimal(1))
            contact_id = data.find_or_create_contact(raw.get("Contact"), random_uuid)
            if data.contacts[contact_id].get("ContactStatus") == "ARCHIVED":  # Xero refuses these
                errors.append(
                    f"The contact '{data.contacts[contact_id]['Name']}' is archived. "
                    "Restore the contact before using it on a transaction."
                )
        except XeroValidationError as exc:
            errors.extend(exc.messages)
        if errors:
            raise XeroValidationError(errors)
        record = build_invoice(
            data,
            random_uuid,
            kind=kind,
            contact_id=contact_id,
            lines=lines,
            on=on,
            due=due,
            number=number,
            status=status,
            currency=currency,
            reference=str(raw.get("Reference") or ""),
            line_amount_types=lat,
            rate=rate,
        )
        contact = data.contacts[contact_id]
        contact["IsCustomer" if kind == "ACCREC" else "IsSupplier"] = True
        data.touch(contact)
        return record

    @staticmethod
    def _next_number(data: TenantData) -> str:
        number = f"INV-{data.next_invoice_number:04d}"
        data.next_invoice_number += 1
        return number

    def _update_invoice(self, data: TenantData, invoice: Record, raw: Record) -> Record:
        """POST to an existing invoice: status changes, reference, due date, lines when unpaid."""
        status = str(raw.get("Status") or invoice["Status"])
        allowed = {
            "DRAFT": {"DRAFT", "SUBMITTED", "AUTHORISED", "DELETED"},
            "SUBMITTED": {"SUBMITTED", "DRAFT", "AUTHORISED", "DELETED"},
            "AUTHORISED": {"AUTHORISED", "VOIDED"},
        }.get(invoice["Status"], {invoice["Status"]})
        if status not in allowed:
            raise XeroValidationError([f"Invoice cannot be changed from {invoice['Status']} to {status}"])
        if status == "VOIDED" and invoice["AmountPaid"] > 0:
            raise XeroValidationError(["Invoice has payments; remove them before voiding"])
        if status == "VOIDED" and invoice.get("AmountCredited", 0) > 0:
            raise XeroValidationError(["Invoice has credit notes allocated; remove them before voiding"])
        if raw.get("LineItems"):
            if invoice["AmountPaid"] > 0:
                raise XeroValidationError(["Line items cannot be changed on an invoice with payments"])
            lat = str(raw.get("LineAmountTypes") or invoice["LineAmountTypes"])
            lines, sub, tax, total = data.build_lines(
                raw["LineItems"], lat, random_uuid, require_account=True
            )
            invoice.update(
                LineItems=lines, SubTotal=sub, TotalTax=tax, Total=total, AmountDue=total, LineAmountTypes=lat
            )
            invoice.update(TotalDiscount=total_discount(lines), IsDiscounted=total_discount(lines) != 0)
        if "Reference" in raw:
            invoice["Reference"] = str(raw["Reference"] or "")
        if raw.get("DueDate"):
            invoice["DueDate"] = to_date(raw["DueDate"], invoice["Date"])
        invoice["Status"] = status
        data.touch(invoice)
        return invoice

    # --- payments ----------------------------------------------------------------------------
    def create_payments(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        items = _body_items(req, "Payments")
        if items is None:
            return validation_error([], "The request body could not be read as JSON")
        created: list[Record] = []
        failed: list[Record] = []
        for raw in items:
            try:
                created.append(self._create_payment(data, raw))
            except XeroValidationError as exc:
                failed.append(element_with_errors(raw, exc.messages))
        if failed:
            for payment in created:  # keep the batch all-or-nothing
                data.reverse_payment(payment["PaymentID"])
                data.payments.pop(payment["PaymentID"], None)
            return validation_error(failed)
        return json_response(200, self.envelope("Payments", [view_payment(p) for p in created]))

    def _create_payment(self, data: TenantData, raw: Any) -> Record:
        if not isinstance(raw, dict):
            raise XeroValidationError(["Each payment must be an object"])
        invoice = self._payment_invoice(data, raw)
        account = data.account_ref(raw.get("Account")) or (
            data.account_by_code(str(raw["Code"])) if raw.get("Code") else None
        )
        if account is None:
            raise XeroValidationError(["Account code or AccountID must be a valid bank account"])
        if raw.get("Amount") in (None, ""):
            raise XeroValidationError(["Amount is required"])
        amount = to_decimal(raw.get("Amount"), Decimal(0))
        on = to_date(raw.get("Date"), self.today())
        return data.apply_payment(
            random_uuid(),
            invoice["InvoiceID"],
            account,
            amount,
            on,
            reference=str(raw.get("Reference") or ""),
        )

    @staticmethod
    def _payment_invoice(data: TenantData, raw: Record) -> Record:
        ref = raw.get("Invoice") or {}
        invoice_id = str(ref.get("InvoiceID") or "").lower()
        number = str(ref.get("InvoiceNumber") or raw.get("InvoiceNumber") or "")
        if invoice_id and invoice_id in data.invoices:
            return data.invoices[invoice_id]
        if number:
            for invoice in data.invoices.values():
                if invoice.get("InvoiceNumber") == number:
                    return invoice
        raise XeroValidationError(["Invoice could not be found"])

    def delete_payment(self, req: Request, data: TenantData, parts: list[str]) -> Response:
        payment = data.payments.get(parts[1].lower())
        if payment is None:
            return not_found()
        items = _body_items(req, "Payments") or [{}]
        if str(items[0].get("Status", "")).upper() != "DELETED":
            return validation_error([element_with_errors(items[0], ["Only Status DELETED can be set"])])
        data.reverse_payment(payment["PaymentID"])
        return json_response(200, self.envelope("Payments", [view_payment(payment)]))

    # --- attachments ---------------------------------------------------------------------------
    def attachments(self, req: Request, data: TenantData, endpoint: str, parts: list[str]) -> Response:
        owners: dict[str, Record] = (
            data.bank_transactions if endpoint == "banktransactions" else data.invoices
        )
        guid = parts[1].lower()
        if guid not in owners or len(parts) > 4:
            return not_found()
        if len(parts) == 3:
            if req.method != "GET":
                return not_found()
            found = data.list_attachments(endpoint, guid)
            return json_response(
                200,
                self.envelope("Attachments", [self._attachment_json(req, endpoint, guid, a) for a in found]),
            )
        name = parts[3]
        if req.method == "GET":
            attachment = data.find_attachment(endpoint, guid, name)
            if attachment is None:
                return not_found()
            return Response(200, attachment.data, attachment.mime_type)
        if req.method in {"PUT", "POST"}:
            return self._upload(req, data, endpoint, guid, name)
        return not_found()

    def _upload(self, req: Request, data: TenantData, endpoint: str, guid: str, name: str) -> Response:
        if len(req.body) > self.max_attachment_bytes:
            return json_response(
                413,
                {
                    "ErrorNumber": 413,
                    "Type": "RequestEntityTooLarge",
                    "Message": f"The file exceeds the {self.max_attachment_bytes} byte limit",
                },
            )
        if not req.body:
            return validation_error([], "The attachment body is empty")
        existing = data.list_attachments(endpoint, guid)
        if len(existing) >= MAX_ATTACHMENTS_PER_DOCUMENT and all(a.file_name != name for a in existing):
            return validation_error([], "A document can have at most 10 attachments")
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachment = Attachment(
            random_uuid(), name, mime, req.body, include_online=req.arg("IncludeOnline").lower() == "true"
        )
        data.add_attachment(endpoint, guid, attachment)
        return json_response(
            200, self.envelope("Attachments", [self._attachment_json(req, endpoint, guid, attachment)])
        )

    @staticmethod
    def _attachment_json(req: Request, endpoint: str, guid: str, attachment: Attachment) -> Record:
        name = quote(attachment.file_name)
        url = f"{req.base_url}/api.xro/2.0/{ENDPOINTS[endpoint]}/{guid}/Attachments/{name}"
        return attachment.to_json(url)


def _csv(value: str) -> set[str]:
    return {v.strip().strip('"').lower() for v in value.split(",") if v.strip()}


def _body_items(req: Request, key: str) -> list[Any] | None:
    """`{"Invoices": [...]}` or a single bare object → list; None when the body is not JSON."""
    try:
        payload = json.loads(req.body or b"{}", parse_float=Decimal)
    except ValueError:
        return None
    if isinstance(payload, dict) and isinstance(payload.get(key), list):
        return list(payload[key])
    if isinstance(payload, dict):
        return [payload]
    return None
