"""The Xero adapter: every Xero call Rechargly makes goes through the official xero-python SDK here.

Two SDK quirks are contained in this module: `Configuration()` returns a copy of a process-wide
default (so we never pass settings to its constructor, we set them on the copy), and the token
endpoints are class attributes of `TokenApi` (so we set the configured URLs on our own instance).
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import urllib3
from xero_python.accounting import (
    Account,
    AccountingApi,
    Allocation,
    Allocations,
    Contact,
    CreditNote,
    CreditNotes,
    CurrencyCode,
    HistoryRecord,
    HistoryRecords,
    Invoice,
    Invoices,
    LineAmountTypes,
    LineItem,
    Payment,
    RequestEmpty,
)
from xero_python.api_client import ApiClient, Configuration
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import ApiException
from xero_python.identity import IdentityApi
from xero_python.rest import RESTClientObject

from bot.xero_limits import Limiter, TenantLimiter
from services.errors import XeroAuthError, XeroRateLimited, XeroRejected, XeroUnavailable
from services.xero_types import (
    AccessLost,
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
    PaymentTerms,
    ReceiveRecord,
    SaleLineRecord,
    SpendLineRecord,
    SpendRecord,
    TokenSet,
    XeroAccess,
    XeroAccount,
    XeroPage,
    XeroTenant,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 30
PAGE_SIZE = 1000  # Xero's largest pageSize for contacts, bank transactions, invoices and payments
INVOICE_ID_BATCH = 100  # invoice ids per request: keeps the IDs= query well inside URL limits
R = TypeVar("R")


class _RESTClientWithTimeout(RESTClientObject):
    """The SDK's HTTP client, but no request waits forever (the SDK sends no timeout by default), and
    every answer's headers are handed on: Xero says there how much of its limits is left."""

    def __init__(
        self, configuration: Configuration, timeout: float, on_headers: Callable[[Mapping[str, str]], None]
    ) -> None:
        super().__init__(configuration)
        self._default_timeout = (min(10.0, timeout), timeout)  # (connect, read) in seconds
        self._on_headers = on_headers

    def request(self, *args: Any, _request_timeout: Any = None, **kwargs: Any) -> Any:
        try:
            response = super().request(
                *args, _request_timeout=_request_timeout or self._default_timeout, **kwargs
            )
        except ApiException as error:
            self._on_headers(dict(error.headers or {}))
            raise
        self._on_headers(dict(response.getheaders()))
        return response


def _refuse_sdk_refresh(_token: dict[str, Any]) -> None:
    # Refreshing is ours alone (serialised in services.tokens); the SDK must never spend a token.
    raise RuntimeError("the Xero SDK tried to save a token it refreshed on its own")


