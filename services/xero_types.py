"""Plain data the Xero gateway hands to the services (no SDK types leak past the adapter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar


@dataclass(frozen=True)
class TokenSet:
    """An OAuth token pair. repr() shows no token."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime
    scopes: tuple[str, ...]
    id_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class XeroTenant:
    connection_id: str  # the /connections id, needed to disconnect one tenant
    tenant_id: str
    name: str
    tenant_type: str = "ORGANISATION"


@dataclass(frozen=True)
class OrganisationInfo:
    name: str
    base_currency: str
    country_code: str
    organisation_type: str
    tax_basis: str
    xero_timezone: str
    short_code: str = ""
    sales_terms: PaymentTerms | None = None  # the organisation's default terms for invoices

    @property
    def timezone(self) -> str:
        return iana_timezone(self.xero_timezone)


# Xero names Windows-style timezones; schedules need IANA names.
_XERO_TIMEZONES = {
    "NEWZEALANDSTANDARDTIME": "Pacific/Auckland",
    "AUSEASTERNSTANDARDTIME": "Australia/Sydney",
    "EAUSTRALIASTANDARDTIME": "Australia/Brisbane",
    "CENAUSTRALIASTANDARDTIME": "Australia/Adelaide",
    "AUSCENTRALSTANDARDTIME": "Australia/Darwin",
    "WAUSTRALIASTANDARDTIME": "Australia/Perth",
    "TASMANIASTANDARDTIME": "Australia/Hobart",
    "GMTSTANDARDTIME": "Europe/London",
    "GREENWICHSTANDARDTIME": "Atlantic/Reykjavik",
    "WEUROPESTANDARDTIME": "Europe/Berlin",
    "ROMANCESTANDARDTIME": "Europe/Paris",
    "EASTERNSTANDARDTIME": "America/New_York",
    "CENTRALSTANDARDTIME": "America/Chicago",
    "MOUNTAINSTANDARDTIME": "America/Denver",
    "PACIFICSTANDARDTIME": "America/Los_Angeles",
    "SINGAPORESTANDARDTIME": "Asia/Singapore",
    "SOUTHAFRICASTANDARDTIME": "Africa/Johannesburg",
    "UTC": "UTC",
}


def iana_timezone(xero_timezone: str) -> str:
    """The IANA zone for Xero's timezone name; UTC when Xero sends one we don't know."""
    return _XERO_TIMEZONES.get(xero_timezone.upper().replace(" ", ""), "UTC")


# --- accounting: what the recharge engine reads and writes -----------------------------------


class AccessLost(StrEnum):
    """What Xero refused: the whole grant (401 after a refresh) or one organisation (403)."""

    GRANT = "grant"
    CONNECTION = "connection"


def _nobody_told(_lost: AccessLost) -> None:
    return None


@dataclass(frozen=True)
class XeroAccess:
    """Which organisation to call, how to get a valid access token, and whom to tell when refused."""

    tenant_id: str
    # Given the access token Xero just refused (or None), returns a valid one, refreshing if needed.
    token: Callable[[str | None], str] = field(repr=False)
    # Called when Xero refuses access for good; it may raise NeedsReconnect itself.
    refused: Callable[[AccessLost], None] = field(default=_nobody_told, repr=False)


@dataclass(frozen=True)
class XeroAccount:
    code: str
    name: str
    type: str
    status: str
    tax_type: str = ""


@dataclass(frozen=True)
class PaymentTerms:
    """Xero's payment terms: a day and a type such as DAYSAFTERBILLDATE or OFFOLLOWINGMONTH."""

    day: int
    type: str


@dataclass(frozen=True)
class InvoiceLineDraft:
    description: str
    quantity: Decimal
    unit_amount: Decimal
    account_code: str
    tax_type: str


@dataclass(frozen=True)
class InvoiceDraft:
    """An ACCREC invoice to create (LineAmountTypes Exclusive)."""

    contact_id: str
    date: dt.date
    due_date: dt.date
    reference: str
    currency_code: str
    status: str
    lines: tuple[InvoiceLineDraft, ...]


