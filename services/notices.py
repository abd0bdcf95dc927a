"""What the services tell people in Slack, as plain data (no markup); the handlers render each one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Notice:
    """Base of every message a service sends."""


@dataclass(frozen=True)
class OptionalAccess:
    """Access Rechargly can recharge without, but does more with: what it adds, and whether it is
    asked for (XERO_SCOPES) and granted (None: not connected yet)."""

    name: str  # "Billable expenses (LinkedTransactions)"
    scope: str  # "accounting.transactions.read"
    adds: str  # what Rechargly does with it
    requested: bool
    granted: bool | None = None


@dataclass(frozen=True)
class XeroConnected(Notice):
    organisation: str
    base_currency: str
    country_code: str
    organisation_type: str
    optional: tuple[OptionalAccess, ...] = ()


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
    match_note: str = ""  # how a per-client bill line found its client: "matched by name (97%)"
    discount_note: str = ""  # who got the charge's partner discount: "Partner discount $19.50 (25%) kept…"
    refund_note: str = ""  # what a vendor's refund did to it: "$57.50 refunded by Adobe"


@dataclass(frozen=True)
class ProposalDecision:
    """What happened to (some of) a message's proposals."""

    kind: str  # "approved" | "rejected" | "accruing"
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
    until: str = ""  # kind "accruing": the minimum invoice amount, e.g. "$5.00"
    billing_run_on: str = ""  # kind "accruing" in monthly mode: the next billing run's date instead
    access_lost: bool = False  # not created because Xero access was lost; resumes on reconnect


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
    access_lost: bool = False  # no Retry: the invoice is raised by itself after reconnecting
    fix: str | None = None  # what the firm can do about Xero's refusal, when we know


@dataclass(frozen=True)
class BillLinesNeedClient:
    vendor: str  # "Xero"
    month: str  # "November 2026"
    lines: int


@dataclass(frozen=True)
class LinesNeedClient(Notice):
    """Posted once per sync when newly synced per-client bills have lines no client was sure for."""

    organisation: str
    bills: tuple[BillLinesNeedClient, ...]


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


# --- vendors' refunds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundOutcome:
    """What a vendor's refund did to one client's recharge."""

    client_name: str
    charge: str  # "Adobe Acrobat Pro, 18 Nov 2026"
    what: str  # withdrawn | reduced | crediting | credited; once voided: restored | reinstated | check
    amount: str  # taken off the recharge, or credited to the client
    left: str = ""  # reduced: what the client is still charged
    invoice_number: str = ""  # crediting, credited: the client's invoice
    credit_note: str = ""  # credited: the credit note raised in Xero
    allocated: str = ""  # credited: how much of it paid the invoice


@dataclass(frozen=True)
class SupplierRefundApplied(Notice):
    """A vendor refunded a recharged charge: its recharges were withdrawn, reduced or credited."""

    organisation: str
    supplier: str
    amount: str
    received_on: date
    document: str  # "credit note CN-0001", "money received"
    reference: str
    evidence: str  # why this charge: "allocated to bill XERO-202611", "same amount and description"
    outcomes: tuple[RefundOutcome, ...]
    xero_url: str


@dataclass(frozen=True)
class SupplierRefundVoided(Notice):
    """A vendor's refund Rechargly had acted on was voided or deleted in Xero: what it did is undone
    (outcomes: "restored" back for approval, "reinstated" its amount, "check" for a person)."""

    organisation: str
    supplier: str
    amount: str
    received_on: date
    document: str
    reference: str
    outcomes: tuple[RefundOutcome, ...]
    xero_url: str


@dataclass(frozen=True)
class RefundCandidate:
    """A charge an unclear refund could be for."""

    charge: str  # "Adobe Acrobat Pro, 18 Nov 2026"
    amount: str
    recharged: str  # "Aroha Ltd (waiting for approval)", or "" when nothing recharged it
    xero_url: str
    line_id: int = 0  # the charge line: what a person picks (0: queued before it could be picked)


