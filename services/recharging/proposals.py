"""Proposal messages: what one client's message says, built fresh from the database each time."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from services import outbox
from services.billing.terms import BillingTerms, next_run_on, terms_for
from services.models import (
    ClientInvoice,
    ConnectionStatus,
    Contact,
    CreditNoteRecord,
    InvoiceState,
    ProposalMessage,
    Recharge,
    RechargeStatus,
    RefundEffect,
    ReviewBatch,
    SpendLine,
    SpendSource,
    SpendTransaction,
    SupplierRefund,
    XeroConnection,
)
from services.notices import ProposalDecision, ProposalLine, RechargeProposal, RechargesWaiting
from services.ports import Clock, SystemClock
from services.recharging.allocation import format_money
from services.storage import Database

log = logging.getLogger(__name__)

XERO_LOGIN = "https://go.xero.com/organisationlogin/default.aspx"


def xero_source_url(short_code: str, source: str, xero_id: str) -> str:
    """A deep link that opens the charge in the right Xero organisation."""
    if source == SpendSource.BANK_TRANSACTION:
        target = f"/Bank/ViewTransaction.aspx?bankTransactionID={xero_id}"
    else:
        target = f"/AccountsPayable/View.aspx?InvoiceID={xero_id}"
    return f"{XERO_LOGIN}?shortcode={short_code}&redirecturl={target}"


def xero_refund_url(short_code: str, source: str, xero_id: str) -> str:
    """A deep link to a vendor's credit note, or to money received."""
    if source == "credit_note":
        target = f"/AccountsPayable/ViewCreditNote.aspx?creditNoteID={xero_id}"
    else:
        target = f"/Bank/ViewTransaction.aspx?bankTransactionID={xero_id}"
    return f"{XERO_LOGIN}?shortcode={short_code}&redirecturl={target}"


def xero_invoice_url(short_code: str, invoice_id: str) -> str:
    target = f"/AccountsReceivable/View.aspx?InvoiceID={invoice_id}"
    return f"{XERO_LOGIN}?shortcode={short_code}&redirecturl={target}"


def contact_name(session: Session, connection_id: int, xero_id: str) -> str:
    name = session.exec(
        select(Contact.name).where(Contact.connection_id == connection_id, Contact.xero_id == xero_id)
    ).first()
    return name or "Unknown client"


def build_notice(
    session: Session,
    message: ProposalMessage,
    minimum: Decimal = Decimal(0),
    *,
    billing: BillingTerms | None = None,
    today: date | None = None,
) -> RechargeProposal:
    """The message as it should read now: every charge with its status, and every decision.

    ``billing``: the BILLING_* settings (the organisation's own choices override them); in monthly
    mode approved charges wait for the next billing run on or after ``today``, not for the minimum."""
    connection = session.get(XeroConnection, message.connection_id)
    assert connection is not None
    terms = terms_for(connection, billing or BillingTerms())
    run_on = next_run_on(session, connection, terms, today) if terms.monthly and today else None
    recharges = list(
        session.exec(
            select(Recharge).where(Recharge.proposal_message_id == message.id).order_by(col(Recharge.id))
        )
    )
    base = connection.base_currency
    pending = [r for r in recharges if r.status == RechargeStatus.PROPOSED]
    refunds = refund_notes(session, connection, [r.id or 0 for r in recharges])
    return RechargeProposal(
        message_id=message.id or 0,
        client_name=contact_name(session, connection.id or 0, message.client_contact_xero_id),
        organisation=connection.name,
        lines=tuple(_line(session, connection, r, refunds.get(r.id or 0, "")) for r in recharges),
        pending_total=format_money(sum((r.amount for r in pending), Decimal(0)), base, base),
        pending_count=len(pending),
        decisions=_decisions(session, connection, recharges)
        + _accruing(connection, recharges, minimum, run_on),
    )


def refund_notes(session: Session, connection: XeroConnection, recharge_ids: Sequence[int]) -> dict[int, str]:
    """What vendors' refunds did to these recharges, in a few words each (only those refunded)."""
    if not recharge_ids:
        return {}
    base = connection.base_currency
    notes: dict[int, list[str]] = {}
    rows = session.exec(
        select(RefundEffect, SupplierRefund.contact_name, CreditNoteRecord.credit_note_number)
        .join(SupplierRefund, col(SupplierRefund.id) == RefundEffect.refund_id)
        .outerjoin(CreditNoteRecord, col(CreditNoteRecord.id) == RefundEffect.credit_note_id)
        .where(col(RefundEffect.recharge_id).in_(list(recharge_ids)))
        .order_by(col(RefundEffect.id))
    ).all()
    for effect, supplier, number in rows:
        by = supplier or "the supplier"
        amount = format_money(effect.reduction, base, base)
        if effect.kind == "withdrawn":
            said = f"refunded by {by}"
        elif effect.kind == "reduced":
            said = f"{amount} refunded by {by}"
        elif effect.reduction:
            said = f"{amount} refunded by {by}, " + (f"credited on {number}" if number else "crediting…")
        else:
            continue
        notes.setdefault(effect.recharge_id, []).append(said)
    return {recharge_id: "; ".join(said) for recharge_id, said in notes.items()}


