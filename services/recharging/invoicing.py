"""Raising the client's invoice in Xero, safely: state is written before every Xero call.

A ClientInvoice goes pending → created → done (or failed). Its idempotency key is derived from the
recharge ids and sent with the create call, so whatever happens between Xero creating the invoice
and us saving that fact (a crash, a timeout, a 500), running it again finds the same invoice.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from services import audit
from services.billing.terms import BillingTerms, terms_for
from services.connect.tokens import XeroTokens
from services.errors import NeedsReconnect, RecharglyError, SlackUnavailable, XeroRejected
from services.models import (
    ClientInvoice,
    Contact,
    InvoiceState,
    Recharge,
    RechargeStatus,
    SpendLine,
    SpendTransaction,
    XeroConnection,
)
from services.ports import Clock, SlackNotifier, XeroInvoicing, XeroSales
from services.storage import Database
from services.sync.lease import died_on_this_machine, new_holder
from services.workspaces import invoice_status
from services.xero_types import AttachmentInfo, InvoiceDraft, InvoiceLineDraft, PaymentTerms, XeroAccess

log = logging.getLogger(__name__)

DEFAULT_DUE_DAYS = 20
MAX_ATTACHMENTS = 10  # Xero's limit per document
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # Xero's limit per file
MAX_REFERENCE = 255
# A runner on another machine silent this long is taken to be gone (one on this machine is checked
# by its pid at once); longer than one Xero call with all its retries.
RUNNER_SILENT = timedelta(minutes=5)
# Claimed by an approval whose process died before it reached Xero.
NEVER_STARTED = timedelta(seconds=30)

# Told when an invoice is done or failed, in the transaction that saves it, with the invoice's id:
# whoever shows the invoice (its cards) queues that, as durable as the state itself. (In between, a
# crash leaves the invoice unfinished, and whoever takes it over carries it to one of those.)
Announce = Callable[[Session, int], None]


def _silent(_session: Session, _invoice_id: int) -> None:
    return None


def idempotency_key(connection_id: int, recharge_ids: Sequence[int]) -> str:
    """The same recharges always give the same key (Xero accepts up to 128 characters)."""
    joined = ",".join(str(i) for i in sorted(recharge_ids))
    return f"rechargly-{connection_id}-" + hashlib.sha256(joined.encode()).hexdigest()[:48]


def next_attempt_key(key: str) -> str:
    """A fresh key for a new attempt after Xero *refused* the last one (it created nothing)."""
    base, _, attempt = key.partition("~")
    return f"{base}~{int(attempt or 1) + 1}"


def due_date(invoice_date: date, terms: PaymentTerms | None) -> date:
    """When the invoice is due under Xero's payment terms (20 days when none are set)."""
    if terms is None:
        return invoice_date + timedelta(days=DEFAULT_DUE_DAYS)
    kind = terms.type.upper()
    if kind == "DAYSAFTERBILLDATE":
        return invoice_date + timedelta(days=terms.day)
    if kind == "DAYSAFTERBILLMONTH":
        return _month_end(invoice_date) + timedelta(days=terms.day)
    if kind == "OFCURRENTMONTH":
        return max(invoice_date, _day_of(invoice_date.year, invoice_date.month, terms.day))
    if kind == "OFFOLLOWINGMONTH":
        year, month = (
            (invoice_date.year + 1, 1)
            if invoice_date.month == 12
            else (invoice_date.year, invoice_date.month + 1)
        )
        return _day_of(year, month, terms.day)
    return invoice_date + timedelta(days=DEFAULT_DUE_DAYS)


def _month_end(day: date) -> date:
    return _day_of(day.year, day.month, 31)


def _day_of(year: int, month: int, day: int) -> date:
    return date(year, month, max(1, min(day, calendar.monthrange(year, month)[1])))


@dataclass(frozen=True)
class Accruing:
    """The client's approved charges stay below the minimum invoice amount: no invoice yet."""

    client: str
    total: Decimal


@dataclass(frozen=True)
class InvoiceResult:
    invoice_id: int
    state: str
    error: str | None
    waiting_for_access: bool = False  # Xero access was lost: it carries on after reconnecting


