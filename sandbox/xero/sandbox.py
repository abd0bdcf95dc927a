"""XeroSandbox: the public face — seeding, start/stop, call log, faults and Xero-user helpers."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

from sandbox.xero import sales
from sandbox.xero.accounting import AccountingApi
from sandbox.xero.faults import FaultInjector
from sandbox.xero.jsonfmt import money
from sandbox.xero.limits import RateLimiter
from sandbox.xero.oauth import IdentityServer
from sandbox.xero.pdf import receipt_pdf
from sandbox.xero.seed import (
    USD_CARD,
    SeedRandom,
    build_bank_transaction,
    build_invoice,
    make_tenants,
    seed_tenant,
)
from sandbox.xero.server import RecordedCall, Router, _Server, serve
from sandbox.xero.store import Attachment, Record, Store, Tenant, TenantData, random_uuid

PROVIDER_NAME = "Rechargly Xero Sandbox"


class XeroSandbox:
    """An in-process fake of Xero's identity, connections and accounting APIs."""

    def __init__(
        self,
        seed: int = 1,
        clients: int = 12,
        months: int = 12,
        tenants: int = 1,
        client_id: str = "sandbox-client-id",
        client_secret: str = "sandbox-client-secret",  # noqa: S107 - a fake app's fake secret
        calls_per_minute: int = 60,
        max_concurrent: int = 5,
        calls_per_day: int = 5000,
        today: dt.date | None = None,
        extra_spend_transactions: int = 0,
    ) -> None:
        self.seed = seed
        self.today = today or dt.date.today()
        self.client_id = client_id
        self.client_secret = client_secret
        rnd = SeedRandom(seed)
        self._tenants = make_tenants(rnd, max(1, tenants))
        self.store = Store()
        for index, tenant in enumerate(self._tenants):
            self.store.tenants[tenant.tenant_id] = seed_tenant(
                tenant,
                rnd,
                clients=clients,
                months=months,
                today=self.today,
                extra_spend=extra_spend_transactions if index == 0 else 0,
            )
        self.identity = IdentityServer(
            client_id, client_secret, rnd.uuid(), [(t.tenant_id, t.name) for t in self._tenants]
        )
        self.limiter = RateLimiter(calls_per_minute, max_concurrent, calls_per_day)
        self.faults = FaultInjector()
        self.accounting = AccountingApi(self.store, lambda: self.today, PROVIDER_NAME)
        self.router = Router(self)
        self.base_url = ""
        self._calls: list[RecordedCall] = []
        self._calls_lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- limits as plain attributes (tests lower them on the fly) -----------------------------
    @property
    def calls_per_minute(self) -> int:
        return self.limiter.calls_per_minute

    @calls_per_minute.setter
    def calls_per_minute(self, value: int) -> None:
        self.limiter.calls_per_minute = value

    @property
    def max_concurrent(self) -> int:
        return self.limiter.max_concurrent

    @max_concurrent.setter
    def max_concurrent(self, value: int) -> None:
        self.limiter.max_concurrent = value

    @property
    def calls_per_day(self) -> int:
        return self.limiter.calls_per_day

    @calls_per_day.setter
    def calls_per_day(self, value: int) -> None:
        self.limiter.calls_per_day = value

    @property
    def authorize_decision(self) -> str:
        """What the consent screen does: "allow" or "deny"."""
        return self.identity.authorize_decision

    @authorize_decision.setter
    def authorize_decision(self, value: str) -> None:
        self.identity.authorize_decision = value

    @property
    def max_attachment_bytes(self) -> int:
        return self.accounting.max_attachment_bytes

    @max_attachment_bytes.setter
    def max_attachment_bytes(self, value: int) -> None:
        self.accounting.max_attachment_bytes = value

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on host:port (0 = any free port) in a daemon thread; returns the base URL."""
        if self._server is not None:
            return self.base_url
        self._server, self._thread = serve(self, host, port)
        bound_host, bound_port = self._server.server_address[:2]
        self.base_url = f"http://{bound_host!s}:{bound_port}"
        return self.base_url

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> XeroSandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- call log --------------------------------------------------------------------------------
    def record(self, call: RecordedCall) -> None:
        with self._calls_lock:
            self._calls.append(call)

    @property
    def calls(self) -> list[RecordedCall]:
        with self._calls_lock:
            return list(self._calls)

    def calls_to(self, path_prefix: str) -> list[RecordedCall]:
        """Calls whose path starts with path_prefix (case-insensitive)."""
        prefix = path_prefix.lower()
        return [c for c in self.calls if c.path.lower().startswith(prefix)]

    def reset_calls(self) -> None:
        with self._calls_lock:
            self._calls.clear()

    # --- tenants & description ---------------------------------------------------------------------
    @property
    def tenants(self) -> list[Tenant]:
        return list(self._tenants)

    def _data(self, tenant_id: str) -> TenantData:
        return self.store[tenant_id]

    def describe(self) -> str:
        """A few human-readable lines about the sandbox."""
        base = self.base_url or "(not started)"
        lines = [f"Xero sandbox (seed {self.seed}, today {self.today.isoformat()})"]
        for tenant in self._tenants:
            data = self._data(tenant.tenant_id)
            bills = sum(1 for i in data.invoices.values() if i["Type"] == "ACCPAY")
            lines.append(
                f"  {tenant.name} [{tenant.base_currency}] tenant {tenant.tenant_id}: "
                f"{len(data.contacts)} contacts, {len(data.bank_transactions)} bank transactions, "
                f"{bills} bills"
            )
        lines += [
            "Point Rechargly at it with these lines in .env (or the environment):",
            f"  XERO_CLIENT_ID={self.client_id}",
            f"  XERO_CLIENT_SECRET={self.client_secret}",
            f"  XERO_API_BASE={base}",
            f"  XERO_IDENTITY_BASE={base}",
            f"  XERO_LOGIN_BASE={base}",
        ]
        return "\n".join(lines)

    # --- token switches -------------------------------------------------------------------------
    def revoke_all_refresh_tokens(self) -> None:
        self.identity.revoke_all_refresh_tokens()

    def expire_access_tokens(self) -> None:
        self.identity.expire_access_tokens()

    # --- helpers that act like a Xero user ---------------------------------------------------------
    def pay_invoice(
        self,
        tenant_id: str,
        invoice_id: str,
        amount: Decimal | None = None,
        account_code: str = "090",
        on: dt.date | None = None,
    ) -> Record:
        """Pay an AUTHORISED invoice (all of what is due unless amount is given)."""
        with self.store.lock:
            data = self._data(tenant_id)
            invoice = data.invoices[invoice_id.lower()]
            account = data.account_by_code(account_code)
            if account is None:
                raise KeyError(f"no account with code {account_code}")
            due = invoice["AmountDue"] if amount is None else money(amount)
            return data.apply_payment(random_uuid(), invoice["InvoiceID"], account, due, on or self.today)

    def link_billable_expense(
        self,
        tenant_id: str,
        source_id: str,
        line_item_id: str,
        contact_id: str,
        *,
        billed_on: str | None = None,
    ) -> Record:
        """Assign a spend line to a customer as a billable expense (BILLED once on a sales invoice)."""
        with self.store.lock:
            data = self._data(tenant_id)
            source = data.bank_transactions.get(source_id.lower()) or data.invoices[source_id.lower()]
            record: Record = {
                "LinkedTransactionID": random_uuid(),
                "SourceTransactionID": source_id.lower(),
                "SourceLineItemID": line_item_id.lower(),
                "ContactID": contact_id.lower(),
                "Status": "BILLED" if billed_on else "APPROVED",
                "Type": "BILLABLEEXPENSE",
                "SourceTransactionTypeCode": "ACCPAY" if source.get("Type") == "ACCPAY" else "SPEND",
            }
            if billed_on:
                record["TargetTransactionID"] = billed_on.lower()
            data.linked_transactions[record["LinkedTransactionID"]] = record
            data.touch(record)
            return record

    def delete_payment(self, tenant_id: str, payment_id: str) -> Record:
        with self.store.lock:
            return self._data(tenant_id).reverse_payment(payment_id.lower())

    def void_bank_transaction(self, tenant_id: str, bank_transaction_id: str) -> Record:
        """Remove a bank transaction; Xero reports it with Status DELETED."""
        with self.store.lock:
            data = self._data(tenant_id)
            record = data.bank_transactions[bank_transaction_id.lower()]
            record["Status"] = "DELETED"
            data.touch(record)
            return record

    def void_invoice(self, tenant_id: str, invoice_id: str) -> Record:
        with self.store.lock:
            data = self._data(tenant_id)
            record = data.invoices[invoice_id.lower()]
            record["Status"] = "VOIDED"
            record["AmountDue"] = Decimal("0.00")
            data.touch(record)
            return record

    def update_bank_transaction(self, tenant_id: str, bank_transaction_id: str, **changes: Any) -> Record:
        """Change fields (e.g. LineItems=[...], Reference="x", Date=date) and recompute totals."""
        with self.store.lock:
            data = self._data(tenant_id)
            record = data.bank_transactions[bank_transaction_id.lower()]
            lines = changes.pop("LineItems", None)
            lat = changes.pop("LineAmountTypes", record["LineAmountTypes"])
            record.update(changes)
            if lines is not None or lat != record["LineAmountTypes"]:
                priced, sub, tax, total = data.build_lines(
                    lines if lines is not None else record["LineItems"],
                    lat,
                    random_uuid,
                    require_account=True,
                )
                record.update(LineItems=priced, LineAmountTypes=lat, SubTotal=sub, TotalTax=tax, Total=total)
            data.touch(record)
            return record

    def add_contact(
        self,
        tenant_id: str,
        name: str,
        email: str | None = None,
        is_customer: bool = False,
        is_supplier: bool = False,
    ) -> Record:
        with self.store.lock:
            return self._data(tenant_id).add_contact(
                random_uuid(), name, email=email, is_customer=is_customer, is_supplier=is_supplier
            )

    def add_bank_transaction(
        self,
        tenant_id: str,
        *,
        type: str = "SPEND",
        contact_id: str,
        lines: list[Record],
        date: dt.date,
        reference: str | None = None,
        currency_code: str | None = None,
        currency_rate: Decimal | None = None,
        attachment: tuple[str, bytes] | None = None,
    ) -> Record:
        """Add a SPEND/RECEIVE bank transaction; foreign currency goes through the USD card account."""
        with self.store.lock:
            data = self._data(tenant_id)
            currency = currency_code or data.tenant.base_currency
            foreign = currency != data.tenant.base_currency
            record = build_bank_transaction(
                data,
                random_uuid,
                kind=type,
                contact_id=contact_id.lower(),
                lines=lines,
                on=date,
                bank_code=USD_CARD[0] if foreign else "090",
                currency=currency,
                rate=currency_rate if foreign else None,
                reference=reference,
            )
            if attachment is not None:
                name, payload = attachment
                data.add_attachment(
                    "banktransactions",
                    record["BankTransactionID"],
                    Attachment(random_uuid(), name, _mime(name), payload),
                )
            return record

    def add_bill(
        self,
        tenant_id: str,
        *,
        contact_id: str,
        lines: list[Record],
        date: dt.date,
        number: str,
        reference: str = "",
    ) -> Record:
        """Add an AUTHORISED ACCPAY bill (e.g. next month's Xero partner bill), due in 20 days."""
        return self._add_invoice(tenant_id, "ACCPAY", contact_id, lines, date, number, reference)

    def add_sales_invoice(
        self, tenant_id: str, *, contact_id: str, lines: list[Record], date: dt.date
    ) -> Record:
        """Add an AUTHORISED ACCREC invoice the firm raised itself (e.g. last year's recharges)."""
        with self.store.lock:
            data = self._data(tenant_id)
            number = f"INV-{data.next_invoice_number:04d}"
            data.next_invoice_number += 1
            return self._add_invoice(tenant_id, "ACCREC", contact_id, lines, date, number, "")

    def _add_invoice(
        self,
        tenant_id: str,
        kind: str,
        contact_id: str,
        lines: list[Record],
        on: dt.date,
        number: str,
        ref: str,
    ) -> Record:
        with self.store.lock:
            data = self._data(tenant_id)
            return build_invoice(
                data,
                random_uuid,
                kind=kind,
                contact_id=contact_id.lower(),
                lines=lines,
                on=on,
                due=on + dt.timedelta(days=20),
                number=number,
                status="AUTHORISED",
                currency=data.tenant.base_currency,
                reference=ref,
            )

    def add_supplier_credit(
        self,
        tenant_id: str,
        *,
        contact_id: str,
        lines: list[Record],
        date: dt.date,
        number: str = "",
        allocate_to: str | None = None,
        amount: Decimal | None = None,
        status: str = "AUTHORISED",
    ) -> Record:
        """A vendor's credit note (ACCPAYCREDIT; `number` is the vendor's own, as the bookkeeper types
        it), priced tax inclusive like a receipt, and allocated to the bill `allocate_to` (all of it
        unless `amount` is given) as a bookkeeper does in Xero."""
        with self.store.lock:
            data = self._data(tenant_id)
            raw: Record = {
                "Type": "ACCPAYCREDIT",
                "Contact": {"ContactID": contact_id},
                "Date": date,
                "CreditNoteNumber": number,
                "Status": status,
                "LineAmountTypes": "Inclusive",
                "LineItems": lines,
            }
            note = sales.create_credit_note(data, raw, self.today)
            if allocate_to is not None:
                allocation = {"Invoice": {"InvoiceID": allocate_to}, "Amount": amount or note["Total"]}
                sales.allocate_credit(data, note, {**allocation, "Date": date}, self.today)
            return note

    def attachment_bytes(self, tenant_id: str, endpoint: str, guid: str, file_name: str) -> bytes:
        """Raw bytes of an attachment (endpoint is "BankTransactions" or "Invoices")."""
        with self.store.lock:
            found = self._data(tenant_id).find_attachment(endpoint.lower(), guid, file_name)
        if found is None:
            raise KeyError(f"no attachment {file_name} on {endpoint}/{guid}")
        return found.data

    @staticmethod
    def receipt_pdf(lines: list[str]) -> bytes:
        """Build a small valid PDF (handy for tests that upload receipts)."""
        return receipt_pdf(lines)


def _mime(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"
