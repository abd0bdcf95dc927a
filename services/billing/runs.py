"""The monthly billing run: build it for a period, show it, approve it once, raise one invoice per
client in Xero, and finish it after any failure half-way.

Exactly once: approving claims the run with one conditional UPDATE (only the first approval, on any
replica, changes it), and in the same transaction writes one ClientInvoice per client whose
idempotency key is derived from organisation, client and period (unique per organisation). Xero
sees that key with the create call, so a crash between Xero creating an invoice and us saving it
still leaves one invoice; the receipts, the History note and the email carry keys too.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services import audit, outbox
from services.billing.notices import BillingRunCard, ClientBill, RunComparison, RunDifference, RunLine
from services.billing.periods import Period, period_before
from services.billing.terms import BillingTerms
from services.connect.service import Permissions
from services.digest import claim_job
from services.errors import BadRequest
from services.models import (
    BillingRun,
    BillingRunState,
    ClientBilling,
    ClientInvoice,
    Contact,
    InvoiceState,
    Recharge,
    RechargeStatus,
    XeroConnection,
)
from services.ports import Clock, SlackNotifier
from services.recharging.invoicing import Invoicer, approver_name
from services.storage import Database
from services.workspaces import active_connection, approvals_channel

log = logging.getLogger(__name__)

# A run approved this long ago and still unfinished was interrupted (a crash, a restart).
STUCK_AFTER = timedelta(minutes=5)
MAX_REFERENCE = 255


def card_key(run_id: int) -> str:
    """The outbox key of a run card's first post: one card per run."""
    return f"billing-run:{run_id}"


def run_key(connection_id: int, client: str, period: Period) -> str:
    """One invoice per organisation, client and period: the same three always give the same key."""
    return f"rechargly-run-{connection_id}-{client}-{period.key}"[:128]


@dataclass(frozen=True)
class BillingDefaults:
    """Where the run card goes when the workspace chose no channel (the billing terms themselves
    come from the invoicer: the organisation's choice, else the BILLING_* settings)."""

    approvals_channel: str | None = None