class Invoicer:
    """Claims approved recharges into a ClientInvoice and carries it through Xero."""

    def __init__(
        self,
        *,
        db: Database,
        tokens: XeroTokens,
        xero: XeroInvoicing,
        clock: Clock,
        default_status: str,
        min_invoice_amount: Decimal,
        sales: XeroSales | None = None,
        billing: BillingTerms | None = None,
        notifier: SlackNotifier | None = None,
    ) -> None:
        self._db = db
        self._notifier = notifier  # names the approver in the History note
        self._tokens = tokens
        self._xero = xero
        self._clock = clock
        self._default_status = default_status
        self._minimum = min_invoice_amount
        self._sales = sales
        self._billing = billing or BillingTerms()
        self._me = new_holder()  # this process, as an invoice's runner

    @property
    def minimum(self) -> Decimal:
        return self._minimum

    def terms(self, connection: XeroConnection) -> BillingTerms:
        """How the organisation bills: its choice in the settings, else the BILLING_* settings."""
        return terms_for(connection, self._billing)

    def monthly(self, connection: XeroConnection) -> bool:
        """Whether approved recharges accrue for the organisation's billing run."""
        return self.terms(connection).monthly

    def sends_email(self, connection: XeroConnection) -> bool:
        return self.terms(connection).emails

    # --- claiming -----------------------------------------------------------------------------

    def claim(
        self,
        session: Session,
        *,
        connection: XeroConnection,
        client: str,
        condition: Sequence[object],
        actor: str,
        auto: bool,
    ) -> ClientInvoice | Accruing | None:
        """Atomically move the PROPOSED recharges matching ``condition`` to APPROVED, in one new invoice.

        The invoice row is written first and the UPDATE … WHERE status='proposed' decides who wins:
        of two approvals at once, only one changes any row; the other gets None and changes nothing.
        The client's ACCRUING recharges join the invoice; while the total stays below the minimum
        invoice amount they all accrue instead (Accruing) and no invoice is made.
        """
        invoice = ClientInvoice(
            connection_id=connection.id or 0,
            client_contact_xero_id=client,
            idempotency_key=f"claim-{uuid.uuid4().hex}",
            currency_code=connection.base_currency,
            approved_by=actor,
            auto_approved=auto,
        )
        session.add(invoice)
        session.flush()
        claimed = session.execute(
            update(Recharge)
            .where(col(Recharge.status) == RechargeStatus.PROPOSED, *condition)  # type: ignore[arg-type]
            .values(
                status=RechargeStatus.APPROVED,
                invoice_id=invoice.id,
                decided_by=actor,
                decided_at=self._clock.now(),
                auto_approved=auto,
            )
        )
        if claimed.rowcount == 0:  # type: ignore[attr-defined]
            session.delete(invoice)
            return None
        session.execute(
            update(Recharge)
            .where(
                col(Recharge.connection_id) == connection.id,
                col(Recharge.client_contact_xero_id) == client,
                col(Recharge.status) == RechargeStatus.ACCRUING,
            )
            .values(status=RechargeStatus.APPROVED, invoice_id=invoice.id)
        )
        recharges = list(session.exec(select(Recharge).where(Recharge.invoice_id == invoice.id)))
        total = sum((r.amount for r in recharges), Decimal(0))
        if total < self._minimum or self.monthly(connection):  # monthly: the billing run invoices them
            return self._accrue(session, connection, invoice, recharges, actor)
        invoice.idempotency_key = idempotency_key(connection.id or 0, [r.id or 0 for r in recharges])
        invoice.total = sum((r.amount for r in recharges), Decimal(0))
        invoice.reference = _reference(recharges)
        invoice.attachments_expected = len({r.spend_line_id for r in recharges if r.has_receipt})
        session.add(invoice)
        audit.record(
            session,
            team_id=connection.team_id,
            connection_id=connection.id,
            actor=actor,
            action="auto-approved" if auto else "approved",
            subject=f"invoice:{invoice.id}",
            client=client,
            details={
                "recharges": [r.id for r in recharges],
                "total": f"{invoice.total:f}",
                "lines": [{"vendor": r.vendor_name, "amount": f"{r.amount:f}"} for r in recharges],
            },
        )
        return invoice

    def _accrue(
        self,
        session: Session,
        connection: XeroConnection,
        invoice: ClientInvoice,
        recharges: Sequence[Recharge],
        actor: str,
    ) -> Accruing:
        session.execute(
            update(Recharge)
            .where(col(Recharge.invoice_id) == invoice.id)
            .values(status=RechargeStatus.ACCRUING, invoice_id=None)
        )
        session.delete(invoice)
        total = sum((r.amount for r in recharges), Decimal(0))
        audit.record(
            session,
            team_id=connection.team_id,
            connection_id=connection.id,
            actor=actor,
            action="accruing",
            subject=f"client:{invoice.client_contact_xero_id}"[:64],
            client=invoice.client_contact_xero_id,
            details={
                "recharges": [r.id for r in recharges],
                "total": f"{total:f}",
                "minimum": f"{self._minimum:f}",
            },
        )
        return Accruing(client=invoice.client_contact_xero_id, total=total)

    # --- carrying an invoice through Xero -------------------------------------------------------

    def run(self, invoice_id: int, *, announce: Announce = _silent) -> InvoiceResult:
        """Create the invoice (if not yet created) and attach the receipts still missing.

        Only one live process carries an invoice at a time: a run finding it in another live
        process's hands leaves it there and reports its state as it stands. `announce` is told when
        it is done or failed, in the transaction that saves it.
        """
        invoice = self._take(invoice_id)
        with self._db.session() as session:
            connection = session.get(XeroConnection, invoice.connection_id)
            assert connection is not None
        if invoice.runner != self._me:
            return _result(invoice)
        try:
            access = self._tokens.access_for(connection)
            if invoice.state in (InvoiceState.PENDING, InvoiceState.FAILED):
                invoice = self._create(connection, access, invoice)
            if invoice.state == InvoiceState.CREATED:
                invoice = self._attach_receipts(access, invoice)
                invoice = self._finish(connection, access, invoice, announce)
        except RecharglyError as error:
            invoice = self._failed(invoice.id or 0, error, announce)
        return _result(invoice)

    def _take(self, invoice_id: int) -> ClientInvoice:
        """Become the invoice's runner unless a live process is; compare-and-swap on the runner."""
        now = self._clock.now()
        with self._db.session() as session:
            invoice = session.get(ClientInvoice, invoice_id)
            assert invoice is not None
            if invoice.state == InvoiceState.DONE or not self._free(invoice, now):
                return invoice
            before = invoice.runner
            same_runner = (
                col(ClientInvoice.runner).is_(None) if before is None else col(ClientInvoice.runner) == before
            )
            taken = session.execute(
                update(ClientInvoice)
                .where(col(ClientInvoice.id) == invoice_id, same_runner)
                .values(runner=self._me, runner_since=now)
            )
            session.commit()
            session.refresh(invoice)
            if taken.rowcount and before not in (None, self._me):  # type: ignore[attr-defined]
                log.warning("invoice %s taken over from %s, which is gone", invoice_id, before)
            return invoice

    def _free(self, invoice: ClientInvoice, now: datetime) -> bool:
        """Nobody runs it, or we do, or its runner is gone (died on this machine, or silent too long)."""
        if invoice.runner is None or invoice.runner == self._me:
            return True
        return abandoned(invoice.runner, invoice.runner_since, now)

    def abandoned(self, *, message_id: int | None = None) -> list[int]:
        """Unfinished invoices whose runner is gone, or that were claimed but never started."""
        now = self._clock.now()
        query = select(ClientInvoice).where(
            col(ClientInvoice.state).in_([InvoiceState.PENDING, InvoiceState.CREATED])
        )
        if message_id is not None:
            query = query.where(
                col(ClientInvoice.id).in_(
                    select(Recharge.invoice_id).where(Recharge.proposal_message_id == message_id)
                )
            )
        with self._db.session() as session:
            unfinished = session.exec(query).all()
        return [
            invoice.id or 0
            for invoice in unfinished
            if (invoice.runner is None and invoice.created_at < now - NEVER_STARTED)
            or (invoice.runner is not None and abandoned(invoice.runner, invoice.runner_since, now))
        ]

    def _create(
        self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice
    ) -> ClientInvoice:
        draft = self._draft(connection, access, invoice)
        created = self._xero.create_invoice(access, draft, invoice.idempotency_key)
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice.id)
            assert saved is not None
            saved.state = InvoiceState.CREATED
            saved.xero_invoice_id = created.invoice_id
            saved.invoice_number = created.invoice_number
            saved.xero_status = created.status
            saved.total = created.total
            saved.amount_due = created.amount_due
            saved.due_date = created.due_date or draft.due_date
            saved.error = None
            saved.waiting_for_access = False
            saved.runner_since = self._clock.now()  # still ours: now attaching receipts
            session.add(saved)
            session.execute(
                update(Recharge)
                .where(col(Recharge.invoice_id) == saved.id, col(Recharge.status) == RechargeStatus.APPROVED)
                .values(status=RechargeStatus.INVOICED)
            )
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=saved.approved_by or audit.SYSTEM_ACTOR,
                action="invoiced",
                subject=f"invoice:{saved.id}",
                client=saved.client_contact_xero_id,
                details={
                    "invoice_number": created.invoice_number,
                    "xero_invoice_id": created.invoice_id,
                    "total": f"{created.total:f}",
                    "status": created.status,
                },
            )
            return saved

    def _draft(self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice) -> InvoiceDraft:
        with self._db.session() as session:
            recharges = list(
                session.exec(
                    select(Recharge).where(Recharge.invoice_id == invoice.id).order_by(col(Recharge.id))
                )
            )
            contact = session.exec(
                select(Contact).where(
                    Contact.connection_id == connection.id, Contact.xero_id == invoice.client_contact_xero_id
                )
            ).first()
            status = invoice_status(session, connection.team_id, self._default_status)
        today = self._clock.now().astimezone(ZoneInfo(connection.timezone or "UTC")).date()
        if contact is not None and contact.payment_terms_days is not None:
            due = today + timedelta(days=contact.payment_terms_days)
        else:
            due = due_date(today, self._organisation_terms(connection, access))
        lines = tuple(_invoice_line(r, invoice.period_label) for r in recharges)
        return InvoiceDraft(
            contact_id=invoice.client_contact_xero_id,
            date=today,
            due_date=due,
            reference=invoice.reference,
            currency_code=connection.base_currency,
            status=status,
            lines=lines + _fee_line(invoice, recharges),
        )

    def _organisation_terms(self, connection: XeroConnection, access: XeroAccess) -> PaymentTerms | None:
        return self._xero.organisation_settings(access).sales_terms

    def _attach_receipts(self, access: XeroAccess, invoice: ClientInvoice) -> ClientInvoice:
        """Copy each source's receipts onto the invoice, recording each file so a retry skips it."""
        done = list(invoice.attachments_done)
        too_large: list[str] = []
        for source, xero_id, info, target in self._receipts(access, invoice.id or 0):
            if target in done:
                continue
            if info.size > MAX_ATTACHMENT_BYTES:  # Xero would refuse it: say so rather than retry forever
                too_large.append(f"{info.file_name} ({info.size / 1024 / 1024:.1f} MB)")
                continue
            content = self._xero.attachment_bytes(access, source, xero_id, info.file_name, info.mime_type)
            self._xero.attach_to_invoice(
                access,
                invoice.xero_invoice_id or "",
                target,
                content,
                info.mime_type or "application/octet-stream",
                include_online=True,
                idempotency_key=f"{invoice.idempotency_key}-att-{target}"[:128],
            )
            done.append(target)
            self._save_attachments(invoice.id or 0, done)
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice.id)
            assert saved is not None
            saved.error = _too_large_note(too_large)
            session.add(saved)
            return saved

    # --- after the receipts: the History note, the email, the online link ------------------------

    def _finish(
        self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice, announce: Announce
    ) -> ClientInvoice:
        """Each step is saved once done, so a retry after a crash or a Xero error does only the rest."""
        sales = self._sales
        xero_id = invoice.xero_invoice_id or ""
        if sales is not None and not invoice.history_noted:
            invoice = self._name_approver(connection, invoice)
            details = history_note(invoice, connection.timezone)
            sales.note_history(
                access, xero_id, details, idempotency_key=f"{invoice.idempotency_key}-note"[:128]
            )
            invoice = self._save(invoice.id or 0, history_noted=True)
        approved = invoice.xero_status == "AUTHORISED"
        if sales is not None and approved and not invoice.email_state and self.sends_email(connection):
            invoice = self._save(invoice.id or 0, email_state=self._email(connection, access, invoice))
        if sales is not None and approved and invoice.online_url is None:
            invoice = self._save(invoice.id or 0, online_url=sales.online_invoice_url(access, xero_id) or "")
        with self._db.session() as session:
            done = session.get(ClientInvoice, invoice.id)
            assert done is not None
            done.state, done.runner = InvoiceState.DONE, None
            session.add(done)
            announce(session, done.id or 0)
            return done

    def _name_approver(self, connection: XeroConnection, invoice: ClientInvoice) -> ClientInvoice:
        """The approver's name as Slack shows it, for the History note (kept, so a retry asks once)."""
        person = invoice.approved_by
        if self._notifier is None or invoice.approved_by_name or invoice.auto_approved or not person:
            return invoice
        name = approver_name(self._notifier, team_id=connection.team_id, user=person)
        return self._save(invoice.id or 0, approved_by_name=name) if name else invoice

    def _email(self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice) -> str:
        assert self._sales is not None
        with self._db.session() as session:
            email = session.exec(
                select(Contact.email).where(
                    Contact.connection_id == connection.id, Contact.xero_id == invoice.client_contact_xero_id
                )
            ).first()
        if not email:
            return "no_email"
        try:
            self._sales.email_invoice(
                access,
                invoice.xero_invoice_id or "",
                idempotency_key=f"{invoice.idempotency_key}-email"[:128],
            )
        except XeroRejected as refused:  # Xero knows no address for them: say so on the card
            log.info("Xero did not email invoice %s: %s", invoice.id, refused.message)
            return "no_email"
        return "sent"

    def _save(self, invoice_id: int, **changes: object) -> ClientInvoice:
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice_id)
            assert saved is not None
            for name, value in changes.items():
                setattr(saved, name, value)
            session.add(saved)
            return saved

    def _receipts(self, access: XeroAccess, invoice_id: int) -> list[tuple[str, str, AttachmentInfo, str]]:
        """Every receipt to copy, with the name it gets on the invoice (the same on every run)."""
        found: list[tuple[str, str, AttachmentInfo, str]] = []
        for source, xero_id in self._sources(invoice_id):
            for info in self._xero.attachments(access, source, xero_id):
                taken = [target for *_, target in found]
                found.append((source, xero_id, info, _target_name(info.file_name, xero_id, taken)))
        return found[:MAX_ATTACHMENTS]

    def _sources(self, invoice_id: int) -> list[tuple[str, str]]:
        """The (source kind, Xero id) of every charge with a receipt on this invoice, once each."""
        with self._db.session() as session:
            rows = session.exec(
                select(SpendTransaction.source, SpendTransaction.xero_id)
                .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
                .join(Recharge, col(Recharge.spend_line_id) == SpendLine.id)
                .where(Recharge.invoice_id == invoice_id, col(SpendTransaction.has_attachments).is_(True))
                .order_by(col(Recharge.id))
            ).all()
        return [(str(source), str(xero_id)) for source, xero_id in dict.fromkeys(rows)]

    def _save_attachments(self, invoice_id: int, done: list[str]) -> None:
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice_id)
            assert saved is not None
            saved.attachments_done = list(done)
            saved.runner_since = self._clock.now()  # alive: another replica leaves it to us
            session.add(saved)

    def _failed(self, invoice_id: int, error: RecharglyError, announce: Announce) -> ClientInvoice:
        """Keep the approval; say why. A refusal means Xero created nothing: the next try gets a new key."""
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice_id)
            assert saved is not None
            saved.error = error.message
            # Access lost: nothing reached Xero; the invoice carries on by itself after reconnecting.
            saved.waiting_for_access = isinstance(error, NeedsReconnect)
            saved.runner = None
            if saved.state != InvoiceState.CREATED:
                saved.state = InvoiceState.FAILED
                if isinstance(error, XeroRejected):
                    saved.idempotency_key = next_attempt_key(saved.idempotency_key)
            session.add(saved)
            audit.record(
                session,
                team_id=_team_of(session, saved.connection_id),
                connection_id=saved.connection_id,
                actor=audit.SYSTEM_ACTOR,
                action="invoice failed",
                subject=f"invoice:{saved.id}",
                client=saved.client_contact_xero_id,
                details={"error": error.message, "state": saved.state},
            )
            announce(session, saved.id or 0)
            return saved


