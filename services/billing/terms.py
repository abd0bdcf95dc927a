"""How an organisation bills: its choice in `/rechargly settings`, else the BILLING_MODE, BILLING_DAY,
ADMIN_FEE and SEND_INVOICES settings. Everything that bills (the invoicer, the billing run, the
scheduler's billing day, the proposal cards) reads them through `terms_for`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, select

from services.billing.periods import next_billing_day
from services.models import BillingRun, BillingRunState, XeroConnection

APPROVAL = "approval"  # one invoice per approval
MONTHLY = "monthly"  # approved charges accrue; the billing run raises one invoice per client
BILLING_MODES = (APPROVAL, MONTHLY)
NO_SENDING = "none"
EMAIL = "email"  # Xero emails AUTHORISED invoices to clients with an email address
SENDING = (NO_SENDING, EMAIL)


@dataclass(frozen=True)
class BillingTerms:
    mode: str = APPROVAL
    day: str = "1"  # "1".."28" or "last", in the organisation's timezone
    admin_fee: Decimal = Decimal(0)  # added to each invoice of a billing run
    send_invoices: str = NO_SENDING
    # A run whose clients and per-client totals match last period's approved run within this
    # percentage is approved without a person (only when auto_approve is on).
    auto_approve: bool = False
    tolerance_percent: Decimal = Decimal(0)

    @property
    def monthly(self) -> bool:
        return self.mode == MONTHLY

    @property
    def emails(self) -> bool:
        return self.send_invoices == EMAIL


def terms_for(connection: XeroConnection, defaults: BillingTerms) -> BillingTerms:
    """The organisation's own choices where it made them, the settings' defaults elsewhere."""
    return BillingTerms(
        mode=connection.billing_mode or defaults.mode,
        day=connection.billing_day or defaults.day,
        admin_fee=connection.admin_fee if connection.admin_fee is not None else defaults.admin_fee,
        send_invoices=connection.send_invoices or defaults.send_invoices,
        auto_approve=connection.auto_approve_runs,
        tolerance_percent=connection.auto_approve_tolerance_percent or Decimal(0),
    )


def next_run_on(session: Session, connection: XeroConnection, terms: BillingTerms, today: date) -> date:
    """When the next billing run bills what is approved today: the next billing day (in the
    organisation's timezone), or the one after when today's run was approved already."""
    on = next_billing_day(today, terms.day)
    approved = session.exec(
        select(BillingRun.id).where(
            BillingRun.connection_id == connection.id,
            BillingRun.period_end == on,
            BillingRun.state != BillingRunState.OPEN,
        )
    ).first()
    return next_billing_day(on + timedelta(days=1), terms.day) if approved is not None else on