class BillingRuns:
    """Builds, shows, approves and finishes billing runs; approvers only for anything that changes."""

    def __init__(
        self,
        *,
        db: Database,
        invoicer: Invoicer,
        permissions: Permissions,
        notifier: SlackNotifier,
        clock: Clock,
        defaults: BillingDefaults,
    ) -> None:
        self._db = db
        self._invoicer = invoicer
        self._permissions = permissions
        self._notifier = notifier
        self._clock = clock
        self._defaults = defaults

    # --- building -------------------------------------------------------------------------------

    def terms(self, connection: XeroConnection) -> BillingTerms:
        """How the organisation bills: its choice in `/rechargly settings`, else the BILLING_* settings."""
        return self._invoicer.terms(connection)

    def period_for(self, connection: XeroConnection, on: date) -> Period:
        return period_before(on, self.terms(connection).day)

    def build(self, *, connection_id: int, on: date, actor: str) -> int:
        """The run for the period before ``on`` (created once; a second build finds the same run)."""
        with self._db.session() as session:
            connection = _connection(session, connection_id)
        period = self.period_for(connection, on)
        try:
            with self._db.session() as session:
                run = BillingRun(
                    connection_id=connection_id,
                    period_start=period.start,
                    period_end=period.end,
                    label=period.label,
                    built_by=actor,
                )
                session.add(run)
                session.flush()
                audit.record(
                    session,
                    team_id=connection.team_id,
                    connection_id=connection_id,
                    actor=actor,
                    action="billing run built",
                    subject=f"run:{run.id}",
                    details={"period": period.key, "label": period.label},
                )
                return run.id or 0
        except IntegrityError:  # built already (twice, or on another replica): the same run
            with self._db.session() as session:
                existing = session.exec(
                    select(BillingRun.id).where(
                        BillingRun.connection_id == connection_id, BillingRun.period_start == period.start
                    )
                ).one()
                return existing or 0

    def preview(self, *, connection_id: int, on: date) -> BillingRunCard:
        """What the run for the period before ``on`` would be, without storing anything."""
        with self._db.session() as session:
            connection = _connection(session, connection_id)
            period = self.period_for(connection, on)
            draft = BillingRun(
                connection_id=connection_id,
                period_start=period.start,
                period_end=period.end,
                label=period.label,
            )
            return self._card(session, connection, draft, preview=True)

    def card(self, run_id: int, *, team_id: str | None = None) -> BillingRunCard:
        with self._db.session() as session:
            run, connection = self._run(session, run_id, team_id)
            return self._card(session, connection, run)

    def find(self, *, team_id: str, month: str | None) -> int | None:
        """The workspace's latest run, or the one whose period ends in ``month`` ("2026-11")."""
        with self._db.session() as session:
            connection = active_connection(session, team_id)
            query = select(BillingRun).where(BillingRun.connection_id == connection.id)
            runs = list(session.exec(query.order_by(col(BillingRun.period_start).desc())))
        if month is None:
            return runs[0].id if runs else None
        for run in runs:
            last = run.period_end - timedelta(days=1)
            if f"{last:%Y-%m}" == month:
                return run.id
        return None

    def post_card(self, run_id: int) -> str | None:
        """Show the run card as it stands now, through the outbox: its first post in the approvals
        channel (written in the caller's stead, so a Slack outage delays the card and never loses the
        run), or the edit of the card posted already. Returns the channel (None: no channel set)."""
        with self._db.session() as session:
            run, connection = self._run(session, run_id, None)
            channel = run.channel_id or approvals_channel(
                session, connection, self._defaults.approvals_channel
            )
            if not channel:
                return None
            queued = outbox.show(
                session,
                holder=run,
                team_id=connection.team_id,
                channel=channel,
                notice=self._card(session, connection, run),
                dedupe_key=card_key(run_id),
                subject=f"billing_run:{run_id}",
            )
            if queued:
                run.channel_id = channel
                session.add(run)
        return channel

    def run_scheduled(self, connection_id: int, *, on: date, job_key: str, claimed_by: str) -> int | None:
        """The billing day's job: once per scheduled time across replicas, in monthly mode only."""
        with self._db.session() as session:
            connection = _connection(session, connection_id)
        if not self._invoicer.monthly(connection):
            return None
        if not claim_job(self._db, job_key=job_key, claimed_by=claimed_by, now=self._clock.now()):
            return None
        run_id = self.build(connection_id=connection_id, on=on, actor=audit.SYSTEM_ACTOR)
        self.offer(run_id)
        return run_id

    def offer(self, run_id: int) -> str | None:
        """Post the run card for a person to approve; or, when the organisation has auto-approval on
        and the run matches last period's approved run within its tolerance, approve it as Rechargly,
        raise its invoices and post the card saying so. Returns the card's channel (None: no channel)."""
        with self._db.session() as session:
            _run, connection = self._run(session, run_id, None)
        auto = self.terms(connection).auto_approve
        if not auto or not self._claim(run_id, audit.SYSTEM_ACTOR, "", auto=True):
            return self.post_card(run_id)
        channel = self.post_card(run_id)  # "approved automatically; raising the invoices…"
        self.carry(run_id)
        return channel

    # --- review -------------------------------------------------------------------------------

    def remove_line(self, *, team_id: str, user_id: str, run_id: int, recharge_id: int) -> None:
        """Take a charge out of an open run: it waits for the next run."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="review billing runs")
        with self._db.session() as session:
            run, connection = self._run(session, run_id, team_id)
            if run.state != BillingRunState.OPEN:
                raise BadRequest("This run was already approved; its invoices can be voided instead.")
            moved = session.execute(
                update(Recharge)
                .where(
                    col(Recharge.id) == recharge_id,
                    col(Recharge.connection_id) == connection.id,
                    col(Recharge.status) == RechargeStatus.ACCRUING,
                )
                .values(deferred_until=run.period_end)
            ).rowcount  # type: ignore[attr-defined]
            if not moved:
                raise BadRequest("That charge isn't in this run any more.")
            recharge = session.get(Recharge, recharge_id)
            audit.record(
                session,
                team_id=team_id,
                connection_id=connection.id,
                actor=user_id,
                action="removed from billing run",
                subject=f"recharge:{recharge_id}",
                client=recharge.client_contact_xero_id if recharge else None,
                details={"run": run_id, "until": run.period_end.isoformat()},
            )
        self.post_card(run_id)

    # --- approving ------------------------------------------------------------------------------

    def approve(self, *, team_id: str, user_id: str, run_id: int, user_name: str = "") -> BillingRunCard:
        """Approve the run once; any later approval finishes what a failure or crash left undone."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="approve billing runs")
        with self._db.session() as session:
            self._run(session, run_id, team_id)
        # Asked once for the whole run (each invoice's History note names the approver).
        name = user_name or approver_name(self._notifier, team_id=team_id, user=user_id)
        claimed = self._claim(run_id, user_id, name)
        if not claimed and not self._resumable(run_id):
            with self._db.session() as session:
                run = session.get(BillingRun, run_id)
                by = run.approved_by if run else None
                auto = run is not None and run.auto_approved
            if auto:
                raise BadRequest(
                    "This billing run was already approved automatically by Rechargly; "
                    "nothing was done twice."
                )
            raise BadRequest(f"This billing run was already approved by <@{by}>; nothing was done twice.")
        self.post_card(run_id)  # "raising the invoices in Xero…": at Xero's pace that can take minutes
        self.carry(run_id)
        return self.card(run_id)

    def _claim(self, run_id: int, user_id: str, user_name: str, *, auto: bool = False) -> bool:
        """Move the run to APPROVED and write its invoices, in one transaction; False if already done.

        ``auto``: Rechargly approves it, only if the organisation allows it and the run matches last
        period's approved run within its tolerance (checked on the run as claimed); else nothing changes.
        """
        now = self._clock.now()
        with self._db.session() as session:
            won = session.execute(
                update(BillingRun)
                .where(col(BillingRun.id) == run_id, col(BillingRun.state) == BillingRunState.OPEN)
                .values(state=BillingRunState.APPROVED, approved_by=user_id, approved_at=now)
            ).rowcount  # type: ignore[attr-defined]
            if not won:
                session.rollback()
                return False
            run, connection = self._run(session, run_id, None)
            bills, _carried = self._plan(session, connection, run)
            details: dict[str, object] = {
                "label": run.label,
                "invoices": len(bills),
                "total": f"{sum((b.total for b in bills), Decimal(0)):f}",
            }
            if auto:
                comparison = self._compare(session, connection, run, bills)
                if comparison is None or not comparison.matches:
                    session.rollback()
                    return False
                run.auto_approved = True
                run.auto_matched_run_id = comparison.against_run_id
                run.auto_tolerance_percent = comparison.tolerance_percent
                session.add(run)
                details |= {
                    "matched": comparison.against,
                    "tolerance_percent": f"{comparison.tolerance_percent:f}",
                }
            for bill in bills:
                self._claim_bill(session, connection, run, bill, user_id, user_name, auto=auto)
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=user_id,
                action="billing run auto-approved" if auto else "billing run approved",
                subject=f"run:{run_id}",
                details=details,
            )
        return True

    def _compare(
        self, session: Session, connection: XeroConnection, run: BillingRun, bills: Sequence[ClientBill]
    ) -> RunComparison | None:
        """The run against last period's approved run, when the organisation auto-approves runs.

        It matches when both bill the same clients and each client's total (charges and fee) is
        within the tolerance of what it was; an invoice voided or credited since doesn't count."""
        terms = self.terms(connection)
        if not terms.auto_approve:
            return None
        tolerance = terms.tolerance_percent
        before = _approved_before(session, run)
        if before is None:
            return RunComparison(tolerance_percent=tolerance, empty=not bills)
        then = {b.client_id: b for b in _raised(session, connection, before) if not b.undone}
        now = {b.client_id: b for b in bills}
        differences = [RunDifference(b.client_name, "new") for b in bills if b.client_id not in then]
        differences += [RunDifference(b.client_name, "gone") for b in then.values() if b.client_id not in now]
        for client, bill in now.items():
            old = then.get(client)
            if old is None:
                continue
            change = _change_percent(old.total, bill.total)
            if abs(change) > tolerance:
                differences.append(RunDifference(bill.client_name, "changed", change))
        return RunComparison(
            tolerance_percent=tolerance,
            against=before.label,
            against_run_id=before.id,
            differences=tuple(differences),
            empty=not bills,
        )

    def _claim_bill(
        self,
        session: Session,
        connection: XeroConnection,
        run: BillingRun,
        bill: ClientBill,
        user_id: str,
        user_name: str,
        *,
        auto: bool,
    ) -> None:
        period = Period(run.period_start, run.period_end)
        invoice = ClientInvoice(
            connection_id=connection.id or 0,
            client_contact_xero_id=bill.client_id,
            idempotency_key=run_key(connection.id or 0, bill.client_id, period),
            currency_code=connection.base_currency,
            approved_by=user_id,
            approved_by_name=user_name[:80],
            auto_approved=auto,
            billing_run_id=run.id,
            period_label=period.short,
            admin_fee=bill.admin_fee,
        )
        session.add(invoice)
        session.flush()
        ids = [line.recharge_id for line in bill.lines]
        session.execute(
            update(Recharge)
            .where(col(Recharge.id).in_(ids), col(Recharge.status) == RechargeStatus.ACCRUING)
            .values(status=RechargeStatus.APPROVED, invoice_id=invoice.id)
        )
        recharges = list(session.exec(select(Recharge).where(Recharge.invoice_id == invoice.id)))
        invoice.total = sum((r.amount for r in recharges), Decimal(0)) + bill.admin_fee
        invoice.reference = f"{run.label} recharges: " + ", ".join(
            dict.fromkeys(r.vendor_name for r in recharges)
        )
        invoice.reference = invoice.reference[:MAX_REFERENCE]
        invoice.attachments_expected = len({r.spend_line_id for r in recharges if r.has_receipt})
        session.add(invoice)
        audit.record(
            session,
            team_id=connection.team_id,
            connection_id=connection.id,
            actor=user_id,
            action="auto-approved" if auto else "approved",
            subject=f"invoice:{invoice.id}",
            client=bill.client_id,
            details={
                "run": run.id,
                "recharges": ids,
                "admin_fee": f"{bill.admin_fee:f}",
                "total": f"{invoice.total:f}",
            },
        )

    def _resumable(self, run_id: int) -> bool:
        """An approved run is finished by a later approval when something failed or it stalled."""
        with self._db.session() as session:
            run = session.get(BillingRun, run_id)
            if run is None or run.state != BillingRunState.APPROVED:
                return False
            failed = session.exec(
                select(ClientInvoice.id).where(
                    ClientInvoice.billing_run_id == run_id,
                    ClientInvoice.state != InvoiceState.DONE,
                    col(ClientInvoice.error).is_not(None),
                )
            ).first()
        stalled = run.approved_at is not None and run.approved_at < self._clock.now() - STUCK_AFTER
        return failed is not None or stalled

    def carry(self, run_id: int) -> None:
        """Raise every invoice of the run not done yet, then mark the run done and update its card."""
        with self._db.session() as session:
            pending = session.exec(
                select(ClientInvoice.id)
                .where(ClientInvoice.billing_run_id == run_id, ClientInvoice.state != InvoiceState.DONE)
                .order_by(col(ClientInvoice.id))
            ).all()
        for invoice_id in pending:
            self._invoicer.run(invoice_id or 0)
            self.post_card(run_id)  # how far it got (the outbox sends only the latest state)
        with self._db.session() as session:
            left = session.exec(
                select(ClientInvoice.id).where(
                    ClientInvoice.billing_run_id == run_id, ClientInvoice.state != InvoiceState.DONE
                )
            ).first()
            if left is None:
                session.execute(
                    update(BillingRun)
                    .where(col(BillingRun.id) == run_id, col(BillingRun.state) == BillingRunState.APPROVED)
                    .values(state=BillingRunState.DONE)
                )
        self.post_card(run_id)

    def refresh_open(self, connection_id: int) -> None:
        """Accrued charges changed (a vendor refunded one): the open runs' cards say what they hold now."""
        with self._db.session() as session:
            runs = session.exec(
                select(BillingRun.id).where(
                    BillingRun.connection_id == connection_id,
                    BillingRun.state == BillingRunState.OPEN,
                    col(BillingRun.message_ts).is_not(None),
                )
            ).all()
        for run_id in runs:
            self.post_card(run_id or 0)

    def invoice_changed(self, invoice_id: int) -> None:
        """An invoice of a run was voided or credited: its card says so."""
        with self._db.session() as session:
            invoice = session.get(ClientInvoice, invoice_id)
            run_id = invoice.billing_run_id if invoice else None
        if run_id is not None:
            self.post_card(run_id)

    def resume_unfinished(self, *, connection_id: int) -> int:
        """Finish runs a crash left approved but unfinished; returns how many were resumed."""
        cutoff = self._clock.now() - STUCK_AFTER
        with self._db.session() as session:
            stuck = session.exec(
                select(BillingRun.id).where(
                    BillingRun.connection_id == connection_id,
                    BillingRun.state == BillingRunState.APPROVED,
                    col(BillingRun.approved_at) < cutoff,
                )
            ).all()
        for run_id in stuck:
            self.carry(run_id or 0)
        return len(stuck)

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        """A sync listener: each sync also finishes runs a crash interrupted."""
        resumed = self.resume_unfinished(connection_id=connection_id)
        return {"billing runs resumed": resumed} if resumed else {}

    # --- what a run holds -----------------------------------------------------------------------

    def _plan(
        self, session: Session, connection: XeroConnection, run: BillingRun
    ) -> tuple[list[ClientBill], list[ClientBill]]:
        """Per client: the accrued charges of the period (and earlier), the admin fee, the minimum."""
        recharges = session.exec(
            select(Recharge)
            .where(
                Recharge.connection_id == connection.id,
                Recharge.status == RechargeStatus.ACCRUING,
                col(Recharge.charge_date) < run.period_end,
                or_(col(Recharge.deferred_until).is_(None), col(Recharge.deferred_until) < run.period_end),
            )
            .order_by(col(Recharge.charge_date), col(Recharge.id))
        ).all()
        by_client: dict[str, list[Recharge]] = {}
        for recharge in recharges:
            by_client.setdefault(recharge.client_contact_xero_id, []).append(recharge)
        contacts = _contacts(session, connection.id or 0, list(by_client))
        fees = _client_fees(session, connection.id or 0)
        default_fee = self.terms(connection).admin_fee
        bills: list[ClientBill] = []
        carried: list[ClientBill] = []
        for client, rows in by_client.items():
            name, email = contacts.get(client, ("Unknown client", None))
            charges = sum((r.amount for r in rows), Decimal(0))
            fee = fees.get(client, default_fee)
            lines = tuple(RunLine(r.id or 0, r.vendor_name, r.description, r.amount) for r in rows)
            bill = ClientBill(client, name, lines, fee, charges + fee, bool(email))
            (bills if charges >= self._invoicer.minimum else carried).append(bill)
        key = lambda bill: bill.client_name.lower()  # noqa: E731
        return sorted(bills, key=key), sorted(carried, key=key)

    def _card(
        self, session: Session, connection: XeroConnection, run: BillingRun, *, preview: bool = False
    ) -> BillingRunCard:
        bills, carried = self._plan(session, connection, run)
        comparison = None
        if run.state != BillingRunState.OPEN:
            bills = _raised(session, connection, run)
            if run.auto_approved:
                matched = session.get(BillingRun, run.auto_matched_run_id or 0)
                comparison = RunComparison(
                    tolerance_percent=run.auto_tolerance_percent or Decimal(0),
                    against=matched.label if matched else "",
                )
        elif not preview:
            comparison = self._compare(session, connection, run, bills)
        return BillingRunCard(
            run_id=run.id or 0,
            organisation=connection.name,
            label=run.label,
            state=run.state,
            currency=connection.base_currency,
            bills=tuple(bills),
            carried=tuple(carried),
            minimum=self._invoicer.minimum,
            approved_by=run.approved_by,
            sends_email=self._invoicer.sends_email(connection),
            preview=preview,
            auto_approved=run.auto_approved,
            comparison=comparison,
        )

    @staticmethod
    def _run(session: Session, run_id: int, team_id: str | None) -> tuple[BillingRun, XeroConnection]:
        run = session.get(BillingRun, run_id)
        connection = session.get(XeroConnection, run.connection_id) if run else None
        if run is None or connection is None or (team_id is not None and connection.team_id != team_id):
            raise BadRequest("That billing run can't be found any more.")
        return run, connection