def abandoned(runner: str, since: datetime | None, now: datetime) -> bool:
    """The runner's process is gone: it died on this machine, or it has been silent too long."""
    return died_on_this_machine(runner) or since is None or since < now - RUNNER_SILENT


def _result(invoice: ClientInvoice) -> InvoiceResult:
    return InvoiceResult(
        invoice_id=invoice.id or 0,
        state=invoice.state,
        error=invoice.error,
        waiting_for_access=invoice.waiting_for_access,
    )


def fix_hint(xero_said: str) -> str | None:
    """What the firm can do about Xero's refusal, for the refusals firms meet most."""
    said = xero_said.lower()
    if "account code" in said and ("archived" in said or "not a valid code" in said):
        return (
            "The rule's revenue account is archived (or no longer exists) in Xero. Pick an active "
            "revenue account for the rule (`/rechargly rules`), then press Retry."
        )
    if "taxtype" in said or "tax type" in said:
        return (
            "That tax type isn't one this Xero organisation can use on sales. Choose one of its sales "
            "tax rates for the rule (`/rechargly rules`), then press Retry."
        )
    if "contact" in said and "archived" in said:
        return (
            "The client's contact is archived in Xero. Restore it in Xero (Contacts → Archived → "
            "Restore), then press Retry."
        )
    return None