def _line(
    session: Session, connection: XeroConnection, recharge: Recharge, refund_note: str = ""
) -> ProposalLine:
    spend = _spend_of(session, recharge)
    base = connection.base_currency
    return ProposalLine(
        recharge_id=recharge.id or 0,
        vendor=recharge.vendor_name,
        charge_date=recharge.charge_date,
        source_amount=format_money(recharge.source_amount, recharge.source_currency, base),
        amount=format_money(recharge.amount, base, base),
        explanation=recharge.explanation,
        has_receipt=recharge.has_receipt,
        xero_url=xero_source_url(connection.short_code, spend.source, spend.xero_id) if spend else "",
        status=recharge.status,
        auto_approved=recharge.auto_approved,
        needs_review=recharge.needs_review,
        match_note=recharge.match_note,
        discount_note=recharge.discount_note,
        refund_note=refund_note,
    )


def _spend_of(session: Session, recharge: Recharge) -> SpendTransaction | None:
    if recharge.spend_line_id is None:
        return None
    line = session.get(SpendLine, recharge.spend_line_id)
    return session.get(SpendTransaction, line.spend_transaction_id) if line else None


def _decisions(
    session: Session, connection: XeroConnection, recharges: Sequence[Recharge]
) -> tuple[ProposalDecision, ...]:
    decisions: list[ProposalDecision] = []
    invoice_ids = list(dict.fromkeys(r.invoice_id for r in recharges if r.invoice_id is not None))
    for invoice_id in invoice_ids:
        invoice = session.get(ClientInvoice, invoice_id)
        if invoice is not None:
            decisions.append(_approved(connection, invoice))
    rejected = [r for r in recharges if r.status == RechargeStatus.REJECTED]
    for by in dict.fromkeys(r.decided_by or "" for r in rejected):
        mine = [r for r in rejected if (r.decided_by or "") == by]
        total = sum((r.amount for r in mine), Decimal(0))
        decisions.append(
            ProposalDecision(
                kind="rejected",
                by=by,
                total=format_money(total, connection.base_currency, connection.base_currency),
                reason=mine[-1].reject_reason or "",
            )
        )
    return tuple(decisions)


def _accruing(
    connection: XeroConnection, recharges: Sequence[Recharge], minimum: Decimal, run_on: date | None
) -> tuple[ProposalDecision, ...]:
    """Approved charges waiting: for the next billing run (monthly mode), or, below the minimum
    invoice amount, for the client's next ones."""
    accruing = [r for r in recharges if r.status == RechargeStatus.ACCRUING]
    if not accruing:
        return ()
    base = connection.base_currency
    return (
        ProposalDecision(
            kind="accruing",
            by=accruing[-1].decided_by or "",
            total=format_money(sum((r.amount for r in accruing), Decimal(0)), base, base),
            until=format_money(minimum, base, base),
            billing_run_on=f"{run_on:%-d %b %Y}" if run_on else "",
        ),
    )


def _approved(connection: XeroConnection, invoice: ClientInvoice) -> ProposalDecision:
    created = invoice.xero_invoice_id is not None
    return ProposalDecision(
        kind="approved",
        by=invoice.approved_by,
        auto=invoice.auto_approved,
        invoice_id=invoice.id,
        invoice_state=invoice.state,
        invoice_number=invoice.invoice_number,
        invoice_url=xero_invoice_url(connection.short_code, invoice.xero_invoice_id or "")
        if created
        else None,
        total=format_money(invoice.total, invoice.currency_code, connection.base_currency),
        receipts=len(invoice.attachments_done),
        error=invoice.error,  # done: a note such as a receipt too large to attach
        access_lost=invoice.state in (InvoiceState.PENDING, InvoiceState.FAILED)
        and (invoice.waiting_for_access or connection.status == ConnectionStatus.NEEDS_RECONNECT),
    )