class XeroAccountingGateway:
    """Xero's identity and accounting endpoints, rate-limited per organisation, with safe retries."""

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        api_base: str,
        identity_base: str,
        limiter: Limiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self._client_id = client_id
        self._timeout = timeout
        self._client_secret = client_secret
        self._api_base = api_base.rstrip("/")
        self._identity_base = identity_base.rstrip("/")
        self._limiter = limiter or TenantLimiter()
        self._sleep = sleep
        self._local = threading.local()
        self._api_client = self._build_api_client()
        self.accounting = AccountingApi(self._api_client, base_url=f"{self._api_base}/api.xro/2.0")
        self._identity = IdentityApi(self._api_client, base_url=self._api_base)
        self._token_api = TokenApi(self._api_client, client_id, client_secret)
        # Instance attributes shadow TokenApi's class-level URLs without changing them process-wide.
        self._token_api.refresh_token_url = f"{self._identity_base}/connect/token"
        self._token_api.revoke_token_url = f"{self._identity_base}/connect/revocation"

    def _build_api_client(self) -> ApiClient:
        config = Configuration()  # a copy of the SDK's process-wide default: safe to change
        config.oauth2_token = OAuth2Token(client_id=self._client_id, client_secret=self._client_secret)
        api_client = ApiClient(
            config,
            pool_threads=1,
            oauth2_token_getter=self._current_token,
            oauth2_token_saver=_refuse_sdk_refresh,
        )
        api_client.rest_client = _RESTClientWithTimeout(config, self._timeout, self._remember_headers)
        # urllib3 inside the SDK would otherwise retry dropped calls and sleep out 429s by itself
        # (up to a minute, unbounded by our limiter); every retry decision belongs to _call.
        api_client.rest_client.pool_manager.connection_pool_kw["retries"] = urllib3.Retry(
            total=0, redirect=False, respect_retry_after_header=False
        )
        return api_client

    def _remember_headers(self, headers: Mapping[str, str]) -> None:
        self._local.headers = headers

    def _current_token(self) -> dict[str, Any]:
        # No expiry and no refresh token: the SDK then treats the token as valid and never refreshes.
        return {
            "access_token": getattr(self._local, "access_token", ""),
            "token_type": "Bearer",
            "scope": [],
            "expires_in": None,
        }

    # --- OAuth 2 ---------------------------------------------------------------------------

    def exchange_code(self, *, code: str, code_verifier: str, redirect_uri: str) -> TokenSet:
        return self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            }
        )

    def refresh(self, *, refresh_token: str, scopes: Sequence[str]) -> TokenSet:
        return self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token, "scope": " ".join(scopes)}
        )

    def revoke(self, *, refresh_token: str) -> None:
        try:
            self._token_api.revoke_token(refresh_token)
        except Exception as error:
            # Revocation is best effort: we delete our copy of the tokens either way.
            log.warning("Xero did not confirm the token revocation (%s)", type(error).__name__)

    def _token_request(self, form: dict[str, str]) -> TokenSet:
        form = {**form, "client_id": self._client_id, "client_secret": self._client_secret}
        try:
            response, _status, _headers = self._api_client.call_api(
                self._token_api.refresh_token_url,
                "POST",
                header_params={
                    "Accept": "application/json",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                post_params=form,
                auth_settings=None,
                _preload_content=False,
                _request_timeout=TIMEOUT_SECONDS,
            )
        except ApiException as error:
            if error.status in (400, 401) and b"invalid_grant" in (_body_bytes(error)):
                raise XeroAuthError("Xero refused the grant (invalid_grant)") from None
            raise XeroUnavailable(
                f"Xero's sign-in service answered {error.status}; try again shortly."
            ) from None
        except urllib3.exceptions.HTTPError:
            raise XeroUnavailable("Couldn't reach Xero's sign-in service; try again shortly.") from None
        token = json.loads(response.data)
        return TokenSet(
            access_token=token["access_token"],
            refresh_token=token["refresh_token"],
            expires_at=datetime.now(UTC) + timedelta(seconds=int(token.get("expires_in", 1800))),
            scopes=tuple(str(token.get("scope", form.get("scope", ""))).split()),
            id_token=token.get("id_token"),
        )

    # --- Identity --------------------------------------------------------------------------

    def tenants(self, *, access_token: str) -> list[XeroTenant]:
        connections = self._call(_fixed("identity", access_token), lambda: self._identity.get_connections())
        return [
            XeroTenant(
                connection_id=str(c.id),
                tenant_id=str(c.tenant_id),
                name=c.tenant_name or "",
                tenant_type=c.tenant_type or "ORGANISATION",
            )
            for c in connections
        ]

    def organisation(self, *, access_token: str, tenant_id: str) -> OrganisationInfo:
        return self.organisation_settings(_fixed(tenant_id, access_token))

    def organisation_settings(self, access: XeroAccess) -> OrganisationInfo:
        tenant_id = access.tenant_id
        result = self._call(access, lambda: self.accounting.get_organisations(tenant_id))
        org = result.organisations[0]
        return OrganisationInfo(
            name=org.name or "",
            base_currency=_enum_text(org.base_currency),
            country_code=_enum_text(org.country_code),
            organisation_type=_enum_text(org.organisation_entity_type or org.organisation_type),
            tax_basis=_enum_text(org.sales_tax_basis),
            xero_timezone=_enum_text(org.timezone),
            short_code=org.short_code or "",
            sales_terms=_sales_terms(org.payment_terms),
        )

    # --- Accounting: the chart, invoices and receipts (the recharge engine) -------------------

    def accounts(self, access: XeroAccess) -> list[XeroAccount]:
        tenant = access.tenant_id
        result = self._call(access, lambda: self.accounting.get_accounts(tenant))
        return [
            XeroAccount(
                code=a.code or "",
                name=a.name or "",
                type=_enum_text(a.type),
                status=_enum_text(a.status),
                tax_type=a.tax_type or "",
            )
            for a in result.accounts or []
        ]

    def create_invoice(self, access: XeroAccess, draft: InvoiceDraft, idempotency_key: str) -> CreatedInvoice:
        invoice = Invoice(
            type="ACCREC",
            contact=Contact(contact_id=draft.contact_id),
            date=draft.date,
            due_date=draft.due_date,
            reference=draft.reference,
            currency_code=CurrencyCode(draft.currency_code),
            status=draft.status,
            line_amount_types=LineAmountTypes.EXCLUSIVE,
            line_items=_line_items(draft.lines),
        )
        result = self._call(
            access,
            lambda: self.accounting.create_invoices(
                access.tenant_id, Invoices(invoices=[invoice]), idempotency_key=idempotency_key
            ),
        )
        made = result.invoices[0]
        return CreatedInvoice(
            invoice_id=str(made.invoice_id),
            invoice_number=made.invoice_number or "",
            status=_enum_text(made.status),
            currency_code=_enum_text(made.currency_code),
            total=Decimal(str(made.total or 0)),
            amount_due=Decimal(str(made.amount_due or 0)),
            due_date=made.due_date,
        )

    # --- Accounting: after the invoice exists (billing: notes, sending, undo) -------------------

    def note_history(
        self, access: XeroAccess, invoice_id: str, details: str, *, idempotency_key: str
    ) -> None:
        notes = HistoryRecords(history_records=[HistoryRecord(details=details)])
        self._call(
            access,
            lambda: self.accounting.create_invoice_history(
                access.tenant_id, invoice_id, notes, idempotency_key=idempotency_key
            ),
        )

    def email_invoice(self, access: XeroAccess, invoice_id: str, *, idempotency_key: str) -> None:
        self._call(
            access,
            lambda: self.accounting.email_invoice(
                access.tenant_id, invoice_id, RequestEmpty(), idempotency_key=idempotency_key
            ),
        )

    def online_invoice_url(self, access: XeroAccess, invoice_id: str) -> str | None:
        try:
            result = self._call(
                access,
                lambda: self.accounting.get_online_invoice(access.tenant_id, invoice_id),
            )
        except XeroRejected:  # Xero has no online invoice for drafts
            return None
        links = [o.online_invoice_url for o in result.online_invoices or [] if o.online_invoice_url]
        return str(links[0]) if links else None

    def void_invoice(self, access: XeroAccess, invoice_id: str, *, idempotency_key: str) -> str:
        result = self._call(
            access,
            lambda: self.accounting.update_invoice(
                access.tenant_id,
                invoice_id,
                Invoices(invoices=[Invoice(status="VOIDED")]),
                idempotency_key=idempotency_key,
            ),
        )
        return _enum_text(result.invoices[0].status)

    def create_credit_note(
        self, access: XeroAccess, draft: CreditNoteDraft, *, idempotency_key: str
    ) -> CreatedCreditNote:
        note = CreditNote(
            type="ACCRECCREDIT",
            contact=Contact(contact_id=draft.contact_id),
            date=draft.date,
            reference=draft.reference,
            currency_code=CurrencyCode(draft.currency_code),
            status="AUTHORISED",
            line_amount_types=LineAmountTypes.EXCLUSIVE,
            line_items=_line_items(draft.lines),
        )
        result = self._call(
            access,
            lambda: self.accounting.create_credit_notes(
                access.tenant_id, CreditNotes(credit_notes=[note]), idempotency_key=idempotency_key
            ),
        )
        made = result.credit_notes[0]
        return CreatedCreditNote(
            credit_note_id=str(made.credit_note_id),
            credit_note_number=made.credit_note_number or "",
            total=_decimal(made.total),
        )

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
        allocation = Allocation(invoice=Invoice(invoice_id=invoice_id), amount=amount, date=on)
        self._call(
            access,
            lambda: self.accounting.create_credit_note_allocation(
                access.tenant_id,
                credit_note_id,
                Allocations(allocations=[allocation]),
                idempotency_key=idempotency_key,
            ),
        )

    def attachments(self, access: XeroAccess, source_kind: str, source_id: str) -> list[AttachmentInfo]:
        api = self.accounting
        lister = (
            api.get_bank_transaction_attachments
            if source_kind == "bank_transaction"
            else api.get_invoice_attachments
        )
        result = self._call(access, lambda: lister(access.tenant_id, source_id))
        return [
            AttachmentInfo(
                file_name=a.file_name or "", mime_type=a.mime_type or "", size=int(a.content_length or 0)
            )
            for a in result.attachments or []
        ]

    def attachment_bytes(
        self, access: XeroAccess, source_kind: str, source_id: str, file_name: str, mime: str
    ) -> bytes:
        api = self.accounting
        getter = (
            api.get_bank_transaction_attachment_by_file_name
            if source_kind == "bank_transaction"
            else api.get_invoice_attachment_by_file_name
        )
        # Unpreloaded: the raw body, not a temporary file the SDK would leave behind.
        response = self._call(
            access,
            lambda: getter(access.tenant_id, source_id, file_name, mime, _preload_content=False),
        )
        return bytes(response.data)

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
    ) -> None:
        self._call(
            access,
            lambda: self.accounting.create_invoice_attachment_by_file_name(
                access.tenant_id,
                invoice_id,
                file_name,
                content,
                include_online=include_online,
                idempotency_key=idempotency_key,
            ),
        )

    # --- Accounting: what the sync reads, one page at a time -----------------------------------
    # Every listing asks for the oldest change first (`order=UpdatedDateUTC ASC`) so the sync can
    # page by moving its If-Modified-Since forward: nothing is skipped when records change mid-sync.

    def contacts(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[ContactRecord]:
        body = self._json_list(
            access,
            lambda tenant, extra: self.accounting.get_contacts(tenant, include_archived=True, **extra),
            modified_since,
            page,
        )
        return _json_page(body, "Contacts", _contact_record)

    def spend_transactions(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[SpendRecord]:
        body = self._bank_transactions(access, "SPEND", modified_since, page)
        return _json_page(body, "BankTransactions", _spend_from_bank_transaction)

    def received_money(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[ReceiveRecord]:
        body = self._bank_transactions(access, "RECEIVE", modified_since, page)
        return _json_page(body, "BankTransactions", _receive_record)

    def bills(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[SpendRecord]:
        body = self._json_list(
            access,
            lambda tenant, extra: self.accounting.get_invoices(
                tenant, where='Type=="ACCPAY"', unitdp=4, **extra
            ),
            modified_since,
            page,
        )
        return _json_page(body, "Invoices", _spend_from_bill)

    def invoices_by_id(
        self, access: XeroAccess, invoice_ids: Sequence[str], *, modified_since: datetime | None
    ) -> list[InvoiceRecord]:
        """Those of these invoices (at most INVOICE_ID_BATCH) changed since the time given."""
        if len(invoice_ids) > INVOICE_ID_BATCH:
            raise ValueError(f"ask for at most {INVOICE_ID_BATCH} invoices at a time")
        result = self._list(
            access,
            lambda tenant, extra: self.accounting.get_invoices(tenant, i_ds=list(invoice_ids), **extra),
            modified_since,
            1,
        )
        return [_invoice_record(invoice) for invoice in result.invoices or []]

    def invoice_payments(
        self, access: XeroAccess, *, modified_since: datetime | None, page: int = 1
    ) -> XeroPage[PaymentRecord]:
        """Payments on sales invoices, oldest change first."""
        result = self._list(
            access,
            lambda tenant, extra: self.accounting.get_payments(
                tenant, where='PaymentType=="ACCRECPAYMENT"', **extra
            ),
            modified_since,
            page,
        )
        return _page(result, result.payments, _payment_record)

    def sales_lines(self, access: XeroAccess, *, since: date, page: int = 1) -> XeroPage[SaleLineRecord]:
        """Lines of AUTHORISED and PAID sales invoices dated from ``since`` (100 invoices a page)."""
        where = f'Type=="ACCREC" AND Date>=DateTime({since.year},{since.month:02d},{since.day:02d})'
        result = self._call(
            access,
            lambda: self.accounting.get_invoices(
                access.tenant_id, where=where, statuses=["AUTHORISED", "PAID"], page=page, unitdp=4
            ),
        )
        lines = tuple(
            SaleLineRecord(
                contact_id=str(invoice.contact.contact_id or "") if invoice.contact else "",
                contact_name=(invoice.contact.name if invoice.contact else "") or "",
                date=invoice.date,
                description=line.description or "",
                amount=_decimal(line.line_amount),
            )
            for invoice in result.invoices or []
            for line in invoice.line_items or []
        )
        return XeroPage(lines, more=len(result.invoices or []) >= 100)

    def linked_transactions(self, access: XeroAccess, *, page: int = 1) -> XeroPage[LinkedRecord]:
        """Billable expenses (needs accounting.transactions or accounting.transactions.read)."""
        result = self._call(
            access,
            lambda: self.accounting.get_linked_transactions(access.tenant_id, page=page),
        )
        return _page(result, result.linked_transactions, _linked_record)

    def payments_for_invoice(self, access: XeroAccess, invoice_id: str) -> list[PaymentRecord]:
        """Every payment on one invoice, deleted ones included (a webhook's targeted fetch)."""
        guid = str(uuid.UUID(invoice_id))  # also refuses anything that isn't a Xero id
        result = self._call(
            access,
            lambda: self.accounting.get_payments(
                access.tenant_id, where=f'Invoice.InvoiceID==guid("{guid}")'
            ),
        )
        return [_payment_record(payment) for payment in result.payments or []]

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
        account = Account(account_id=account_id) if account_id else Account(code=account_code)
        payment = Payment(
            invoice=Invoice(invoice_id=invoice_id),
            account=account,
            amount=amount,
            date=on,
            reference=reference or None,
        )
        result = self._call(
            access,
            lambda: self.accounting.create_payment(
                access.tenant_id, payment, idempotency_key=idempotency_key
            ),
        )
        return _payment_record(result.payments[0])

    def _bank_transactions(
        self, access: XeroAccess, kind: str, modified_since: datetime | None, page: int
    ) -> dict[str, Any]:
        return self._json_list(
            access,
            lambda tenant, extra: self.accounting.get_bank_transactions(
                tenant, where=f'Type=="{kind}"', unitdp=4, **extra
            ),
            modified_since,
            page,
        )

    def _list(
        self,
        access: XeroAccess,
        request: Callable[[str, dict[str, Any]], T],
        modified_since: datetime | None,
        page: int,
    ) -> T:
        extra: dict[str, Any] = {"order": "UpdatedDateUTC ASC", "page": page, "page_size": PAGE_SIZE}
        if modified_since is not None:
            extra["if_modified_since"] = modified_since
        return self._call(access, lambda: request(access.tenant_id, extra))

    def _json_list(
        self,
        access: XeroAccess,
        request: Callable[[str, dict[str, Any]], Any],
        modified_since: datetime | None,
        page: int,
    ) -> dict[str, Any]:
        """A listing page as Xero's JSON: the SDK makes the call, but its model objects (most of the
        sync's CPU on a big firm) are skipped; amounts are decoded straight into exact Decimals."""
        response = self._list(
            access,
            lambda tenant, extra: request(tenant, {**extra, "_preload_content": False}),
            modified_since,
            page,
        )
        try:
            body: dict[str, Any] = json.loads(response.data, parse_float=Decimal)
        finally:
            response.release_conn()
        return body

    # --- the call wrapper --------------------------------------------------------------------

    def _call(self, access: XeroAccess, request: Callable[[], T]) -> T:
        """One Xero request: within the tenant's limits, retried on 429/5xx/dropped connections.

        A 401 refreshes the access token once (Xero may revoke it before its stated expiry); a 401
        after that, or a 403 (the firm removed the connection), means access is lost.
        """
        refused: str | None = None
        for attempt in range(1, MAX_ATTEMPTS * 2 + 1):
            used = self._local.access_token = access.token(refused)
            try:
                with self._limiter.slot(access.tenant_id):
                    self._local.headers = {}
                    try:
                        return request()
                    finally:
                        self._limiter.observe(access.tenant_id, getattr(self._local, "headers", {}))
            except ApiException as error:
                if error.status == 401 and refused is None:
                    refused = used  # refresh unless another worker already replaced this very token
                    continue
                self._raise_unless_retryable(access, error, attempt)
                self._sleep(_retry_after(error) or _backoff(attempt))
            except urllib3.exceptions.HTTPError as error:
                if attempt >= MAX_ATTEMPTS:
                    raise XeroUnavailable(
                        "Couldn't reach Xero after several tries; nothing was lost. "
                        "Try again in a few minutes."
                    ) from error
                self._sleep(_backoff(attempt))
            finally:
                self._local.access_token = ""
        raise XeroUnavailable("Xero kept asking us to slow down; nothing was lost. Try again shortly.")

    def _raise_unless_retryable(self, access: XeroAccess, error: ApiException, attempt: int) -> None:
        status = error.status or 0
        if status in (401, 403):
            # 401 with a token refreshed just now: the grant is dead. 403: the firm removed this
            # organisation's connection. Either way Xero refuses us until someone reconnects.
            lost = AccessLost.GRANT if status == 401 else AccessLost.CONNECTION
            access.refused(lost)
            raise XeroAuthError(f"Xero refused access ({status})") from None
        if status == 429:
            problem = _header(error, "X-Rate-Limit-Problem")
            if problem.lower() == "day":
                wait = _retry_after(error) or 3600
                resume = datetime.now(UTC) + timedelta(seconds=wait)
                raise XeroRateLimited(
                    f"Xero's daily limit reached; resuming at {resume:%H:%M} UTC.", int(wait)
                ) from None
            return  # wait Retry-After; _call bounds the number of attempts
        if status >= 500 or status == 0:
            if attempt < MAX_ATTEMPTS:
                return
            raise XeroUnavailable(
                "Xero is having trouble right now (it kept answering with errors); "
                "nothing was lost. Try again in a few minutes."
            ) from None
        if status in (400, 404):
            raise XeroRejected(_validation_message(error)) from None
        if status == 413:
            raise XeroRejected("Xero refused the file: it is larger than Xero accepts.") from None
        raise XeroUnavailable(f"Xero answered {status}; try again in a few minutes.") from None


def _line_items(lines: Sequence[Any]) -> list[LineItem]:
    return [
        LineItem(
            description=line.description,
            quantity=line.quantity,
            unit_amount=line.unit_amount,
            account_code=line.account_code,
            tax_type=line.tax_type,
        )
        for line in lines
    ]


def _fixed(tenant_id: str, access_token: str) -> XeroAccess:
    """Access that cannot refresh (during consent we hold only this one token)."""
    return XeroAccess(tenant_id=tenant_id, token=lambda _refused: access_token)


def _sales_terms(terms: Any) -> PaymentTerms | None:
    sales = getattr(terms, "sales", None) if terms is not None else None
    if sales is None or sales.day is None or sales.type is None:
        return None
    return PaymentTerms(day=int(sales.day), type=_enum_text(sales.type))


def _enum_text(value: Any) -> str:
    if value is None:
        return ""
    return str(getattr(value, "value", value))


def _body_bytes(error: ApiException) -> bytes:
    body = error.body if error.body is not None else b""
    return body if isinstance(body, bytes) else str(body).encode()


def _header(error: ApiException, name: str) -> str:
    headers = error.headers or {}
    for key, value in dict(headers).items():
        if key.lower() == name.lower():
            return str(value)
    return ""


def _retry_after(error: ApiException) -> float | None:
    raw = _header(error, "Retry-After")
    return float(raw) if raw.replace(".", "", 1).isdigit() else None


def _backoff(attempt: int) -> float:
    """Exponential backoff with full jitter, capped, so retries from many workers spread out."""
    return float(random.uniform(0, min(8.0, 0.25 * 2**attempt)))


def _validation_message(error: ApiException) -> str:
    """Xero's own words from a ValidationException body, joined."""
    try:
        body = json.loads(_body_bytes(error))
    except ValueError:
        return f"Xero refused the request ({error.status})."
    messages = [
        problem.get("Message", "")
        for element in body.get("Elements", [])
        for problem in element.get("ValidationErrors", [])
    ]
    return "; ".join(m for m in messages if m) or str(
        body.get("Message") or body.get("Detail") or f"Xero refused the request ({error.status})."
    )


# --- SDK models → plain records ----------------------------------------------------------------
# The SDK parses Xero's JSON numbers into floats. Each value Xero sends has at most 15 significant
# digits, so str(float) gives back exactly the decimal Xero wrote; we quantize it to the places Xero
# uses for that field (2 for amounts, 4 for quantities and unit amounts with unitdp=4, 6 for rates).
CENTS = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
SIX_PLACES = Decimal("0.000001")


def _decimal(value: Any, places: Decimal = CENTS) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(places)


def _optional_decimal(value: Any, places: Decimal = CENTS) -> Decimal | None:
    """A field Xero may leave out (a line's DiscountRate): None when it does."""
    return None if value is None else _decimal(value, places)


def _utc(value: datetime | None) -> datetime | None:
    """Aware UTC, to Xero's millisecond (the SDK's float timestamp may be off by a microsecond)."""
    if value is None:
        return None
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    millis = round(moment.microsecond / 1000)
    return moment.replace(microsecond=0) + timedelta(milliseconds=millis)


def _page(result: Any, items: list[Any] | None, convert: Callable[[Any], R]) -> XeroPage[R]:
    records = tuple(convert(item) for item in items or [])
    pagination: Any = getattr(result, "pagination", None)
    total = getattr(pagination, "item_count", None)
    if total is not None:
        page, size = pagination.page or 1, pagination.page_size or PAGE_SIZE
        return XeroPage(records, more=page * size < total, remaining=max(0, total - (page - 1) * size))
    return XeroPage(records, more=len(records) >= PAGE_SIZE)


# The sync's listings are decoded from Xero's JSON directly (see _json_list): the same records.
_MS_DATE_RE = re.compile(r"/Date\((-?\d+)([+-]\d{4})?\)/")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _json_page(body: dict[str, Any], key: str, convert: Callable[[dict[str, Any]], R]) -> XeroPage[R]:
    records = tuple(convert(item) for item in body.get(key) or [])
    pagination = body.get("pagination") or {}
    total = pagination.get("itemCount")
    if total is not None:
        page, size = pagination.get("page") or 1, pagination.get("pageSize") or PAGE_SIZE
        return XeroPage(records, more=page * size < total, remaining=max(0, total - (page - 1) * size))
    return XeroPage(records, more=len(records) >= PAGE_SIZE)


def _json_moment(value: str | None) -> datetime | None:
    """Xero's `/Date(ms+0000)/` (or an ISO timestamp, naive meaning UTC) as an aware UTC datetime."""
    if not value:
        return None
    match = _MS_DATE_RE.fullmatch(value)
    if match:
        return _EPOCH + timedelta(milliseconds=int(match.group(1)))
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _json_date(value: str) -> date:
    if _MS_DATE_RE.fullmatch(value):
        return (_json_moment(value) or _EPOCH).date()
    return date.fromisoformat(value[:10])


def _json_id(value: Any) -> str:
    return str(value).lower() if value else ""


def _contact_record(contact: dict[str, Any]) -> ContactRecord:
    return ContactRecord(
        xero_id=_json_id(contact.get("ContactID")),
        name=contact.get("Name") or "",
        email=contact.get("EmailAddress") or None,
        is_customer=bool(contact.get("IsCustomer")),
        is_supplier=bool(contact.get("IsSupplier")),
        status=contact.get("ContactStatus") or "ACTIVE",
        updated_at=_utc(_json_moment(contact.get("UpdatedDateUTC"))),
    )


def _lines(items: list[dict[str, Any]] | None) -> tuple[SpendLineRecord, ...]:
    return tuple(
        SpendLineRecord(
            line_key=str(line.get("LineItemID") or position).lower(),
            description=line.get("Description") or "",
            quantity=_decimal(line["Quantity"] if line.get("Quantity") is not None else 1, FOUR_PLACES),
            unit_amount=_decimal(line.get("UnitAmount"), FOUR_PLACES),
            line_amount=_decimal(line.get("LineAmount")),
            tax_amount=_decimal(line.get("TaxAmount")),
            account_code=line.get("AccountCode") or "",
            tax_type=line.get("TaxType") or "",
            tracking=tuple((t.get("Name") or "", t.get("Option") or "") for t in line.get("Tracking") or []),
            discount_rate=_optional_decimal(line.get("DiscountRate")),
            discount_amount=_optional_decimal(line.get("DiscountAmount")),
        )
        for position, line in enumerate(items or [])
    )


def _contact_id(contact: dict[str, Any] | None) -> str | None:
    return _json_id(contact["ContactID"]) if contact and contact.get("ContactID") else None


def _spend_from_bank_transaction(txn: dict[str, Any]) -> SpendRecord:
    return _spend_record(txn, source="bank_transaction", xero_id=txn["BankTransactionID"], invoice_number="")


def _spend_from_bill(bill: dict[str, Any]) -> SpendRecord:
    return _spend_record(
        bill, source="bill", xero_id=bill["InvoiceID"], invoice_number=bill.get("InvoiceNumber") or ""
    )


def _spend_record(item: dict[str, Any], *, source: str, xero_id: Any, invoice_number: str) -> SpendRecord:
    """A SPEND bank transaction or an ACCPAY bill: they share these fields."""
    contact = item.get("Contact")
    rate = item.get("CurrencyRate")
    return SpendRecord(
        source=source,
        xero_id=_json_id(xero_id),
        contact_xero_id=_contact_id(contact),
        contact_name=(contact.get("Name") if contact else "") or "",
        date=_json_date(item["Date"]),
        reference=item.get("Reference") or "",
        invoice_number=invoice_number,
        currency_code=item.get("CurrencyCode") or "",
        currency_rate=_decimal(rate, SIX_PLACES) if rate else None,
        line_amount_types=item.get("LineAmountTypes") or "Exclusive",
        sub_total=_decimal(item.get("SubTotal")),
        total_tax=_decimal(item.get("TotalTax")),
        total=_decimal(item.get("Total")),
        status=item.get("Status") or "",
        has_attachments=bool(item.get("HasAttachments")),
        updated_at=_utc(_json_moment(item.get("UpdatedDateUTC"))),
        lines=_lines(item.get("LineItems")),
    )


def _receive_record(txn: dict[str, Any]) -> ReceiveRecord:
    account = txn.get("BankAccount")
    return ReceiveRecord(
        xero_id=_json_id(txn["BankTransactionID"]),
        contact_xero_id=_contact_id(txn.get("Contact")),
        date=_json_date(txn["Date"]),
        reference=txn.get("Reference") or "",
        currency_code=txn.get("CurrencyCode") or "",
        total=_decimal(txn.get("Total")),
        bank_account_id=str(account.get("AccountID") or "").lower() if account else "",
        bank_account_code=(account.get("Code") or "") if account else "",
        status=txn.get("Status") or "",
        is_reconciled=bool(txn.get("IsReconciled")),
        updated_at=_utc(_json_moment(txn.get("UpdatedDateUTC"))),
    )


def _invoice_record(invoice: Any) -> InvoiceRecord:
    return InvoiceRecord(
        xero_id=str(invoice.invoice_id).lower(),
        invoice_number=invoice.invoice_number or "",
        status=_enum_text(invoice.status),
        currency_code=_enum_text(invoice.currency_code),
        total=_decimal(invoice.total),
        amount_due=_decimal(invoice.amount_due),
        amount_paid=_decimal(invoice.amount_paid),
        due_date=invoice.due_date,
        reference=invoice.reference or "",
        updated_at=_utc(invoice.updated_date_utc),
    )


def _payment_record(payment: Any) -> PaymentRecord:
    return PaymentRecord(
        xero_id=str(payment.payment_id).lower(),
        invoice_xero_id=str(payment.invoice.invoice_id).lower() if payment.invoice else "",
        date=payment.date,
        amount=_decimal(payment.amount),
        account_code=(payment.account.code or "") if payment.account else "",
        status=_enum_text(payment.status) or "AUTHORISED",
        updated_at=_utc(payment.updated_date_utc),
    )


def _linked_record(link: Any) -> LinkedRecord:
    return LinkedRecord(
        source_transaction_id=str(link.source_transaction_id or "").lower(),
        source_line_item_id=str(link.source_line_item_id or "").lower(),
        status=_enum_text(link.status),
        contact_id=str(link.contact_id or "").lower(),
    )