@dataclass(frozen=True)
class SupplierRefundUnclear(Notice):
    """A vendor's refund could be for several charges: nothing changes until a person says which."""

    organisation: str
    supplier: str
    amount: str
    received_on: date
    document: str
    reference: str
    candidates: tuple[RefundCandidate, ...]
    more: int  # candidates not listed
    xero_url: str
    is_credit_note: bool
    refund_id: int = 0  # what a person's answer settles (0: queued before it could be answered)


# --- payments and the daily digest --------------------------------------------------------------


@dataclass(frozen=True)
class PaymentReceived(Notice):
    """💰 A client paid (some of) a recharge invoice."""

    client_name: str
    invoice_number: str
    amount: str
    what: str  # "Xero subscription Nov 2026 recharge"
    remaining: str | None  # None once fully paid
    invoice_url: str
    applied_by_us: bool = False  # Rechargly matched the money received and created the payment


@dataclass(frozen=True)
class PaymentReversed(Notice):
    """A payment announced earlier was removed in Xero: the invoice is owed again."""

    client_name: str
    invoice_number: str
    amount: str
    remaining: str
    invoice_url: str


@dataclass(frozen=True)
class InvoiceVoided(Notice):
    client_name: str
    invoice_number: str
    total: str
    recharges: int  # recharges flagged for review because their invoice is gone
    invoice_url: str


@dataclass(frozen=True)
class PaymentCandidate:
    invoice_id: int
    invoice_number: str
    due: str  # "due 12 Dec 2026"


@dataclass(frozen=True)
class PaymentMatchChoice(Notice):
    """Money came in that could pay several recharge invoices: a person picks which."""

    received_id: int
    client_name: str
    amount: str
    received_on: date
    reference: str
    candidates: tuple[PaymentCandidate, ...]
    applied_to: str | None = None  # set once a person chose
    applied_by: str | None = None


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest list: who or what (a name from Xero), and the rest in plain words."""

    name: str  # "Acme Ltd"
    detail: str  # "INV-0042 $55.00, 12 days overdue"


@dataclass(frozen=True)
class DigestList:
    """One list in the digest: a headline count, the first few lines, and how many more there are."""

    count: int
    amount: str = ""  # their total, when money
    shown: tuple[DigestItem, ...] = ()
    more: int = 0


@dataclass(frozen=True)
class DailyDigest(Notice):
    organisation: str
    period_start: datetime
    period_end: datetime
    charges_found: int
    proposed: int
    approved: int
    auto_approved: int
    rejected: int
    invoices_created: int
    invoiced_total: str
    payments_received: int
    paid_total: str
    waiting: DigestList
    unmatched: DigestList
    overdue: DigestList
    attention: tuple[str, ...]  # plain sentences (no markup): names in them are shown as typed
    accruing: DigestList = DigestList(count=0)  # approved, below the minimum invoice amount
    billing_run_on: str = ""  # monthly mode: approved charges wait for this billing run instead

    @property
    def empty(self) -> bool:
        """Nothing happened and nothing waits: the scheduled digest is skipped (DIGEST_SKIP_EMPTY)."""
        counts = (
            self.charges_found,
            self.proposed,
            self.approved,
            self.auto_approved,
            self.rejected,
            self.invoices_created,
            self.payments_received,
            self.waiting.count,
            self.unmatched.count,
            self.overdue.count,
        )
        return not any(counts) and not self.attention


# --- the outbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RechargesWaiting(Notice):
    """One run proposed recharges for many clients: one summary whose Review opens a paged review."""

    batch_id: int
    organisation: str
    clients: int
    total: str  # "$4,210.50"
    pending_clients: int  # still waiting for a decision (the summary is edited as people decide)


@dataclass(frozen=True)
class ChannelUnreachable(Notice):
    """Told to the admins once: Slack refused a channel, so its messages wait until it is fixed."""

    channel: str
    error: str  # not_in_channel | channel_not_found | is_archived
    waiting: int