class ProposalPublisher:
    """Queues a proposal message the first time, and its edits afterwards; the outbox delivers both.

    Each is written in the caller's transaction where it can be (`refresh`), so a card never shows a
    state older than the one committed, even when the process dies right after."""

    def __init__(
        self,
        *,
        db: Database,
        min_invoice_amount: Decimal,
        billing: BillingTerms | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._db = db
        self._minimum = min_invoice_amount
        self._billing = billing or BillingTerms()
        self._clock = clock or SystemClock()

    def _notice(self, session: Session, message: ProposalMessage) -> RechargeProposal:
        connection = session.get(XeroConnection, message.connection_id)
        zone = ZoneInfo((connection.timezone if connection else "") or "UTC")
        today = self._clock.now().astimezone(zone).date()
        return build_notice(session, message, self._minimum, billing=self._billing, today=today)

    def queue(self, session: Session, message: ProposalMessage, team_id: str) -> None:
        """Write the card in the caller's transaction, so the proposal never exists without it."""
        if not message.channel_id or message.review_batch_id is not None:
            return  # no channel set yet, or announced by its run's summary
        notice = self._notice(session, message)
        message.state = _state(notice)
        session.add(message)
        outbox.enqueue(
            session,
            team_id=team_id,
            channel=message.channel_id,
            notice=notice,
            dedupe_key=_card_key(message.id or 0),
            subject=f"proposal_message:{message.id}",
        )

    def publish(self, message_id: int) -> None:
        """Bring the card up to date, in a transaction of its own."""
        with self._db.session() as session:
            self.refresh(session, message_id)

    def refresh(self, session: Session, message_id: int) -> None:
        """Queue the card as it reads now, in the caller's transaction: its edit once it is posted
        (nothing when it already says this), otherwise its post with this wording."""
        message = session.get(ProposalMessage, message_id)
        if message is None or not message.channel_id:
            return
        connection = session.get(XeroConnection, message.connection_id)
        assert connection is not None
        notice = self._notice(session, message)
        message.state = _state(notice)
        session.add(message)
        if not message.message_ts and message.review_batch_id is not None:
            return  # reviewed from its run's summary: no card of its own
        outbox.show(
            session,
            holder=message,
            team_id=connection.team_id,
            channel=message.channel_id,
            notice=notice,
            dedupe_key=_card_key(message_id),
            subject=f"proposal_message:{message_id}",
        )

    def refresh_invoice(self, session: Session, invoice_id: int) -> None:
        """Every card whose charges are on this invoice, as they read now (the invoice just changed)."""
        message_ids = session.exec(
            select(Recharge.proposal_message_id).where(Recharge.invoice_id == invoice_id).distinct()
        ).all()
        for message_id in sorted(i for i in message_ids if i is not None):
            self.refresh(session, message_id)

    def publish_summary(self, batch_id: int) -> None:
        """The run's summary, with how many clients still wait (after people decided in the review)."""
        with self._db.session() as session:
            batch = session.get(ReviewBatch, batch_id)
            if batch is None:
                return
            connection = session.get(XeroConnection, batch.connection_id)
            assert connection is not None
            notice = batch_summary(session, batch, connection)
            if not batch.message_ts and outbox.rewrite(
                session, dedupe_key=_summary_key(batch_id), notice=notice
            ):
                return
            session.refresh(batch)  # delivered a moment ago: edit it
            if batch.message_ts:
                outbox.enqueue_edit(
                    session,
                    team_id=connection.team_id,
                    channel=batch.channel_id,
                    ts=batch.message_ts,
                    notice=notice,
                )


def queue_summary(session: Session, batch: ReviewBatch, connection: XeroConnection) -> None:
    """Write a run's one summary message in the caller's transaction."""
    outbox.enqueue(
        session,
        team_id=connection.team_id,
        channel=batch.channel_id,
        notice=batch_summary(session, batch, connection),
        dedupe_key=_summary_key(batch.id or 0),
        subject=f"review_batch:{batch.id}",
    )


def batch_summary(session: Session, batch: ReviewBatch, connection: XeroConnection) -> RechargesWaiting:
    """ "38 clients have recharges waiting, $4,210.50", with how many still wait for a decision."""
    rows = session.exec(
        select(col(Recharge.proposal_message_id), col(Recharge.status), col(Recharge.amount))
        .join(ProposalMessage, col(ProposalMessage.id) == Recharge.proposal_message_id)
        .where(ProposalMessage.review_batch_id == batch.id)
    ).all()
    waiting = [
        (message_id, amount) for message_id, status, amount in rows if status == RechargeStatus.PROPOSED
    ]
    clients = len({message_id for message_id, _status, _amount in rows})
    waiting_clients = len({message_id for message_id, _amount in waiting})
    amounts = [amount for _message_id, amount in waiting]
    base = connection.base_currency
    return RechargesWaiting(
        batch_id=batch.id or 0,
        organisation=connection.name,
        clients=int(clients),
        total=format_money(sum(amounts, Decimal(0)), base, base),
        pending_clients=int(waiting_clients),
    )


def _card_key(message_id: int) -> str:
    return f"proposal:{message_id}"


def _summary_key(batch_id: int) -> str:
    return f"review-batch:{batch_id}"


def _state(notice: RechargeProposal) -> str:
    if notice.pending_count:
        return "open" if not notice.decisions else "partly"
    kinds = {d.kind for d in notice.decisions}
    return "approved" if kinds == {"approved"} else "rejected" if kinds == {"rejected"} else "partly"
