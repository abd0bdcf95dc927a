"""What the services tell people in Slack, as plain data; handlers/blocks.py renders each one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Notice:
    """Base of every message a service sends."""


@dataclass(frozen=True)
class XeroConnected(Notice):
    organisation: str
    base_currency: str
    country_code: str
    organisation_type: str


@dataclass(frozen=True)
class PickOrganisations(Notice):
    grant_id: int
    choices: tuple[tuple[str, str], ...]  # (tenant_id, name)


@dataclass(frozen=True)
class XeroNeedsReconnect(Notice):
    organisations: tuple[str, ...]


# --- recharge proposals ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalLine:
    """One charge in a proposal message, already worded for the reader."""

    recharge_id: int
    vendor: str
    charge_date: date
    source_amount: str  # in the charge's currency, e.g. "USD 20.00"
    amount: str  # what the client is invoiced, base currency
    explanation: str  # "50% of $66.00, converted from USD at 0.59 = NZD 32.66 + 10% markup"
    has_receipt: bool
    xero_url: str
    status: str  # a RechargeStatus value
    auto_approved: bool = False
    needs_review: bool = False


@dataclass(frozen=True)
class ProposalDecision:
    """What happened to (some of) a message's proposals."""

    kind: str  # "approved" | "rejected"
    by: str  # Slack user id, or "rechargly" for automatic approval
    auto: bool = False
    invoice_id: int | None = None
    invoice_state: str = ""  # an InvoiceState value
    invoice_number: str | None = None
    invoice_url: str | None = None
    total: str = ""
    receipts: int = 0
    error: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class RechargeProposal(Notice):
    """The one message per client per sync: the charges to recharge and what was decided."""

    message_id: int
    client_name: str
    organisation: str
    lines: tuple[ProposalLine, ...]
    pending_total: str
    pending_count: int
    decisions: tuple[ProposalDecision, ...] = ()


@dataclass(frozen=True)
class InvoiceFailed(Notice):
    """Posted in the proposal's thread: Xero's own words, and a Retry button."""

    invoice_id: int
    client_name: str
    error: str


# --- sync --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityProgress:
    """How far one kind of Xero record has got in a sync."""

    label: str  # "Contacts", "Bank transactions", …
    fetched: int = 0
    expected: int | None = None  # what Xero said it would send, when it says
    finished: bool = False
    new: int = 0
    updated: int = 0
    voided: int = 0  # deleted, voided or archived in Xero


@dataclass(frozen=True)
class SyncProgress(Notice):
    """The one message a sync edits as it goes, ending as its summary."""

    organisation: str
    state: str  # running | ok | failed | limited
    entities: tuple[EntityProgress, ...]
    found: tuple[tuple[str, int], ...] = ()  # what sync listeners reported, e.g. ("proposals created", 3)
    error: str | None = None
    started_by: str = ""
