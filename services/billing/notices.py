"""What billing tells people in Slack, as plain data; handlers/billing/blocks.py renders it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.notices import Notice


@dataclass(frozen=True)
class RunLine:
    recharge_id: int
    vendor: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ClientBill:
    """One client's invoice in a run: planned (open run) or raised (approved run)."""

    client_id: str
    client_name: str
    lines: tuple[RunLine, ...]
    admin_fee: Decimal
    total: Decimal  # charges + admin fee, what the invoice comes to before tax
    has_email: bool
    invoice_id: int | None = None
    invoice_state: str = ""
    invoice_number: str | None = None
    online_url: str | None = None
    email_state: str = ""
    undone: str = ""
    error: str | None = None


@dataclass(frozen=True)
class RunDifference:
    """How one client's invoice differs from last period's approved run."""

    client_name: str
    kind: str  # "new" (not billed last period) | "gone" (billed then, not now) | "changed"
    change_percent: Decimal = Decimal(0)  # "changed": the total's change, + or -


@dataclass(frozen=True)
class RunComparison:
    """The run against last period's approved run, for approving it automatically."""

    tolerance_percent: Decimal
    against: str = ""  # last period's run ("October"); "" when there is no approved one
    against_run_id: int | None = None
    differences: tuple[RunDifference, ...] = ()
    empty: bool = False  # nothing to invoice: nothing to approve

    @property
    def matches(self) -> bool:
        return bool(self.against) and not self.differences and not self.empty


@dataclass(frozen=True)
class BillingRunCard(Notice):
    """The run card: "November billing run: 38 invoices, $4,210.50", Approve run and Review."""

    run_id: int
    organisation: str
    label: str  # "November"
    state: str  # a BillingRunState value
    currency: str
    bills: tuple[ClientBill, ...]
    carried: tuple[ClientBill, ...]  # below the minimum invoice amount: wait for the next run
    minimum: Decimal
    approved_by: str | None = None
    sends_email: bool = False
    preview: bool = False  # a dry run: nothing can be approved from it
    auto_approved: bool = False  # approved by Rechargly: it matched the run named in `comparison`
    # Auto-approval is on: how the run compares with last period's (why a person approves it, if so).
    comparison: RunComparison | None = None

    @property
    def total(self) -> Decimal:
        return sum((bill.total for bill in self.bills), Decimal(0))

    @property
    def without_email(self) -> tuple[str, ...]:
        return tuple(bill.client_name for bill in self.bills if not bill.has_email)
