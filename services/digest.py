"""The daily digest: what happened since the last one and what needs a person, from the database.

Every number is counted over the whole firm; only the first few lines of each list are shown, with
"and 1,840 more", so the message stays within Slack's limits however large the firm is.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services import outbox
from services.billing.terms import BillingTerms, next_run_on, terms_for
from services.models import (
    ClientInvoice,
    ConnectionStatus,
    Contact,
    DigestLog,
    InvoicePayment,
    InvoiceState,
    JobRun,
    Recharge,
    RechargeStatus,
    SyncRun,
    XeroConnection,
)
from services.notices import DailyDigest, DigestItem, DigestList
from services.payments.reconcile import is_open
from services.ports import Clock, SlackNotifier
from services.recharging.allocation import format_money
from services.recharging.catalog import SoftwareCatalog
from services.recharging.proposing import unmatched_page
from services.storage import Database
from services.workspaces import digest_channel

log = logging.getLogger(__name__)

DEFAULT_PERIOD = timedelta(hours=24)
SHOWN = 5  # lines per list; the rest are counted
DECIDED = (RechargeStatus.APPROVED, RechargeStatus.INVOICED, RechargeStatus.ACCRUING)
FOUND_KEY = "software charges found"  # what the recharge engine reports after each sync


@dataclass(frozen=True)
class DigestOutcome:
    organisation: str
    channel: str | None
    posted: bool
    digest: DailyDigest


def claim_job(db: Database, *, job_key: str, claimed_by: str, now: datetime) -> bool:
    """Claim one scheduled run across replicas: only the first insert of the key succeeds."""
    with db.session() as session:
        if session.get(JobRun, job_key) is not None:
            return False
    try:
        with db.session() as session:
            session.add(JobRun(job_key=job_key, claimed_by=claimed_by, claimed_at=now))
    except IntegrityError:
        return False
    return True


class DigestService:
    """Builds and posts each organisation's digest (scheduled, or `/rechargly digest`)."""

    def __init__(
        self,
        *,
        db: Database,
        notifier: SlackNotifier,
        clock: Clock,
        catalog: SoftwareCatalog,
        default_channel: str | None,
        approvals_default: str | None,
        skip_empty: bool,
        billing: BillingTerms | None = None,
    ) -> None:
        self._db = db
        self._notifier = notifier
        self._clock = clock
        self._catalog = catalog
        self._default_channel = default_channel
        self._approvals_default = approvals_default
        self._skip_empty = skip_empty
        self._billing = billing or BillingTerms()

    # --- posting ----------------------------------------------------------------------------------

    def post_for_team(self, *, team_id: str) -> list[DigestOutcome]:
        """`/rechargly digest`: post every connected organisation's digest now, even a quiet one."""
        with self._db.session() as session:
            ids = session.exec(
                select(XeroConnection.id)
                .where(
                    XeroConnection.team_id == team_id,
                    XeroConnection.status != ConnectionStatus.DISCONNECTED,
                )
                .order_by(col(XeroConnection.name))
            ).all()
        return [self.post(connection_id or 0, scheduled=False) for connection_id in ids]

    def run_scheduled(self, connection_id: int, *, job_key: str, claimed_by: str) -> DigestOutcome | None:
        """The scheduled digest: once per scheduled time across replicas; skipped when empty (setting)."""
        if not claim_job(self._db, job_key=job_key, claimed_by=claimed_by, now=self._clock.now()):
            return None
        return self.post(connection_id, scheduled=True)

    def post(self, connection_id: int, *, scheduled: bool) -> DigestOutcome:
        now = self._clock.now()
        with self._db.session() as session:
            connection = _connection(session, connection_id)
            channel = digest_channel(session, connection, self._default_channel, self._approvals_default)
        digest = self.build(connection_id, now=now)
        skip = scheduled and self._skip_empty and digest.empty
        if not channel or skip:
            return DigestOutcome(connection.name, channel, False, digest)
        # Asked for in Slack: posted now, so a refused channel is told to the person who asked.
        ts = (
            None
            if scheduled
            else self._notifier.post(team_id=connection.team_id, channel=channel, notice=digest)
        )
        with self._db.session() as session:  # the scheduled one: the log and its message, together
            log_row = DigestLog(
                connection_id=connection_id,
                period_start=digest.period_start,
                period_end=digest.period_end,
                channel_id=channel,
                message_ts=ts,
            )
            session.add(log_row)
            session.flush()
            if ts is not None:
                return DigestOutcome(connection.name, channel, True, digest)
            outbox.enqueue(
                session,
                team_id=connection.team_id,
                channel=channel,
                notice=digest,
                dedupe_key=f"digest:{log_row.id}",
                subject=f"digest:{log_row.id}",
            )
        return DigestOutcome(connection.name, channel, True, digest)

    # --- counting ---------------------------------------------------------------------------------

    def build(self, connection_id: int, *, now: datetime) -> DailyDigest:
        with self._db.session() as session:
            connection = _connection(session, connection_id)
            start = period_start(session, connection_id, now)
            base = connection.base_currency
            names = _names(session, connection_id)
            recharges = _recharges_decided_or_proposed(session, connection_id, start, now)
            invoices = list(
                session.exec(select(ClientInvoice).where(ClientInvoice.connection_id == connection_id))
            )
            payments = session.exec(
                select(InvoicePayment)
                .join(ClientInvoice, col(ClientInvoice.id) == InvoicePayment.invoice_id)
                .where(
                    ClientInvoice.connection_id == connection_id,
                    InvoicePayment.status == "AUTHORISED",
                    col(InvoicePayment.notified_at) >= start,
                    col(InvoicePayment.notified_at) < now,
                )
            ).all()
            waiting = session.exec(
                select(Recharge).where(
                    Recharge.connection_id == connection_id, Recharge.status == RechargeStatus.PROPOSED
                )
            ).all()
            accruing = session.exec(
                select(Recharge).where(
                    Recharge.connection_id == connection_id, Recharge.status == RechargeStatus.ACCRUING
                )
            ).all()
            found = _charges_found(session, connection_id, start, now)
            attention = _attention(session, connection, now)
            today = now.astimezone(ZoneInfo(connection.timezone or "UTC")).date()
            terms = terms_for(connection, self._billing)
            run_on = next_run_on(session, connection, terms, today) if terms.monthly else None
        created = [i for i in invoices if i.xero_invoice_id and start <= i.created_at < now]
        charges, _, unmatched_count = unmatched_page(
            db=self._db,
            catalog=self._catalog,
            team_id=connection.team_id,
            connection_id=connection_id,
            offset=0,
            limit=SHOWN,
        )
        return DailyDigest(
            organisation=connection.name,
            period_start=start,
            period_end=now,
            charges_found=found,
            proposed=sum(1 for r in recharges if start <= r.proposed_at < now),
            approved=_decided(recharges, start, now, auto=False),
            auto_approved=_decided(recharges, start, now, auto=True),
            rejected=sum(
                1
                for r in recharges
                if r.status == RechargeStatus.REJECTED and r.decided_at and start <= r.decided_at < now
            ),
            invoices_created=len(created),
            invoiced_total=format_money(sum((i.total for i in created), Decimal(0)), base, base),
            payments_received=len(payments),
            paid_total=format_money(sum((p.amount for p in payments), Decimal(0)), base, base),
            waiting=_waiting(waiting, names, base),
            unmatched=DigestList(
                count=unmatched_count,
                shown=tuple(DigestItem(c.vendor, f"{c.amount} on {c.charge_date:%-d %b}") for c in charges),
                more=max(0, unmatched_count - len(charges)),
            ),
            overdue=_overdue(invoices, names, base, today),
            attention=attention,
            accruing=_waiting(accruing, names, base),
            billing_run_on=f"{run_on:%-d %b %Y}" if run_on else "",
        )


