"""The narrow ports through which services reach the outside world."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Protocol

from services.notices import Notice
from services.xero_types import (
    AttachmentInfo,
    ContactRecord,
    CreatedCreditNote,
    CreatedInvoice,
    CreditNoteDraft,
    InvoiceDraft,
    InvoiceRecord,
    LinkedRecord,
    OrganisationInfo,
    PaymentRecord,
    ReceiveRecord,
    SaleLineRecord,
    SpendRecord,
    SupplierCreditRecord,
    TokenSet,
    XeroAccess,
    XeroAccount,
    XeroPage,
    XeroTenant,
)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SlackNotifier(Protocol):
    """What services say in Slack. They hand over a notice; the adapter in bot/ renders it."""

    def post(self, *, team_id: str, channel: str, notice: Notice) -> str:
        """Post a message; returns its ts."""
        ...

    def update(self, *, team_id: str, channel: str, ts: str, notice: Notice) -> None: ...

    def dm(self, *, team_id: str, user: str, notice: Notice) -> tuple[str, str]:
        """Post to the user's direct messages; returns (channel, ts)."""
        ...

    def user_is_admin(self, *, team_id: str, user: str) -> bool: ...

    def user_name(self, *, team_id: str, user: str) -> str | None:
        """The person's name as Slack shows it (real name, else display name); None if it has none.
        SlackUnavailable when Slack can't say (unknown user, Slack down)."""
        ...


class SlackFiles(Protocol):
    """Reads a file a person gave Slack (a modal's file input, a file shared with the bot)."""

    def download(self, *, team_id: str, file_id: str) -> SlackFile: ...


@dataclass(frozen=True)
class SlackFile:
    file_id: str
    name: str
    filetype: str
    content: bytes


class XeroIdentity(Protocol):
    """Xero's OAuth 2 endpoints and the organisation a token reaches."""

    def exchange_code(self, *, code: str, code_verifier: str, redirect_uri: str) -> TokenSet: ...

    def refresh(self, *, refresh_token: str, scopes: Sequence[str]) -> TokenSet:
        """Spend a refresh token for a new pair; raises XeroAuthError when Xero refuses it."""
        ...

    def revoke(self, *, refresh_token: str) -> None: ...

    def tenants(self, *, access_token: str) -> list[XeroTenant]: ...

    def organisation(self, *, access_token: str, tenant_id: str) -> OrganisationInfo: ...


class XeroInvoicing(Protocol):
    """What the recharge engine asks of Xero: the chart, invoices and receipts."""

    def organisation_settings(self, access: XeroAccess) -> OrganisationInfo:
        """The organisation's settings (its default payment terms for invoices)."""
        ...

    def accounts(self, access: XeroAccess) -> list[XeroAccount]: ...

    def create_invoice(self, access: XeroAccess, draft: InvoiceDraft, idempotency_key: str) -> CreatedInvoice:
        """PUT /Invoices with an Idempotency-Key: the same key never creates a second invoice."""
        ...

    def attachments(self, access: XeroAccess, source_kind: str, source_id: str) -> list[AttachmentInfo]:
        """The files on a bank transaction (source_kind "bank_transaction") or bill ("bill")."""
        ...

    def attachment_bytes(
        self, access: XeroAccess, source_kind: str, source_id: str, file_name: str, mime: str
    ) -> bytes: ...

    def attach_to_invoice(
        self,
        access: XeroAccess,
        invoice_id: str,
        file_name: str,
        content: bytes,
        mime: str,
        *,
        include_online: bool = True,
        idempotency_key: str,
    ) -> None: ...


class XeroSales(Protocol):
    """What billing asks of Xero after an invoice exists: notes, sending, links, and undoing it.

    Every call that changes something carries an idempotency key: a retry never does it twice.
    """

    def note_history(
        self, access: XeroAccess, invoice_id: str, details: str, *, idempotency_key: str
    ) -> None:
        """PUT /Invoices/{id}/History."""
        ...

    def email_invoice(self, access: XeroAccess, invoice_id: str, *, idempotency_key: str) -> None:
        """POST /Invoices/{id}/Email; XeroRejected when the contact has no email address."""
        ...

    def online_invoice_url(self, access: XeroAccess, invoice_id: str) -> str | None:
        """GET /Invoices/{id}/OnlineInvoice; None when Xero gives no link (a draft)."""
        ...

    def void_invoice(self, access: XeroAccess, invoice_id: str, *, idempotency_key: str) -> str:
        """POST /Invoices/{id} with Status VOIDED; returns the status Xero reports."""
        ...

    def create_credit_note(
        self, access: XeroAccess, draft: CreditNoteDraft, *, idempotency_key: str
    ) -> CreatedCreditNote:
        """PUT /CreditNotes (AUTHORISED)."""
        ...

    def allocate_credit_note(
        self,
        access: XeroAccess,
        credit_note_id: str,
        *,
        invoice_id: str,
        amount: Decimal,
        on: date,
        idempotency_key: str,
    ) -> None:
        """PUT /CreditNotes/{id}/Allocations: part of the credit pays the invoice."""
        ...


class XeroLinks(Protocol):
    """Xero's billable expenses: spend lines the firm already bills to customers in Xero itself."""

    def linked_transactions(self, access: XeroAccess, *, page: int = 1) -> XeroPage[LinkedRecord]: ...


class XeroSalesHistory(Protocol):
    """The firm's own sales invoices since a date, one page at a time (lines flattened)."""

    def sales_lines(self, access: XeroAccess, *, since: date, page: int = 1) -> XeroPage[SaleLineRecord]: ...


class SyncListener(Protocol):
    """Told after each sync which spend transactions changed; returns counts for the sync summary."""

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]: ...


class XeroAccounting(Protocol):
    """What the sync reads from Xero: listings one page at a time, oldest change first."""

    def organisation_settings(self, access: XeroAccess) -> OrganisationInfo: ...

    def contacts(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[ContactRecord]:
        """All contacts, archived ones included."""
        ...

    def spend_transactions(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[SpendRecord]: ...

    def bills(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[SpendRecord]: ...

    def received_money(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[ReceiveRecord]: ...

    def supplier_credits(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[SupplierCreditRecord]:
        """ACCPAYCREDIT credit notes: what vendors credited or refunded."""
        ...

    def invoices_by_id(
        self, access: XeroAccess, invoice_ids: Sequence[str], *, modified_since: datetime | None
    ) -> list[InvoiceRecord]: ...

    def invoice_payments(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[PaymentRecord]: ...


class XeroPayments(Protocol):
    """What reconciliation asks of Xero: one invoice and its payments now, and paying an invoice."""

    def invoices_by_id(
        self, access: XeroAccess, invoice_ids: Sequence[str], *, modified_since: datetime | None
    ) -> list[InvoiceRecord]: ...

    def payments_for_invoice(self, access: XeroAccess, invoice_id: str) -> list[PaymentRecord]: ...

    def create_payment(
        self,
        access: XeroAccess,
        *,
        invoice_id: str,
        account_id: str,
        account_code: str,
        amount: Decimal,
        on: date,
        reference: str,
        idempotency_key: str,
    ) -> PaymentRecord:
        """PUT /Payments with an Idempotency-Key: the same key never pays twice."""
        ...


class BackgroundWork(Protocol):
    """Runs slow work (a sync) off the Slack listener thread, so the command acks at once."""

    def submit(self, fn: Callable[[], object]) -> None: ...