def _too_large_note(files: Sequence[str]) -> str | None:
    if not files:
        return None
    return (
        f"not attached: {', '.join(files)} — Xero takes files up to "
        f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB; attach a smaller copy in Xero"
    )


def _team_of(session: Session, connection_id: int) -> str:
    connection = session.get(XeroConnection, connection_id)
    return connection.team_id if connection else ""


_CONTROLS = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
MAX_NAME = 80


def plain_name(name: str) -> str:
    """A person's name for a note in Xero: one line, no control or text-direction characters."""
    return " ".join(_CONTROLS.sub(" ", name).split())[:MAX_NAME].strip()


def approver_name(notifier: SlackNotifier, *, team_id: str, user: str) -> str:
    """A person's name as Slack shows it, made plain; "" when Slack can't say (the History note then
    names their user id: nothing waits for Slack)."""
    if user == audit.SYSTEM_ACTOR:
        return ""
    try:
        return plain_name(notifier.user_name(team_id=team_id, user=user) or "")
    except SlackUnavailable as error:
        log.info("no name for %s from Slack: %s", user, error)
        return ""


def history_note(invoice: ClientInvoice, timezone: str) -> str:
    """What the invoice's History in Xero says about where it came from."""
    on = invoice.created_at.astimezone(ZoneInfo(timezone or "UTC"))
    if invoice.auto_approved and invoice.billing_run_id is not None:
        return (
            f"Raised by Rechargly; its billing run was approved automatically by Rechargly on {on:%d %b %Y}, "
            "as it matched the last approved run"
        )
    if invoice.auto_approved:
        return f"Raised by Rechargly; approved automatically by a recharge rule on {on:%d %b %Y}"
    who = invoice.approved_by_name or invoice.approved_by or "a person"
    return f"Raised by Rechargly; approved by {who} in Slack on {on:%d %b %Y}"