def period_start(session: Session, connection_id: int, now: datetime) -> datetime:
    """Since the last digest posted for the organisation, or the last 24 hours."""
    last = session.exec(
        select(DigestLog.period_end)
        .where(DigestLog.connection_id == connection_id)
        .order_by(col(DigestLog.period_end).desc())
    ).first()
    return last if last is not None and last < now else now - DEFAULT_PERIOD


def _connection(session: Session, connection_id: int) -> XeroConnection:
    connection = session.get(XeroConnection, connection_id)
    assert connection is not None
    return connection


def _names(session: Session, connection_id: int) -> dict[str, str]:
    rows = session.exec(
        select(Contact.xero_id, Contact.name).where(Contact.connection_id == connection_id)
    ).all()
    return dict(rows)


def _recharges_decided_or_proposed(
    session: Session, connection_id: int, start: datetime, end: datetime
) -> Sequence[Recharge]:
    return session.exec(
        select(Recharge).where(
            Recharge.connection_id == connection_id,
            ((col(Recharge.proposed_at) >= start) & (col(Recharge.proposed_at) < end))
            | ((col(Recharge.decided_at) >= start) & (col(Recharge.decided_at) < end)),
        )
    ).all()


def _decided(recharges: Sequence[Recharge], start: datetime, end: datetime, *, auto: bool) -> int:
    return sum(
        1
        for r in recharges
        if r.status in DECIDED and r.auto_approved == auto and r.decided_at and start <= r.decided_at < end
    )