def _raised(session: Session, connection: XeroConnection, run: BillingRun) -> list[ClientBill]:
    """The invoices an approved run raised, as they stand."""
    invoices = session.exec(
        select(ClientInvoice).where(ClientInvoice.billing_run_id == run.id).order_by(col(ClientInvoice.id))
    ).all()
    contacts = _contacts(session, connection.id or 0, [i.client_contact_xero_id for i in invoices])
    bills = []
    for invoice in invoices:
        name, email = contacts.get(invoice.client_contact_xero_id, ("Unknown client", None))
        rows = session.exec(
            select(Recharge).where(Recharge.invoice_id == invoice.id).order_by(col(Recharge.id))
        )
        lines = tuple(RunLine(r.id or 0, r.vendor_name, r.description, r.amount) for r in rows)
        bills.append(
            ClientBill(
                client_id=invoice.client_contact_xero_id,
                client_name=name,
                lines=lines,
                admin_fee=invoice.admin_fee,
                total=sum((line.amount for line in lines), Decimal(0)) + invoice.admin_fee,
                has_email=bool(email) and invoice.email_state != "no_email",
                invoice_id=invoice.id,
                invoice_state=invoice.state,
                invoice_number=invoice.invoice_number,
                online_url=invoice.online_url or None,
                email_state=invoice.email_state,
                undone=invoice.undone,
                error=invoice.error,
            )
        )
    return sorted(bills, key=lambda bill: bill.client_name.lower())


