"""Plain data the Xero gateway hands to the services (no SDK types leak past the adapter)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
import datetime as dt
from datetime import datetime
from decimal import Decimal


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


@dataclass(frozen=True)
class XeroAccess:
    """Which organisation to call and how to get a valid access token for it."""

    tenant_id: str
    token: Callable[[bool], str] = field(repr=False)  # force_refresh -> access token


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
class AttachmentInfo:
    file_name: str
    mime_type: str
    size: int = 0