@dataclass(frozen=True)
class CreatedInvoice:
    invoice_id: str
    invoice_number: str
    status: str
    currency_code: str
    total: Decimal
    amount_due: Decimal
    due_date: dt.date | None


@dataclass(frozen=True)
class SaleLineRecord:
    """One line of a sales invoice the firm raised (for rules suggested from its history)."""

    contact_id: str
    contact_name: str
    date: dt.date
    description: str
    amount: Decimal  # the line amount as invoiced


@dataclass(frozen=True)
class LinkedRecord:
    """A spend line Xero links to a customer as a billable expense (LinkedTransactions)."""

    source_transaction_id: str
    source_line_item_id: str
    status: str  # APPROVED | DRAFT | ONDRAFT | BILLED | VOIDED
    contact_id: str


@dataclass(frozen=True)
class CreditNoteDraft:
    """An ACCRECCREDIT credit note to create (LineAmountTypes Exclusive), AUTHORISED."""

    contact_id: str
    date: dt.date
    reference: str
    currency_code: str
    lines: tuple[InvoiceLineDraft, ...]


@dataclass(frozen=True)
class CreatedCreditNote:
    credit_note_id: str
    credit_note_number: str
    total: Decimal


@dataclass(frozen=True)
class AttachmentInfo:
    file_name: str
    mime_type: str
    size: int = 0


# --- accounting: what the sync reads ---------------------------------------------------------

R = TypeVar("R")


@dataclass(frozen=True)
class XeroPage(Generic[R]):
    """One page of a listing, oldest change first; `remaining` counts this page and all after it."""

    records: tuple[R, ...]
    more: bool
    remaining: int | None = None  # Xero's itemCount for the query, when it reports one


@dataclass(frozen=True)
class ContactRecord:
    xero_id: str
    name: str
    email: str | None
    is_customer: bool
    is_supplier: bool
    status: str  # ACTIVE | ARCHIVED | GDPRREQUEST
    updated_at: datetime | None


@dataclass(frozen=True)
class SpendLineRecord:
    line_key: str  # Xero's LineItemID, or the position when it has none
    description: str
    quantity: Decimal
    unit_amount: Decimal
    line_amount: Decimal
    tax_amount: Decimal
    account_code: str
    tax_type: str
    tracking: tuple[tuple[str, str], ...]  # (category, option)
    discount_rate: Decimal | None = None  # Xero's DiscountRate (percent); line_amount is after it
    discount_amount: Decimal | None = None  # Xero's DiscountAmount


@dataclass(frozen=True)
class SpendRecord:
    """A SPEND bank transaction (source "bank_transaction") or an ACCPAY bill (source "bill")."""

    source: str
    xero_id: str
    contact_xero_id: str | None
    contact_name: str
    date: dt.date
    reference: str
    invoice_number: str
    currency_code: str
    currency_rate: Decimal | None
    line_amount_types: str
    sub_total: Decimal
    total_tax: Decimal
    total: Decimal
    status: str
    has_attachments: bool
    updated_at: datetime | None
    lines: tuple[SpendLineRecord, ...]


@dataclass(frozen=True)
class ReceiveRecord:
    """A RECEIVE bank transaction: money in."""

    xero_id: str
    contact_xero_id: str | None
    date: dt.date
    reference: str
    currency_code: str
    total: Decimal
    bank_account_id: str
    bank_account_code: str
    status: str
    is_reconciled: bool
    updated_at: datetime | None


@dataclass(frozen=True)
class InvoiceRecord:
    """An ACCREC invoice as Xero has it now (status, what is still due)."""

    xero_id: str
    invoice_number: str
    status: str
    currency_code: str
    total: Decimal
    amount_due: Decimal
    amount_paid: Decimal
    due_date: dt.date | None
    reference: str
    updated_at: datetime | None


@dataclass(frozen=True)
class PaymentRecord:
    xero_id: str
    invoice_xero_id: str
    date: dt.date
    amount: Decimal
    account_code: str
    status: str  # AUTHORISED | DELETED
    updated_at: datetime | None
