"""Every table Rechargly stores, in one module.

Money columns are `Money` (exact decimal text on SQLite, NUMERIC on PostgreSQL) so no amount ever
passes through a float. Times are stored in UTC and come back timezone-aware.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Dialect, Index, LargeBinary, Numeric, String
from sqlalchemy import UniqueConstraint as Unique
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class Money(TypeDecorator[Decimal]):
    """Decimal stored exactly: NUMERIC(19, 6) on PostgreSQL, text on SQLite (whose NUMERIC is a float)."""

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(19, 6, asdecimal=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if not isinstance(value, Decimal):
            raise TypeError(f"money must be Decimal, got {type(value).__name__}")
        return value if dialect.name == "postgresql" else format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(str(value))


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _money(*, default: Decimal | None = None, nullable: bool = False) -> Any:
    return Field(default=default, sa_column=Column(Money(), nullable=nullable))


def _when(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _json(default: Any) -> Any:
    return Field(default_factory=lambda: type(default)(default), sa_column=Column(JSON, nullable=False))


# --- Workspaces and Xero connections -------------------------------------------------------


class Workspace(SQLModel, table=True):
    """A Slack workspace (one accounting firm) and its settings made in Slack."""

    team_id: str = Field(primary_key=True, max_length=32)
    team_name: str = ""
    approvals_channel: str | None = None
    digest_channel: str | None = None
    digest_time: str | None = None  # "HH:MM" in the organisation's timezone; None → DIGEST_CRON
    invoice_status: str | None = None  # None → the INVOICE_STATUS setting
    default_markup_percent: Decimal | None = _money(nullable=True)
    approvers: list[str] = _json([])
    # Rechargly was uninstalled (or its bot token revoked): no schedules, no Slack calls until reinstalled.
    uninstalled_at: datetime | None = _when()
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ConnectionStatus(StrEnum):
    ACTIVE = "active"
    NEEDS_RECONNECT = "needs_reconnect"
    DISCONNECTED = "disconnected"


class XeroGrant(SQLModel, table=True):
    """One consent given at Xero: the encrypted token pair shared by the organisations it covers."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    authorised_by: str = Field(max_length=32)
    scopes: list[str] = _json([])
    # Fernet ciphertext of the JSON token set; never decrypted outside the token store.
    token_ciphertext: bytes | None = Field(
        default=None, sa_column=Column(LargeBinary, nullable=True), repr=False
    )
    access_expires_at: datetime | None = _when()
    # Bumped on every refresh: a compare-and-swap guard so two workers never both rotate.
    token_version: int = 0
    status: str = Field(default=ConnectionStatus.ACTIVE, max_length=24)
    tenant_choices: list[dict[str, str]] = _json([])  # tenants offered when several came back
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class XeroConnection(SQLModel, table=True):
    """A Xero organisation a workspace recharges from."""

    __table_args__ = (Unique("team_id", "tenant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(index=True, max_length=32)
    grant_id: int | None = Field(default=None, foreign_key="xerogrant.id")
    tenant_id: str = Field(max_length=64)
    xero_connection_id: str = Field(default="", max_length=64)
    name: str = ""
    short_code: str = ""
    base_currency: str = Field(default="", max_length=3)
    country_code: str = Field(default="", max_length=2)
    organisation_type: str = ""
    tax_basis: str = ""
    xero_timezone: str = ""
    timezone: str = "UTC"  # IANA name derived from xero_timezone, for schedules
    status: str = Field(default=ConnectionStatus.ACTIVE, max_length=24)
    connected_by: str = Field(default="", max_length=32)
    connected_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    notice_channel: str | None = None  # where "needs reconnect" and sync results go
    reconnect_notified_at: datetime | None = _when()
    last_sync_at: datetime | None = _when()
    last_sync_status: str | None = None
    daily_limit_until: datetime | None = _when()
    # Billing overrides for this organisation; None → the BILLING_MODE/BILLING_DAY/ADMIN_FEE/
    # SEND_INVOICES settings.
    billing_mode: str | None = Field(default=None, max_length=16)  # approval | monthly
    billing_day: str | None = Field(default=None, max_length=4)  # "1".."28" | "last"
    admin_fee: Decimal | None = _money(nullable=True)
    send_invoices: str | None = Field(default=None, max_length=8)  # none | email
    # A billing run matching last period's approved run within the tolerance is approved by itself.
    auto_approve_runs: bool = False
    auto_approve_tolerance_percent: Decimal | None = _money(nullable=True)


class OAuthState(SQLModel, table=True):
    """A pending Xero consent: single use, short-lived, bound to who asked."""

    nonce: str = Field(primary_key=True, max_length=64)
    team_id: str = Field(max_length=32)
    user_id: str = Field(max_length=32)
    channel_id: str = Field(default="", max_length=32)
    code_verifier_ciphertext: bytes = Field(sa_column=Column(LargeBinary, nullable=False), repr=False)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = _when()


# --- Sync ------------------------------------------------------------------------------------


class SyncWatermark(SQLModel, table=True):
    """How far each entity of an organisation has been synced (If-Modified-Since)."""

    connection_id: int = Field(foreign_key="xeroconnection.id", primary_key=True)
    entity: str = Field(primary_key=True, max_length=32)
    modified_since: datetime | None = _when()


class SyncLease(SQLModel, table=True):
    """Held while an organisation syncs, so only one sync runs anywhere at a time."""

    connection_id: int = Field(foreign_key="xeroconnection.id", primary_key=True)
    holder: str = Field(max_length=64)
    started_by: str = Field(default="", max_length=32)
    started_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    sync_run_id: int | None = None
    waiting_channels: list[str] = _json([])  # asked for a sync while this one ran: told when it ends


class SyncRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    trigger: str = Field(max_length=16)  # manual | nightly | cli | webhook
    started_by: str = Field(default="", max_length=32)
    started_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    finished_at: datetime | None = _when()
    status: str = Field(default="running", max_length=16)  # running | ok | failed | limited
    counts: dict[str, Any] = _json({})
    error: str | None = None
    channel_id: str | None = None
    message_ts: str | None = None


class XeroBudget(SQLModel, table=True):
    """One Xero organisation's call budget, shared by every replica (PostgreSQL): the starts of the
    calls in the last minute, the calls in flight, and how long Xero told us to stop.
    Tenant "*" holds the app-wide minute limit."""

    tenant_id: str = Field(primary_key=True, max_length=64)
    recent: list[float] = _json([])  # epoch seconds of call starts within the rolling minute
    in_flight: dict[str, float] = _json({})  # call id -> epoch seconds after which it is presumed dead
    minute_blocked_until: datetime | None = _when()
    day_blocked_until: datetime | None = _when()


class JobRun(SQLModel, table=True):
    """A claimed scheduled run: the unique key makes each nightly job run once across replicas."""

    job_key: str = Field(primary_key=True, max_length=128)
    claimed_by: str = Field(max_length=64)
    claimed_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


# --- Xero data we keep -----------------------------------------------------------------------


class Contact(SQLModel, table=True):
    __table_args__ = (
        Unique("connection_id", "xero_id"),
        Index("ix_contact_conn_name", "connection_id", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id")
    xero_id: str = Field(max_length=64)
    name: str
    email: str | None = None
    is_customer: bool = False
    is_supplier: bool = False
    status: str = Field(default="ACTIVE", max_length=16)
    payment_terms_days: int | None = None
    xero_updated_at: datetime | None = _when()


class SpendSource(StrEnum):
    BANK_TRANSACTION = "bank_transaction"
    BILL = "bill"
    CSV = "csv"


class SpendTransaction(SQLModel, table=True):
    """Money the firm spent: a SPEND bank transaction, an ACCPAY bill, or an imported charge."""

    __table_args__ = (
        Unique("connection_id", "source", "xero_id"),
        Index("ix_spendtransaction_newest", "connection_id", "date", "id"),  # pages of unmatched spend
        Index("ix_spendtransaction_updated", "connection_id", "xero_updated_at"),  # unmatched_fingerprint
    )

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    source: str = Field(max_length=20)
    xero_id: str = Field(max_length=64)
    contact_xero_id: str | None = Field(default=None, max_length=64)
    contact_name: str = ""
    date: date
    reference: str = ""
    invoice_number: str = ""
    currency_code: str = Field(max_length=3)
    currency_rate: Decimal | None = _money(nullable=True)
    line_amount_types: str = Field(default="Exclusive", max_length=16)
    sub_total: Decimal = _money(default=Decimal(0))
    total_tax: Decimal = _money(default=Decimal(0))
    total: Decimal = _money(default=Decimal(0))
    status: str = Field(max_length=16)
    has_attachments: bool = False
    attachments: list[dict[str, Any]] = _json([])
    xero_updated_at: datetime | None = _when()
    # The sync run that last added or changed it: sync listeners get every charge changed since the
    # last successful run, so a crash between a committed page and the listeners loses nothing.
    sync_run_id: int | None = Field(default=None, index=True)


class SpendLine(SQLModel, table=True):
    __table_args__ = (Unique("spend_transaction_id", "line_key"),)

    id: int | None = Field(default=None, primary_key=True)
    spend_transaction_id: int = Field(foreign_key="spendtransaction.id", index=True)
    line_key: str = Field(max_length=64)  # Xero's LineItemID, or the position when it has none
    position: int = 0
    description: str = ""
    quantity: Decimal = _money(default=Decimal(1))
    unit_amount: Decimal = _money(default=Decimal(0))
    line_amount: Decimal = _money(default=Decimal(0))
    tax_amount: Decimal = _money(default=Decimal(0))
    # Xero's DiscountRate (percent) or DiscountAmount on the line; line_amount is after the discount.
    discount_rate: Decimal | None = _money(nullable=True)
    discount_amount: Decimal | None = _money(nullable=True)
    account_code: str = ""
    tax_type: str = ""
    tracking: list[dict[str, str]] = _json([])
    removed: bool = False  # the line disappeared from Xero on an edit
    billed_in_xero: bool = False  # a billable expense the firm bills through Xero itself: never recharged


class ReceivedMoney(SQLModel, table=True):
    """A RECEIVE bank transaction: money in, possibly a client paying a recharge invoice."""

    __table_args__ = (Unique("connection_id", "xero_id"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    xero_id: str = Field(max_length=64)
    # RECEIVE, or RECEIVE-OVERPAYMENT / RECEIVE-PREPAYMENT (never applied to an invoice as a payment)
    type: str = Field(default="RECEIVE", max_length=24)
    contact_xero_id: str | None = Field(default=None, max_length=64)
    date: date
    reference: str = ""
    currency_code: str = Field(max_length=3)
    total: Decimal = _money(default=Decimal(0))
    bank_account_id: str = ""
    bank_account_code: str = ""
    status: str = Field(max_length=16)
    is_reconciled: bool = False
    applied_invoice_id: int | None = None  # our ClientInvoice it pays: written before the Xero call
    applied_payment_xero_id: str | None = Field(default=None, max_length=64)  # set once Xero made it
    xero_updated_at: datetime | None = _when()


class RefundState(StrEnum):
    NEW = "new"  # stored by a sync, not looked at yet (or changed in Xero since)
    LINKED = "linked"  # tied to the charge line(s) it refunds: RefundLink rows
    UNCLEAR = "unclear"  # several charges could be the one refunded: a person was asked
    UNMATCHED = "unmatched"  # no recharged charge it could refund
    IGNORED = "ignored"  # a draft, voided or deleted in Xero


class SupplierRefund(SQLModel, table=True):
    """Money a vendor gave back: an ACCPAYCREDIT credit note, or a RECEIVE bank transaction from a
    contact the firm buys from. Linked to the charge line it refunds only on unambiguous evidence."""

    __table_args__ = (
        Unique("connection_id", "source", "xero_id"),
        Index("ix_supplierrefund_state", "connection_id", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id")
    source: str = Field(max_length=20)  # credit_note | bank_transaction
    xero_id: str = Field(max_length=64)
    number: str = ""  # the credit note's number
    contact_xero_id: str | None = Field(default=None, max_length=64)
    contact_name: str = ""
    date: date
    reference: str = ""
    currency_code: str = Field(max_length=3)
    total: Decimal = _money(default=Decimal(0))  # with tax, as the vendor gave it back
    status: str = Field(max_length=16)
    lines: list[dict[str, str]] = _json([])  # {"description", "gross"}
    allocations: list[dict[str, str]] = _json([])  # credit notes: {"bill" (Xero id), "amount"}
    xero_updated_at: datetime | None = _when()
    sync_run_id: int | None = None  # the sync that last added or changed it
    state: str = Field(default=RefundState.NEW, max_length=12)
    asked_at: datetime | None = _when()  # an unclear refund was put to the channel


class RefundLink(SQLModel, table=True):
    """A refund (part of) one charge line: `amount` of the line's gross was given back."""

    __table_args__ = (Unique("refund_id", "spend_line_id"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    refund_id: int = Field(foreign_key="supplierrefund.id", index=True)
    spend_line_id: int = Field(foreign_key="spendline.id", index=True)
    amount: Decimal = _money(default=Decimal(0))  # in the charge's currency, with tax
    linked_by: str = Field(default="", max_length=32)  # "rechargly", or the person who chose
    evidence: str = Field(default="", max_length=64)  # "allocated to the bill", "same amount and text"…


class RefundEffect(SQLModel, table=True):
    """What one refund did to one recharge, exactly once: withdrew it, reduced it, or credited it."""

    __table_args__ = (Unique("refund_id", "recharge_id"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    refund_id: int = Field(foreign_key="supplierrefund.id", index=True)
    recharge_id: int = Field(foreign_key="recharge.id", index=True)
    kind: str = Field(max_length=12)  # withdrawn | reduced | credited
    before: Decimal = _money(default=Decimal(0))  # the recharge's amount before
    reduction: Decimal = _money(default=Decimal(0))  # taken off its amount, or credited to the client
    base_reduction: Decimal = _money(default=Decimal(0))  # of that, off its base amount (reduced)
    source_reduction: Decimal = _money(default=Decimal(0))  # off its amount in the charge's currency
    credit_note_id: int | None = Field(default=None, foreign_key="creditnoterecord.id")
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


# --- Rules, recharges and invoices -----------------------------------------------------------


class RechargeRule(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    name: str
    supplier_contact_xero_id: str | None = None
    supplier_pattern: str | None = None
    description_pattern: str | None = None
    account_code_match: str | None = None
    tracking_match: str | None = None  # "Category:Option"
    allocation: str = Field(default="whole", max_length=8)  # whole | split | seats | fixed
    seat_price: Decimal | None = _money(nullable=True)
    markup_percent: Decimal = _money(default=Decimal(0))
    markup_fee: Decimal = _money(default=Decimal(0))
    basis: str = Field(default="net", max_length=8)  # net | gross
    # Who gets a partner discount: keep (the firm; the client pays full price) | pass | share.
    discount_handling: str = Field(default="keep", max_length=8)
    discount_share_percent: Decimal = _money(default=Decimal(0))  # share: the client's % of the discount
    discount_percent: Decimal | None = _money(nullable=True)  # the discount when the bill doesn't show it
    revenue_account_code: str = Field(max_length=16)
    tax_type: str = Field(max_length=32)
    auto_approve: bool = False
    auto_approve_tolerance_percent: Decimal = _money(default=Decimal(0))
    per_client_billing: bool = False
    active: bool = True
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class RuleClient(SQLModel, table=True):
    """One client's share in a rule's allocation."""

    __table_args__ = (Unique("rule_id", "client_contact_xero_id"),)

    id: int | None = Field(default=None, primary_key=True)
    rule_id: int = Field(foreign_key="rechargerule.id", index=True)
    client_contact_xero_id: str = Field(max_length=64)
    percent: Decimal | None = _money(nullable=True)
    seats: int | None = None
    fixed_amount: Decimal | None = _money(nullable=True)


class RechargeStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"  # approved, invoice not yet confirmed by Xero
    INVOICED = "invoiced"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the charge was voided/deleted in Xero before approval
    ACCRUING = "accruing"  # approved but below the minimum invoice amount: waits for more


class Recharge(SQLModel, table=True):
    """One proposed or made recharge of (part of) a spend line to one client."""

    __table_args__ = (
        Unique("connection_id", "dedupe_key"),
        Index("ix_recharge_waiting", "connection_id", "status", "client_contact_xero_id"),  # pages of pending
    )

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    # "line:{spend_line_id}:rule:{rule_id}:client:{contact}" — one per (spend line, rule, client).
    dedupe_key: str = Field(max_length=200)
    spend_line_id: int | None = Field(default=None, foreign_key="spendline.id", index=True)
    rule_id: int | None = Field(default=None, foreign_key="rechargerule.id")
    client_contact_xero_id: str = Field(max_length=64, index=True)
    status: str = Field(default=RechargeStatus.PROPOSED, max_length=16, index=True)
    needs_review: bool = False  # the charge changed in Xero after it was invoiced
    # Taken out of a billing run in its review: waits for the first run whose period ends after this.
    deferred_until: date | None = None
    vendor_name: str = ""
    charge_date: date
    description: str = ""
    source_currency: str = Field(max_length=3)
    source_amount: Decimal = _money(default=Decimal(0))
    base_amount: Decimal = _money(default=Decimal(0))
    markup: Decimal = _money(default=Decimal(0))
    amount: Decimal = _money(default=Decimal(0))
    explanation: str = ""
    discount_note: str = ""  # who got the charge's partner discount (for the firm, never on the invoice)
    match_note: str = ""  # e.g. "matched by name (97%)"
    account_code: str = ""
    tax_type: str = ""
    has_receipt: bool = False
    auto_approved: bool = False
    proposal_message_id: int | None = Field(default=None, foreign_key="proposalmessage.id")
    invoice_id: int | None = Field(default=None, foreign_key="clientinvoice.id", index=True)
    decided_by: str | None = None
    decided_at: datetime | None = _when()
    reject_reason: str | None = None
    proposed_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ProposalMessage(SQLModel, table=True):
    """The one Slack message per client per sync that carries its proposals."""

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    client_contact_xero_id: str = Field(max_length=64)
    sync_run_id: int | None = None
    channel_id: str = ""
    message_ts: str | None = None
    state: str = Field(default="open", max_length=16)  # open | approved | rejected | partly
    # Set when the run had too many clients for one card each: one summary (ReviewBatch) instead.
    review_batch_id: int | None = Field(default=None, foreign_key="reviewbatch.id", index=True)


class ReviewBatch(SQLModel, table=True):
    """One run's proposals for many clients, announced by one summary message with a Review button."""

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    channel_id: str = ""
    message_ts: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class InvoiceState(StrEnum):
    PENDING = "pending"  # written before the Xero call; the idempotency key makes a retry safe
    CREATED = "created"  # Xero has it; receipts may still be attaching
    DONE = "done"
    FAILED = "failed"  # Xero refused it; a person can retry


class ClientInvoice(SQLModel, table=True):
    """An ACCREC invoice Rechargly raised (or is raising) in Xero."""

    __table_args__ = (Unique("connection_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    client_contact_xero_id: str = Field(max_length=64)
    idempotency_key: str = Field(max_length=128)
    state: str = Field(default=InvoiceState.PENDING, max_length=16)
    xero_invoice_id: str | None = Field(default=None, max_length=64, index=True)
    invoice_number: str | None = None
    xero_status: str | None = None
    currency_code: str = Field(max_length=3)
    total: Decimal = _money(default=Decimal(0))
    amount_due: Decimal = _money(default=Decimal(0))
    amount_paid: Decimal = _money(default=Decimal(0))
    due_date: date | None = None
    reference: str = ""
    attachments_expected: int = 0
    attachments_done: list[str] = _json([])
    approved_by: str = ""
    auto_approved: bool = False
    error: str | None = None
    waiting_for_access: bool = False  # failed because Xero access was lost: resumes on reconnect
    # The process carrying it through Xero right now ("host:pid:nonce"); another replica takes it
    # over when that process is gone (see services.invoicing.Invoicer.abandoned).
    runner: str | None = Field(default=None, max_length=64)
    runner_since: datetime | None = _when()
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    xero_updated_at: datetime | None = _when()
    void_notified_at: datetime | None = _when()  # "voided in Xero" was said in Slack
    # Monthly billing: the run it belongs to, its period ("Nov 2026") and admin fee line.
    billing_run_id: int | None = Field(default=None, foreign_key="billingrun.id", index=True)
    period_label: str = ""
    admin_fee: Decimal = _money(default=Decimal(0))
    approved_by_name: str = ""  # for the History note in Xero
    # Steps after Xero created it, each recorded so a retry skips what was done.
    history_noted: bool = False
    email_state: str = Field(default="", max_length=12)  # "" | sent | no_email | not_sent
    online_url: str | None = None
    undone: str = Field(default="", max_length=12)  # "" | voided | credited


class ClientBilling(SQLModel, table=True):
    """A client's own billing terms: an admin fee other than the organisation's."""

    __table_args__ = (Unique("connection_id", "client_contact_xero_id"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    client_contact_xero_id: str = Field(max_length=64)
    admin_fee: Decimal | None = _money(nullable=True)


class BillingRunState(StrEnum):
    OPEN = "open"  # built, waiting for a person
    APPROVED = "approved"  # invoices claimed; being raised in Xero
    DONE = "done"


class BillingRun(SQLModel, table=True):
    """One organisation's monthly billing run for one period: one invoice per client."""

    __table_args__ = (Unique("connection_id", "period_start"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    period_start: date
    period_end: date  # exclusive
    label: str = ""  # "November"
    state: str = Field(default=BillingRunState.OPEN, max_length=12)
    built_by: str = Field(default="", max_length=32)
    built_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    approved_by: str | None = Field(default=None, max_length=32)
    approved_at: datetime | None = _when()
    # Approved by Rechargly itself: it matched the run it names within the tolerance then set.
    auto_approved: bool = False
    auto_matched_run_id: int | None = None
    auto_tolerance_percent: Decimal | None = _money(nullable=True)
    channel_id: str | None = None
    message_ts: str | None = None


class CreditNoteRecord(SQLModel, table=True):
    """A credit note Rechargly raised to undo (part of) a paid or part-paid invoice."""

    __table_args__ = (Unique("connection_id", "idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    invoice_id: int = Field(foreign_key="clientinvoice.id", index=True)
    idempotency_key: str = Field(max_length=128)
    recharge_ids: list[int] = _json([])
    # Part amounts per recharge ({"recharge", "amount", "closes"}): a supplier refund credits the
    # refunded part; empty for an undo, which credits the chosen recharges in full.
    lines: list[dict[str, Any]] = _json([])
    reason: str = Field(default="", max_length=24)  # "" (an undo) | "supplier refund"
    refund_id: int | None = Field(default=None, foreign_key="supplierrefund.id")
    amount: Decimal = _money(default=Decimal(0))  # excluding tax, as the lines say
    xero_credit_note_id: str | None = Field(default=None, max_length=64)
    credit_note_number: str = ""
    xero_total: Decimal = _money(default=Decimal(0))  # with tax, as Xero priced it
    allocated: Decimal = _money(default=Decimal(0))
    state: str = Field(default="pending", max_length=12)  # pending | created | allocated
    created_by: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class InvoicePayment(SQLModel, table=True):
    __table_args__ = (Unique("invoice_id", "xero_payment_id"),)

    id: int | None = Field(default=None, primary_key=True)
    invoice_id: int = Field(foreign_key="clientinvoice.id", index=True)
    xero_payment_id: str = Field(max_length=64)
    date: date
    amount: Decimal = _money(default=Decimal(0))
    account_code: str = ""
    status: str = Field(default="AUTHORISED", max_length=16)  # AUTHORISED | DELETED
    applied_by_us: bool = False
    notified_at: datetime | None = _when()
    reversal_notified_at: datetime | None = _when()


# --- Multi-client bills, mappings, imports ---------------------------------------------------


class LineMapping(SQLModel, table=True):
    """A remembered answer: this vendor's line text means this client (or: don't recharge)."""

    __table_args__ = (Unique("connection_id", "line_key"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    line_key: str = Field(max_length=300)  # "{vendor}:{normalised text}", or "{vendor}:*" for a vendor
    example_text: str = ""
    client_contact_xero_id: str | None = Field(default=None, max_length=64)
    excluded: bool = False
    updated_by: str = ""
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class ClientAlias(SQLModel, table=True):
    """A name a person taught for a client (a trading name, a vendor's spelling): any vendor's line
    written so maps to that client. Learnt from answers to line questions; removable."""

    __table_args__ = (Unique("connection_id", "alias_key"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    alias_key: str = Field(max_length=300)  # the normalised name (services.mapping.names)
    alias_text: str = Field(default="", max_length=300)  # as the bill wrote it
    client_contact_xero_id: str = Field(max_length=64)
    learnt_by: str = ""
    learnt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class LineQuestion(SQLModel, table=True):
    """A bill line we could not map with confidence: waits for a person."""

    __table_args__ = (Unique("spend_line_id"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    spend_line_id: int = Field(foreign_key="spendline.id")
    rule_id: int | None = Field(default=None, foreign_key="rechargerule.id")
    line_key: str = Field(max_length=300)
    level: str = Field(max_length=16)  # medium | low | ambiguous
    candidates: list[dict[str, Any]] = _json([])
    state: str = Field(default="open", max_length=16)  # open | resolved | excluded
    notified_at: datetime | None = _when()


class ImportBatch(SQLModel, table=True):
    __table_args__ = (Unique("connection_id", "file_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id")
    file_sha256: str = Field(max_length=64)
    file_name: str = ""
    rows: int = 0
    imported_by: str = ""
    imported_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


# --- Audit, digests, Slack delivery ----------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Who did what, when, and what changed: proposals, edits, approvals, invoices, mappings."""

    __table_args__ = (Index("ix_auditevent_newest", "team_id", "at", "id"),)  # pages of history

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    connection_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=32)  # Slack user id, or "rechargly" for automatic work
    action: str = Field(max_length=48)
    subject: str = Field(default="", max_length=64)  # "recharge:12", "invoice:3", "mapping:xero:acme"
    client_contact_xero_id: str | None = Field(default=None, max_length=64, index=True)
    details: dict[str, Any] = _json({})


class DigestLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    period_start: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    period_end: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    channel_id: str = ""
    message_ts: str | None = None


class WebhookReceipt(SQLModel, table=True):
    """A Xero webhook event about one of our invoices: repeats merge here (same resource, same event
    date), and each is fetched once, in a batch per organisation. Pruned after a few days."""

    __table_args__ = (Unique("connection_id", "resource_id", "event_date"),)

    id: int | None = Field(default=None, primary_key=True)
    connection_id: int = Field(foreign_key="xeroconnection.id", index=True)
    resource_id: str = Field(max_length=64)
    event_date: str = Field(max_length=40)  # Xero's eventDateUtc as sent
    received_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    claimed_by: str | None = Field(default=None, max_length=64)  # the process fetching it
    claimed_at: datetime | None = _when()
    fetched_at: datetime | None = _when(index=True)


class SlackDelivery(SQLModel, table=True):
    """Slack requests already handled (event ids, retried interactions): nothing acts twice."""

    key: str = Field(primary_key=True, max_length=200)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))


# --- The outbox: every Slack message that carries work, written with the state it announces ------


class OutboxState(StrEnum):
    PENDING = "pending"  # waiting for its turn (or for next_attempt_at)
    SENDING = "sending"  # claimed by one worker until claimed_until
    DELIVERED = "delivered"
    FAILED = "failed"  # Slack refused it for good (e.g. invalid_blocks); kept for the record


class OutboxMessage(SQLModel, table=True):
    """A message to post, written in the same transaction as what it announces; or an edit of one
    already posted (`edits_ts`): one row per edited message, carrying its latest state."""

    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    channel: str = Field(max_length=32)
    kind: str = Field(max_length=64)  # the notice's class name
    payload: dict[str, Any] = _json({})  # the serialized notice
    version: int = 1  # bumped when the notice is rewritten before delivery
    subject: str = Field(default="", max_length=64)  # "proposal_message:12": where the ts is stored
    dedupe_key: str = Field(max_length=200, unique=True)  # also sent as message metadata
    edits_ts: str | None = Field(default=None, max_length=32)  # chat.update of this message, not a post
    thread_ts: str | None = Field(default=None, max_length=32)  # a post in this message's thread
    state: str = Field(default=OutboxState.PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_until: datetime | None = _when()
    last_error: str | None = Field(default=None, max_length=200)
    ts: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    delivered_at: datetime | None = _when()


class OutboxChannelProblem(SQLModel, table=True):
    """A channel Slack refused (not_in_channel, channel_not_found, is_archived); admins told once."""

    __table_args__ = (Unique("team_id", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel: str = Field(max_length=32)
    error: str = Field(max_length=64)
    since: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
