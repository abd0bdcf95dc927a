"""Plain data the Xero gateway hands to the services (no SDK types leak past the adapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


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