def _approved_before(session: Session, run: BillingRun) -> BillingRun | None:
    """The organisation's approved run for the period just before this run's."""
    return session.exec(
        select(BillingRun).where(
            BillingRun.connection_id == run.connection_id,
            BillingRun.period_end == run.period_start,
            col(BillingRun.state).in_([BillingRunState.APPROVED, BillingRunState.DONE]),
        )
    ).first()


def _change_percent(before: Decimal, now: Decimal) -> Decimal:
    """How much a total changed, in percent of what it was (any change from nothing is 100%)."""
    if before == 0:
        return Decimal(0) if now == 0 else Decimal(100)
    return ((now - before) / before * 100).quantize(Decimal("0.01"))


def _contacts(session: Session, connection_id: int, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
    rows = session.exec(
        select(Contact.xero_id, Contact.name, Contact.email).where(
            Contact.connection_id == connection_id, col(Contact.xero_id).in_(list(ids))
        )
    ).all()
    return {xero_id: (name, email) for xero_id, name, email in rows}


def _client_fees(session: Session, connection_id: int) -> dict[str, Decimal]:
    rows = session.exec(select(ClientBilling).where(ClientBilling.connection_id == connection_id)).all()
    return {row.client_contact_xero_id: row.admin_fee for row in rows if row.admin_fee is not None}


def _connection(session: Session, connection_id: int) -> XeroConnection:
    connection = session.get(XeroConnection, connection_id)
    if connection is None:
        raise BadRequest("That organisation isn't connected any more.")
    return connection