def _charges_found(session: Session, connection_id: int, start: datetime, end: datetime) -> int:
    """Software charges the syncs of the period found (each sync's summary counts them)."""
    runs = session.exec(
        select(SyncRun).where(
            SyncRun.connection_id == connection_id,
            SyncRun.status == "ok",
            col(SyncRun.finished_at) >= start,
            col(SyncRun.finished_at) < end,
        )
    ).all()
    return sum(int((run.counts.get("found") or {}).get(FOUND_KEY, 0)) for run in runs)


def _waiting(waiting: Sequence[Recharge], names: dict[str, str], base: str) -> DigestList:
    by_client: dict[str, list[Recharge]] = defaultdict(list)
    for recharge in waiting:
        by_client[recharge.client_contact_xero_id].append(recharge)
    biggest = sorted(by_client.items(), key=lambda item: -sum(r.amount for r in item[1]))
    shown = tuple(
        DigestItem(
            names.get(client, "Unknown client"),
            f"— {len(rows)} charge{'s' if len(rows) != 1 else ''}, "
            f"{format_money(sum((r.amount for r in rows), Decimal(0)), base, base)}",
        )
        for client, rows in biggest[:SHOWN]
    )
    return DigestList(
        count=len(waiting),
        amount=format_money(sum((r.amount for r in waiting), Decimal(0)), base, base),
        shown=shown,
        more=max(0, len(by_client) - SHOWN),
    )


def _overdue(invoices: Sequence[ClientInvoice], names: dict[str, str], base: str, today: date) -> DigestList:
    due = [(i.due_date, i) for i in invoices if is_open(i) and i.due_date is not None]
    late = sorted(((on, i) for on, i in due if on < today), key=lambda item: (item[0], item[1].id or 0))
    shown = tuple(
        DigestItem(
            names.get(i.client_contact_xero_id, "Unknown client"),
            f"{i.invoice_number} {format_money(i.amount_due, i.currency_code, base)}, "
            f"{(today - on).days} days overdue",
        )
        for on, i in late[:SHOWN]
    )
    return DigestList(
        count=len(late),
        amount=format_money(sum((i.amount_due for _, i in late), Decimal(0)), base, base),
        shown=shown,
        more=max(0, len(late) - SHOWN),
    )


def _attention(session: Session, connection: XeroConnection, now: datetime) -> tuple[str, ...]:
    notes: list[str] = []
    if connection.status == ConnectionStatus.NEEDS_RECONNECT:
        notes.append(f"Rechargly lost access to {connection.name}: an admin can run `/rechargly connect`.")
    if connection.last_sync_status == "failed":
        error = session.exec(
            select(SyncRun.error)
            .where(SyncRun.connection_id == connection.id, SyncRun.status == "failed")
            .order_by(col(SyncRun.id).desc())
        ).first()
        notes.append(f"The last sync failed: {error or 'see `/rechargly status`'}")
    limited = connection.daily_limit_until
    if connection.last_sync_status == "limited" or (limited is not None and limited > now - DEFAULT_PERIOD):
        when = f"; syncing resumes at {limited:%H:%M} UTC" if limited and limited > now else ""
        notes.append(f"Xero's daily API limit was reached{when}.")
    failed = session.exec(
        select(ClientInvoice.id).where(
            ClientInvoice.connection_id == connection.id, ClientInvoice.state == InvoiceState.FAILED
        )
    ).all()
    if failed:
        notes.append(f"{len(failed)} invoice(s) couldn't be created in Xero: press Retry on their proposals.")
    return tuple(notes)
