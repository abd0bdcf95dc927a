"""Deciding proposals in Slack: approve (and invoice), review, reject, retry — approvers only."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, col, select

from services import audit, outbox
from services.connect.service import Permissions
from services.errors import BadRequest
from services.models import (
    ClientInvoice,
    InvoiceState,
    ProposalMessage,
    Recharge,
    RechargeRule,
    RechargeStatus,
    XeroConnection,
)
from services.notices import InvoiceFailed
from services.ports import Clock, SlackNotifier
from services.recharging.allocation import to_cents
from services.recharging.invoicing import Invoicer, InvoiceResult, fix_hint
from services.recharging.proposals import ProposalPublisher, contact_name
from services.storage import Database

log = logging.getLogger(__name__)

# An invoice still pending this long after approval was interrupted (a crash, a restart).
STUCK_AFTER = timedelta(minutes=5)
MAX_REASON = 500


@dataclass(frozen=True)
class LineEdit:
    """A change made in the Review modal to one proposed recharge."""

    recharge_id: int
    amount: Decimal
    description: str
    drop: bool = False


@dataclass(frozen=True)
class ReviewLine:
    recharge_id: int
    vendor: str
    description: str
    amount: Decimal
    explanation: str
    discount_note: str = ""


class Approvals:
    """Approves, edits, rejects and retries a client's proposals; one invoice per approval."""

    def __init__(
        self,
        *,
        db: Database,
        notifier: SlackNotifier,
        clock: Clock,
        permissions: Permissions,
        invoicer: Invoicer,
        publisher: ProposalPublisher,
    ) -> None:
        self._db = db
        self._notifier = notifier
        self._clock = clock
        self._permissions = permissions
        self._invoicer = invoicer
        self._publisher = publisher

    # --- approve ----------------------------------------------------------------------------

    def approve(self, *, team_id: str, user_id: str, message_id: int) -> InvoiceResult:
        """Approve every charge still waiting in the message and raise the client's invoice."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id)
        result = self._approve(team_id, user_id, message_id)
        with self._db.session() as session:
            message = session.get(ProposalMessage, message_id)
            batch_id = message.review_batch_id if message else None
        if batch_id is not None:  # approved from a run's review: its summary counts one fewer
            self._publisher.publish_summary(batch_id)
        return result

    def approve_batch(self, *, team_id: str, user_id: str, batch_id: int) -> int:
        """Approve every client still waiting in a run's review (one confirm for all); how many were
        approved now. A client someone decided meanwhile is skipped, not an error."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id)
        with self._db.session() as session:
            message_ids = session.exec(
                select(ProposalMessage.id)
                .join(XeroConnection, col(XeroConnection.id) == ProposalMessage.connection_id)
                .where(
                    ProposalMessage.review_batch_id == batch_id,
                    XeroConnection.team_id == team_id,
                    col(ProposalMessage.state).in_(["open", "partly"]),
                )
                .order_by(col(ProposalMessage.id))
            ).all()
        approved = 0
        for message_id in message_ids:
            try:
                self._approve(team_id, user_id, message_id or 0)
            except BadRequest:  # decided by someone else a moment ago
                continue
            approved += 1
        self._publisher.publish_summary(batch_id)
        return approved

    def _approve(self, team_id: str, user_id: str, message_id: int) -> InvoiceResult:
        message, connection = self._message(team_id, message_id)
        # The claim's first statement must be its write: a read first would let SQLite refuse the
        # upgrade to a write lock when another approval commits in between.
        with self._db.session() as session:
            invoice = self._invoicer.claim(
                session,
                connection=connection,
                client=message.client_contact_xero_id,
                condition=[col(Recharge.proposal_message_id) == message_id],
                actor=user_id,
                auto=False,
            )
            if invoice is None:
                session.rollback()
            else:
                # The card says what is true before Xero is called: no Approve button on a claimed
                # approval, queued with the claim itself, so a crash right after can't leave it stale.
                self._publisher.refresh(session, message_id)
            invoice_id = None if not isinstance(invoice, ClientInvoice) else invoice.id or 0
        if invoice is None:
            self._publisher.publish(message_id)  # someone decided a moment ago: the card says so
            self._take_over(self._invoicer.abandoned(message_id=message_id))
            raise BadRequest("Nothing left to approve here: these charges were already decided.")
        if invoice_id is None:  # below the minimum invoice amount: waits for the client's next charges
            return InvoiceResult(invoice_id=0, state=RechargeStatus.ACCRUING, error=None)
        return self._invoice(message_id, invoice_id)

    def auto_approve(self, *, connection_id: int, recharge_ids: Sequence[int]) -> None:
        """Approve recurring charges without a click (the rule allows it), one invoice per client."""
        with self._db.session() as session:
            connection = _connection(session, connection_id)
            rows = session.exec(select(Recharge).where(col(Recharge.id).in_(recharge_ids))).all()
        by_client: dict[str, list[int]] = {}
        for row in rows:
            by_client.setdefault(row.client_contact_xero_id, []).append(row.id or 0)
        for client, ids in by_client.items():
            with self._db.session() as session:
                invoice = self._invoicer.claim(
                    session,
                    connection=connection,
                    client=client,
                    condition=[col(Recharge.id).in_(ids)],
                    actor=audit.SYSTEM_ACTOR,
                    auto=True,
                )
                invoice_id = invoice.id if isinstance(invoice, ClientInvoice) else None
            message_id = next(r.proposal_message_id for r in rows if r.client_contact_xero_id == client)
            if invoice_id is not None:
                self._invoice(message_id, invoice_id)

    def _invoice(self, message_id: int | None, invoice_id: int) -> InvoiceResult:
        # Each state the invoice reaches queues its cards' edits in the same transaction; the
        # publishes below change nothing then, and cover a run left to another live process.
        result = self._invoicer.run(invoice_id, announce=self._publisher.refresh_invoice)
        if message_id is not None:
            self._publisher.publish(message_id)
        for other in self._accrued_messages(invoice_id, message_id):
            self._publisher.publish(other)
        if result.state == InvoiceState.FAILED and message_id is not None:
            self._tell_thread(message_id, result)
        return result

    def _accrued_messages(self, invoice_id: int, message_id: int | None) -> list[int]:
        """Earlier messages whose accruing charges this invoice took along: they now say invoiced."""
        with self._db.session() as session:
            ids = session.exec(
                select(Recharge.proposal_message_id).where(Recharge.invoice_id == invoice_id).distinct()
            ).all()
        return sorted(i for i in ids if i is not None and i != message_id)

    def _tell_thread(self, message_id: int, result: InvoiceResult) -> None:
        """Say in the card's thread why the invoice failed, with Retry: through the outbox, so a Slack
        outage delays the reply and never loses it (the card itself already shows the failure)."""
        with self._db.session() as session:
            message = session.get(ProposalMessage, message_id)
            if message is None or not message.message_ts:
                return
            connection = _connection(session, message.connection_id)
            notice = InvoiceFailed(
                invoice_id=result.invoice_id,
                client_name=contact_name(session, connection.id or 0, message.client_contact_xero_id),
                error=result.error or "",
                access_lost=result.waiting_for_access,
                fix=fix_hint(result.error or ""),
            )
            outbox.enqueue(
                session,
                team_id=connection.team_id,
                channel=message.channel_id,
                thread_ts=message.message_ts,
                notice=notice,
                # One reply per failure: a later attempt that fails again is told again.
                dedupe_key=f"invoice-failed:{result.invoice_id}:{self._clock.now():%Y%m%dT%H%M%S%f}",
            )

    # --- retry and recovery -------------------------------------------------------------------

    def retry(self, *, team_id: str, user_id: str, invoice_id: int) -> InvoiceResult:
        """Try a failed (or interrupted) invoice again; its key makes a duplicate impossible."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="retry invoices")
        with self._db.session() as session:
            invoice = session.get(ClientInvoice, invoice_id)
            connection = session.get(XeroConnection, invoice.connection_id) if invoice else None
            if invoice is None or connection is None or connection.team_id != team_id:
                raise BadRequest("That invoice can't be found any more.")
            if invoice.state == InvoiceState.DONE:
                raise BadRequest(f"Invoice {invoice.invoice_number or ''} is already done; nothing to retry.")
            self._refresh_accounts(session, invoice_id)
            message_id = session.exec(
                select(Recharge.proposal_message_id).where(Recharge.invoice_id == invoice_id)
            ).first()
            audit.record(
                session,
                team_id=team_id,
                connection_id=connection.id,
                actor=user_id,
                action="invoice retried",
                subject=f"invoice:{invoice_id}",
                client=invoice.client_contact_xero_id,
            )
        return self._invoice(message_id, invoice_id)

    @staticmethod
    def _refresh_accounts(session: Session, invoice_id: int) -> None:
        """Take the rule's current account and tax type (someone may have fixed the rule)."""
        for recharge in session.exec(select(Recharge).where(Recharge.invoice_id == invoice_id)):
            rule = session.get(RechargeRule, recharge.rule_id) if recharge.rule_id else None
            if rule is not None and recharge.status == RechargeStatus.APPROVED:
                recharge.account_code = rule.revenue_account_code
                recharge.tax_type = rule.tax_type
                session.add(recharge)

    def resume_unfinished(self, *, connection_id: int) -> int:
        """Carry on invoices a crash left pending or half-attached; returns how many were resumed."""
        cutoff = self._clock.now() - STUCK_AFTER
        with self._db.session() as session:
            stuck = session.exec(
                select(ClientInvoice.id).where(
                    ClientInvoice.connection_id == connection_id,
                    col(ClientInvoice.state).in_([InvoiceState.PENDING, InvoiceState.CREATED]),
                    col(ClientInvoice.created_at) < cutoff,
                )
            ).all()
        for invoice_id in stuck:
            message_id = self._message_of(invoice_id or 0)
            self._invoice(message_id, invoice_id or 0)
        return len(stuck)

    def take_over_abandoned(self) -> int:
        """Carry on the invoices whose process died mid-way (run every few seconds by each replica)."""
        return self._take_over(self._invoicer.abandoned())

    def _take_over(self, invoice_ids: Sequence[int]) -> int:
        for invoice_id in invoice_ids:
            self._invoice(self._message_of(invoice_id), invoice_id)
        return len(invoice_ids)

    def resume_waiting(self, *, connection_id: int) -> int:
        """After reconnecting Xero: raise the invoices that failed because access was lost."""
        with self._db.session() as session:
            waiting = session.exec(
                select(ClientInvoice.id).where(
                    ClientInvoice.connection_id == connection_id,
                    col(ClientInvoice.waiting_for_access).is_(True),
                    col(ClientInvoice.state).in_([InvoiceState.FAILED, InvoiceState.PENDING]),
                )
            ).all()
        for invoice_id in waiting:
            self._invoice(self._message_of(invoice_id or 0), invoice_id or 0)
        return len(waiting)

    def _message_of(self, invoice_id: int) -> int | None:
        with self._db.session() as session:
            return session.exec(
                select(Recharge.proposal_message_id).where(Recharge.invoice_id == invoice_id)
            ).first()

    # --- reject and review --------------------------------------------------------------------

    def check_may_decide(self, *, team_id: str, user_id: str) -> None:
        """Before opening the Reject form: only approvers decide."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="reject recharges")

    def reject(self, *, team_id: str, user_id: str, message_id: int, reason: str) -> int:
        """Reject every charge still waiting in the message; returns how many were rejected."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="reject recharges")
        reason = reason.strip()[:MAX_REASON]
        if not reason:
            raise BadRequest("Say why these charges shouldn't be recharged.")
        message, _connection_row = self._message(team_id, message_id)
        with self._db.session() as session:
            rejected = session.execute(
                update(Recharge)
                .where(
                    col(Recharge.proposal_message_id) == message_id,
                    col(Recharge.status) == RechargeStatus.PROPOSED,
                )
                .values(
                    status=RechargeStatus.REJECTED,
                    decided_by=user_id,
                    decided_at=self._clock.now(),
                    reject_reason=reason,
                )
            ).rowcount  # type: ignore[attr-defined]
            if rejected == 0:
                raise BadRequest("Nothing left to reject here: these charges were already decided.")
            audit.record(
                session,
                team_id=team_id,
                connection_id=message.connection_id,
                actor=user_id,
                action="rejected",
                subject=f"message:{message_id}",
                client=message.client_contact_xero_id,
                details={"reason": reason, "count": rejected},
            )
            self._publisher.refresh(session, message_id)  # the card's edit, with the decision
        return int(rejected)

    def review_lines(self, *, team_id: str, user_id: str, message_id: int) -> list[ReviewLine]:
        """The charges still waiting in a message, for the Review modal."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="review recharges")
        self._message(team_id, message_id)
        with self._db.session() as session:
            rows = session.exec(
                select(Recharge)
                .where(Recharge.proposal_message_id == message_id, Recharge.status == RechargeStatus.PROPOSED)
                .order_by(col(Recharge.id))
            ).all()
        if not rows:
            raise BadRequest("Nothing left to review here: these charges were already decided.")
        return [
            ReviewLine(r.id or 0, r.vendor_name, r.description, r.amount, r.explanation, r.discount_note)
            for r in rows
        ]

    def review(self, *, team_id: str, user_id: str, message_id: int, edits: Sequence[LineEdit]) -> None:
        """Apply the Review modal: new amounts and descriptions, dropped lines; all audited."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="review recharges")
        message, _connection_row = self._message(team_id, message_id)
        with self._db.session() as session:
            for edit in edits:
                self._apply_edit(session, team_id, user_id, message, edit)
            self._publisher.refresh(session, message_id)  # the card's edit, with the changes

    def _apply_edit(
        self, session: Session, team_id: str, user_id: str, message: ProposalMessage, edit: LineEdit
    ) -> None:
        recharge = session.get(Recharge, edit.recharge_id)
        if recharge is None or recharge.proposal_message_id != message.id:
            return
        if recharge.status != RechargeStatus.PROPOSED:
            return  # decided meanwhile (another approver): their decision stands
        before = {"amount": f"{recharge.amount:f}", "description": recharge.description}
        if edit.drop:
            recharge.status = RechargeStatus.REJECTED
            recharge.decided_by = user_id
            recharge.decided_at = self._clock.now()
            recharge.reject_reason = "dropped in review"
            action, after = "dropped", {}
        else:
            recharge.amount = to_cents(edit.amount)
            recharge.description = edit.description.strip()[:500] or recharge.description
            after = {"amount": f"{recharge.amount:f}", "description": recharge.description}
            if after == before:
                return
            action = "edited"
        session.add(recharge)
        audit.record(
            session,
            team_id=team_id,
            connection_id=recharge.connection_id,
            actor=user_id,
            action=action,
            subject=f"recharge:{recharge.id}",
            client=recharge.client_contact_xero_id,
            details={"before": before, "after": after},
        )

    # --- helpers ------------------------------------------------------------------------------

    def _message(self, team_id: str, message_id: int) -> tuple[ProposalMessage, XeroConnection]:
        with self._db.session() as session:
            message = session.get(ProposalMessage, message_id)
            connection = session.get(XeroConnection, message.connection_id) if message else None
            if message is None or connection is None or connection.team_id != team_id:
                raise BadRequest("That proposal can't be found any more.")
            return message, connection


def _connection(session: Session, connection_id: int) -> XeroConnection:
    connection = session.get(XeroConnection, connection_id)
    assert connection is not None
    return connection