def _fee_line(invoice: ClientInvoice, recharges: Sequence[Recharge]) -> tuple[InvoiceLineDraft, ...]:
    """The billing run's admin fee, booked like the charges it comes with."""
    if invoice.admin_fee <= 0 or not recharges:
        return ()
    first = recharges[0]
    label = f"Admin fee, {invoice.period_label}" if invoice.period_label else "Admin fee"
    return (InvoiceLineDraft(label, Decimal(1), invoice.admin_fee, first.account_code, first.tax_type),)


def _invoice_line(recharge: Recharge, period: str = "") -> InvoiceLineDraft:
    description = recharge.description
    if period:  # a billing run's line names vendor, plan and period
        description = f"{recharge.vendor_name}: {recharge.description} ({period})"
    if _worth_explaining(recharge.explanation):
        description += f"\n{recharge.explanation}"
    return InvoiceLineDraft(
        description=description[:4000],
        quantity=Decimal(1),
        unit_amount=recharge.amount,
        account_code=recharge.account_code,
        tax_type=recharge.tax_type,
    )


def _worth_explaining(explanation: str) -> bool:
    """Say how the amount was reached unless it is simply the whole charge, unconverted."""
    plain_whole = explanation.startswith("100% of") and not any(
        word in explanation for word in ("converted", "markup", "fee")
    )
    return bool(explanation) and not plain_whole


def _reference(recharges: Sequence[Recharge]) -> str:
    charges = dict.fromkeys(f"{r.vendor_name} {r.charge_date:%b %Y}" for r in recharges)
    return ("Recharge of " + ", ".join(charges))[:MAX_REFERENCE]


def _target_name(file_name: str, source_id: str, taken: Sequence[str]) -> str:
    """The receipt's own name, unless another source's receipt already took it on this invoice."""
    name = file_name or "receipt"
    return name if name not in taken else f"{source_id[:8]}-{name}"
