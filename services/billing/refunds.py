"""Vendors' refunds: a refund of a recharged charge withdraws its recharge, or credits the client.

A sync listener. Each refund the sync stored (an ACCPAYCREDIT credit note, or money received from a
contact the firm buys from) is first tied to the charge line it refunds, only on evidence that
points at one line (see `match_refund`):

1. the credit note is allocated in Xero to a bill Rechargly holds (the strongest evidence);
2. its reference or text names one of the vendor's charges (the bill's number, the charge's
   reference);
3. it is for the same amount as exactly one of the vendor's charges in the window before it, and
   its text describes that charge.

Evidence that fits several charges, or only half-fits a recharged one, is put to the channel once,
and nothing changes: an approver picks the charge there (`settle`), or a person allocates the credit
note to its bill or names the charge in its reference in Xero, and the next sync applies it. A refund
acted on and then voided or deleted in Xero is undone (`_undo_voided`).

A linked refund then acts on each recharge of the line exactly once (a RefundEffect, unique per
refund and recharge, written with the change it records): a recharge still waiting (proposed or
accruing) is withdrawn when the vendor gave the whole charge back, and otherwise reduced in
proportion (exact cents: the parts of the line's recharges add up to the refunded share); an
invoiced one is credited to the client, through the undo path's credit notes
(services/billing/undo.py), with an idempotency key from the refund's Xero id, allocated to the
invoice while it is owed. A recharge being invoiced right now waits for the next sync.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from services import audit, outbox
from services.billing.undo import CreditPart, InvoiceUndo
from services.connect.service import Permissions
from services.errors import BadRequest, RecharglyError
from services.models import (
    ClientInvoice,
    CreditNoteRecord,
    ProposalMessage,
    Recharge,
    RechargeStatus,
    RefundEffect,
    RefundLink,
    RefundState,
    SpendLine,
    SpendSource,
    SpendTransaction,
    SupplierRefund,
    XeroConnection,
)
from services.notices import (
    Notice,
    RefundCandidate,
    RefundOutcome,
    SupplierRefundApplied,
    SupplierRefundUnclear,
    SupplierRefundVoided,
)
from services.payments.reconcile import mentions
from services.ports import Clock
from services.recharging.allocation import format_money, refund_shares
from services.recharging.proposals import ProposalPublisher, contact_name, xero_refund_url, xero_source_url
from services.recharging.proposing import GONE_STATUSES, charge_line
from services.recharging.refunded import CREDITED, REDUCED, WITHDRAWN, reductions
from services.storage import Database
from services.workspaces import approvals_channel

log = logging.getLogger(__name__)

VENDOR_REFUND = "vendor refund"  # CreditNoteRecord.reason of the credits raised here
LIVE = frozenset({"AUTHORISED", "PAID"})  # a refund in force (a draft waits; voided ones never act)
WINDOW = timedelta(days=120)  # a refund without an allocation refunds a charge at most this old
EARLY = timedelta(days=7)  # … or dated a few days after it (card settlements)
MIN_NAME = 4  # a bill number or reference shorter than this names nothing
MAX_CANDIDATES = 5  # listed in the question to the channel
WAITING = (RechargeStatus.PROPOSED, RechargeStatus.ACCRUING)
ACTS_ON = (*WAITING, RechargeStatus.INVOICED)  # APPROVED is being invoiced: next sync
RECHARGED = (*ACTS_ON, RechargeStatus.APPROVED)


# --------------------------------------------------------------------------- matching (pure)


@dataclass(frozen=True)
class RefundFacts:
    total: Decimal  # with tax
    text: str  # reference, number and line descriptions: where a charge may be named
    descriptions: tuple[str, ...]  # its lines' and reference's words
    allocations: tuple[tuple[str, Decimal], ...]  # (bill's Xero id, amount) of a credit note


@dataclass(frozen=True)
class ChargeFacts:
    """One live line of one of the vendor's charges."""

    line_id: int
    spend_id: str  # the charge's Xero id
    names: tuple[str, ...]  # the bill's number and the charge's reference
    description: str
    gross: Decimal  # with tax, in the charge's currency
    recharged: bool


@dataclass(frozen=True)
class Match:
    links: tuple[tuple[int, Decimal], ...] = ()  # (line id, amount of it refunded)
    candidates: tuple[int, ...] = ()  # unclear: the lines it could be for
    evidence: str = ""


def match_refund(refund: RefundFacts, charges: Sequence[ChargeFacts]) -> Match:
    """The line(s) a refund gives money back for, when the evidence points at one; otherwise the
    charges it could be for (a person decides), or nothing."""
    by_spend: dict[str, list[ChargeFacts]] = {}
    for charge in charges:
        by_spend.setdefault(charge.spend_id, []).append(charge)
    allocated = [(bill, amount) for bill, amount in refund.allocations if bill in by_spend]
    if allocated:
        links: list[tuple[int, Decimal]] = []
        for bill, amount in allocated:
            picked = _within(by_spend[bill], refund, amount)
            if picked is None:
                return Match(candidates=tuple(c.line_id for c in by_spend[bill]))
            links.extend(picked)
        return Match(links=tuple(links), evidence="allocated to the bill in Xero")
    named = [
        spend
        for spend, lines in by_spend.items()
        if any(len(name) >= MIN_NAME and mentions(refund.text, name) for name in lines[0].names)
    ]
    if len(named) > 1:  # several charges share the reference ("Adobe Nov 2026"): the one it describes
        fits = [
            s for s in named if any(c.gross == refund.total or _describes(refund, c) for c in by_spend[s])
        ]
        named = fits if len(fits) == 1 else named
    if len(named) == 1:
        picked = _within(by_spend[named[0]], refund, refund.total)
        if picked is not None:
            return Match(links=picked, evidence="its reference names the charge")
    if named:
        return Match(candidates=tuple(c.line_id for spend in named for c in by_spend[spend]))
    same = [c for c in charges if c.gross == refund.total and _describes(refund, c)]
    if len(same) == 1:
        return Match(links=((same[0].line_id, refund.total),), evidence="same amount and description")
    if same:
        return Match(candidates=tuple(c.line_id for c in same))
    hints = [c for c in charges if c.recharged and (c.gross == refund.total or _describes(refund, c))]
    return Match(candidates=tuple(c.line_id for c in hints))


def _within(
    lines: Sequence[ChargeFacts], refund: RefundFacts, amount: Decimal
) -> tuple[tuple[int, Decimal], ...] | None:
    """Which lines of one charge `amount` refunds: all of it, its only line, its one line of that
    amount, or the one line the refund describes; None when that can't be told."""
    if amount >= sum((c.gross for c in lines), Decimal(0)):
        return tuple((c.line_id, c.gross) for c in lines if c.gross > 0)
    if len(lines) == 1:
        return ((lines[0].line_id, amount),)
    for fits in ([c for c in lines if c.gross == amount], [c for c in lines if _describes(refund, c)]):
        if len(fits) == 1:
            return ((fits[0].line_id, amount),)
    return None


def normalise(text: str) -> str:
    """Lower case, accents and punctuation set aside: "Adobe — Acrobat Pro!" → "adobe acrobat pro"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def _describes(refund: RefundFacts, charge: ChargeFacts) -> bool:
    """The refund's text and the charge line's description say the same thing (one holds the other)."""
    line = normalise(charge.description)
    if len(line) < MIN_NAME:
        return False
    return any(
        len(said) >= MIN_NAME and (f" {line} " in f" {said} " or f" {said} " in f" {line} ")
        for said in refund.descriptions
    )


def facts_of(refund: SupplierRefund) -> RefundFacts:
    descriptions = [normalise(line.get("description", "")) for line in refund.lines]
    descriptions.append(normalise(refund.reference))
    text = " ".join(
        [refund.reference, refund.number, *(line.get("description", "") for line in refund.lines)]
    )
    return RefundFacts(
        total=refund.total,
        text=text,
        descriptions=tuple(d for d in descriptions if d),
        allocations=tuple((a["bill"], Decimal(a["amount"])) for a in refund.allocations),
    )


# --------------------------------------------------------------------------- the listener


@dataclass(frozen=True)
class RefundSettled:
    """What a person's answer about an unclear refund did (`charge` empty: none of the charges)."""

    document: str
    supplier: str
    charge: str


@dataclass
class _Pass:
    """What one pass over an organisation's refunds did."""

    connection: XeroConnection
    messages: set[int]
    credits: list[int]  # CreditNoteRecord ids written now
    applied: int = 0
    asked: int = 0
    accruing_changed: bool = False


class SupplierRefunds:
    """After each sync: ties new refunds to charges, and applies them to their recharges once."""

    def __init__(
        self,
        *,
        db: Database,
        undo: InvoiceUndo,
        publisher: ProposalPublisher,
        clock: Clock,
        permissions: Permissions,
        default_channel: str | None,
        accruing_changed: Callable[[int], None] | None = None,
    ) -> None:
        self._db = db
        self._permissions = permissions
        self._undo = undo
        self._publisher = publisher
        self._clock = clock
        self._default_channel = default_channel
        # Told (with the connection id) when accruing charges changed: an open billing run's card.
        self._accruing_changed = accruing_changed

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            assert connection is not None
        done = _Pass(connection=connection, messages=set(), credits=[])
        with self._db.session() as session:
            self._link_new(session, done)
        return self._act(done)

    def _act(self, done: _Pass) -> dict[str, int]:
        """Apply the linked refunds not acted on yet, raise their credit notes, and show it all."""
        connection, connection_id = done.connection, done.connection.id or 0
        with self._db.session() as session:
            self._apply(session, done)
        credited = self._carry_credits(connection)
        touched = sorted(done.messages | credited.messages)
        for message_id in touched:
            self._publisher.publish(message_id)
        with self._db.session() as session:  # reviewed from a run's summary: it counts what still waits
            batches = session.exec(
                select(ProposalMessage.review_batch_id)
                .where(
                    col(ProposalMessage.id).in_(touched), col(ProposalMessage.review_batch_id).is_not(None)
                )
                .distinct()
            ).all()
        for batch_id in batches:
            self._publisher.publish_summary(batch_id or 0)
        if done.accruing_changed and self._accruing_changed is not None:
            self._accruing_changed(connection_id)
        counts = {
            "vendor refunds applied": done.applied,
            "vendor refunds to check": done.asked,
            "refund credit notes": len(credited.credits),
        }
        return {name: value for name, value in counts.items() if value}

    # --- a person says which charge ---------------------------------------------------------------

    def settle(self, *, team_id: str, user_id: str, refund_id: int, line_id: int | None) -> RefundSettled:
        """An approver answers the question about an unclear refund: it refunds this charge line
        (then it acts as a matched refund would, and says so in the channel), or none of the charges
        Rechargly recharged (`line_id` None: nothing changes). Answered once; a second answer, or
        one for a refund since settled in Xero, changes nothing."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="settle vendor refunds")
        with self._db.session() as session:
            refund = session.get(SupplierRefund, refund_id)
            connection = session.get(XeroConnection, refund.connection_id) if refund else None
            if refund is None or connection is None or connection.team_id != team_id:
                raise BadRequest("That refund can't be found any more.")
            charges = self._charges(session, connection, refund)
            if line_id is not None and line_id not in charges:
                raise BadRequest("That charge isn't one this refund could be for any more.")
            settled = session.execute(
                update(SupplierRefund)
                .where(col(SupplierRefund.id) == refund_id, col(SupplierRefund.state) == RefundState.UNCLEAR)
                .values(state=RefundState.LINKED if line_id is not None else RefundState.UNMATCHED)
            ).rowcount  # type: ignore[attr-defined]
            if not settled:
                raise BadRequest("This refund was settled already; nothing was changed.")
            charge = ""
            if line_id is not None:
                facts, spend = charges[line_id]
                charge = (
                    f"{facts.description or spend.reference or spend.contact_name}, {spend.date:%-d %b %Y}"
                )
                links = ((line_id, min(refund.total, facts.gross)),)
                _link_to(session, connection, refund, links, by=user_id, evidence="chosen in Slack")
            else:
                audit.record(
                    session,
                    team_id=team_id,
                    connection_id=connection.id,
                    actor=user_id,
                    action="vendor refund not recharged",
                    subject=f"refund:{refund_id}",
                    details={"reason": f"{_document(refund)} from {refund.contact_name}: chosen in Slack"},
                )
            answer = RefundSettled(document=_document(refund), supplier=refund.contact_name, charge=charge)
        if line_id is not None:
            self._act(_Pass(connection=connection, messages=set(), credits=[]))
        return answer

    # --- tying refunds to charges ----------------------------------------------------------------

    def _link_new(self, session: Session, done: _Pass) -> None:
        refunds = session.exec(
            select(SupplierRefund)
            .where(
                SupplierRefund.connection_id == done.connection.id, SupplierRefund.state == RefundState.NEW
            )
            .order_by(col(SupplierRefund.date), col(SupplierRefund.id))
        ).all()
        for refund in refunds:
            if refund.status not in LIVE or refund.total <= 0 or not refund.contact_xero_id:
                self._undo_voided(session, done, refund)
                refund.state = RefundState.IGNORED
            else:
                self._link(session, done, refund)
            session.add(refund)

    # --- a refund voided in Xero after it acted ---------------------------------------------------

    def _undo_voided(self, session: Session, done: _Pass, refund: SupplierRefund) -> None:
        """The vendor's refund was voided or deleted in Xero: the money never came. A recharge it
        withdrew is back for approval, one it reduced gets its amount back; a credit already given
        to the client is left to a person (it is in Xero, on the client's invoice). Once: its
        links and the effects undone are removed, so no later pass counts them."""
        effects = session.exec(
            select(RefundEffect).where(RefundEffect.refund_id == refund.id).order_by(col(RefundEffect.id))
        ).all()
        outcomes = [self._undo_effect(session, done, refund, effect) for effect in effects]
        session.execute(delete(RefundLink).where(col(RefundLink.refund_id) == refund.id))
        if outcomes:
            self._tell_voided(session, done, refund, outcomes)

    def _undo_effect(
        self, session: Session, done: _Pass, refund: SupplierRefund, effect: RefundEffect
    ) -> RefundOutcome:
        recharge = session.get(Recharge, effect.recharge_id)
        assert recharge is not None
        line = session.get(SpendLine, recharge.spend_line_id)
        charge = (
            f"{(line.description if line else '') or recharge.vendor_name}, {recharge.charge_date:%-d %b %Y}"
        )
        base = done.connection.base_currency
        outcome = RefundOutcome(
            client_name=contact_name(session, recharge.connection_id, recharge.client_contact_xero_id),
            charge=charge,
            what="check",
            amount=format_money(effect.reduction, base, base),
        )
        if effect.kind == WITHDRAWN and recharge.status == RechargeStatus.WITHDRAWN:
            recharge.status, recharge.reject_reason = RechargeStatus.PROPOSED, None
            outcome = replace(outcome, what="restored")
        elif effect.kind == REDUCED and recharge.status in WAITING:
            recharge.amount += effect.reduction
            recharge.base_amount += effect.base_reduction
            recharge.source_amount += effect.source_reduction
            recharge.markup = recharge.amount - recharge.base_amount
            outcome = replace(outcome, what="reinstated", left=format_money(recharge.amount, base, base))
        if outcome.what == "check":  # credited to the client, or invoiced since: kept, for a person
            return outcome
        session.add(recharge)
        session.delete(effect)
        _recharge_changed(
            session,
            done,
            recharge,
            action="restored (vendor refund voided)",
            details={
                "reason": f"{_document(refund)} from {refund.contact_name}: {refund.status.lower()} in Xero",
                "refund": refund.id,
                "amount": f"{recharge.amount:f}",
                "status": recharge.status,
            },
        )
        return outcome

    def _tell_voided(
        self, session: Session, done: _Pass, refund: SupplierRefund, outcomes: list[RefundOutcome]
    ) -> None:
        notice = SupplierRefundVoided(**_described(done.connection, refund), outcomes=tuple(outcomes))
        self._tell(session, done, notice, dedupe_key=f"refund-voided:{refund.id}")

    def _tell(self, session: Session, done: _Pass, notice: Notice, *, dedupe_key: str) -> None:
        """Say it in the organisation's approvals channel (through the outbox), when it has one."""
        channel = approvals_channel(session, done.connection, self._default_channel)
        if channel:
            outbox.enqueue(
                session,
                team_id=done.connection.team_id,
                channel=channel,
                notice=notice,
                dedupe_key=dedupe_key,
            )

    def _link(self, session: Session, done: _Pass, refund: SupplierRefund) -> None:
        charges = self._charges(session, done.connection, refund)
        match = match_refund(facts_of(refund), [facts for facts, _spend in charges.values()])
        if match.links:
            _link_to(
                session, done.connection, refund, match.links, by=audit.SYSTEM_ACTOR, evidence=match.evidence
            )
            refund.state = RefundState.LINKED
            return
        recharged = [line_id for line_id in match.candidates if charges[line_id][0].recharged]
        if not recharged:
            refund.state = RefundState.UNMATCHED
            return
        refund.state = RefundState.UNCLEAR
        if refund.asked_at is not None:
            return  # asked already (it changed in Xero, but still can't be told)
        refund.asked_at = self._clock.now()
        done.asked += 1
        audit.record(
            session,
            team_id=done.connection.team_id,
            connection_id=done.connection.id,
            actor=audit.SYSTEM_ACTOR,
            action="vendor refund unclear",
            subject=f"refund:{refund.id}",
            details={
                "reason": f"{_document(refund)} from {refund.contact_name} could be for "
                f"{len(match.candidates)} charges",
                "lines": list(match.candidates),
            },
        )
        channel = approvals_channel(session, done.connection, self._default_channel)
        if channel:
            outbox.enqueue(
                session,
                team_id=done.connection.team_id,
                channel=channel,
                notice=self._unclear(session, done.connection, refund, match.candidates, charges),
                dedupe_key=f"refund-unclear:{refund.id}",
            )

    @staticmethod
    def _charges(
        session: Session, connection: XeroConnection, refund: SupplierRefund
    ) -> dict[int, tuple[ChargeFacts, SpendTransaction]]:
        """The vendor's live charge lines a refund could be for, by line id: in its currency, in the
        window before it, and any bill it is allocated to."""
        bills = [a["bill"] for a in refund.allocations]
        rows = session.exec(
            select(SpendTransaction, SpendLine)
            .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
            .where(
                SpendTransaction.connection_id == connection.id,
                SpendTransaction.contact_xero_id == refund.contact_xero_id,
                SpendTransaction.currency_code == refund.currency_code,
                SpendTransaction.source != SpendSource.CSV,
                col(SpendTransaction.status).not_in(GONE_STATUSES),
                col(SpendLine.removed).is_(False),
                or_(
                    col(SpendTransaction.date).between(refund.date - WINDOW, refund.date + EARLY),
                    col(SpendTransaction.xero_id).in_(bills),
                ),
            )
            .order_by(col(SpendTransaction.date), col(SpendTransaction.id), col(SpendLine.position))
        ).all()
        line_ids = [line.id or 0 for _spend, line in rows]
        recharged = set(
            session.exec(
                select(Recharge.spend_line_id).where(
                    col(Recharge.spend_line_id).in_(line_ids), col(Recharge.status).in_(RECHARGED)
                )
            )
        )
        found: dict[int, tuple[ChargeFacts, SpendTransaction]] = {}
        for spend, line in rows:
            facts = ChargeFacts(
                line_id=line.id or 0,
                spend_id=spend.xero_id,
                names=tuple(n for n in (spend.invoice_number, spend.reference) if n),
                description=line.description,
                gross=charge_line(spend, line, connection.base_currency).gross,
                recharged=line.id in recharged,
            )
            found[facts.line_id] = (facts, spend)
        return found

    def _unclear(
        self,
        session: Session,
        connection: XeroConnection,
        refund: SupplierRefund,
        candidates: Sequence[int],
        charges: dict[int, tuple[ChargeFacts, SpendTransaction]],
    ) -> SupplierRefundUnclear:
        base = connection.base_currency
        listed = []
        for line_id in candidates[:MAX_CANDIDATES]:
            facts, spend = charges[line_id]
            what = facts.description or spend.reference or spend.contact_name
            listed.append(
                RefundCandidate(
                    line_id=line_id,
                    charge=f"{what}, {spend.date:%-d %b %Y}",
                    amount=format_money(facts.gross, spend.currency_code, base),
                    recharged=self._recharged_to(session, connection, line_id),
                    xero_url=xero_source_url(connection.short_code, spend.source, spend.xero_id),
                )
            )
        return SupplierRefundUnclear(
            refund_id=refund.id or 0,
            organisation=connection.name,
            supplier=refund.contact_name,
            amount=format_money(refund.total, refund.currency_code, base),
            received_on=refund.date,
            document=_document(refund),
            reference=refund.reference,
            candidates=tuple(listed),
            more=max(0, len(candidates) - MAX_CANDIDATES),
            xero_url=xero_refund_url(connection.short_code, refund.source, refund.xero_id),
            is_credit_note=refund.source == "credit_note",
        )

    @staticmethod
    def _recharged_to(session: Session, connection: XeroConnection, line_id: int) -> str:
        rows = session.exec(
            select(Recharge).where(Recharge.spend_line_id == line_id, col(Recharge.status).in_(RECHARGED))
        ).all()
        names = [contact_name(session, connection.id or 0, r.client_contact_xero_id) for r in rows]
        return ", ".join(f"{name} ({_status_words(r.status)})" for name, r in zip(names, rows, strict=True))

    # --- acting on recharges --------------------------------------------------------------------

    def _apply(self, session: Session, done: _Pass) -> None:
        """Every (refund, recharge) pair not acted on yet: withdraw, reduce or credit, once each."""
        acted = select(RefundEffect.id).where(
            col(RefundEffect.refund_id) == col(RefundLink.refund_id),
            col(RefundEffect.recharge_id) == col(Recharge.id),
        )
        rows = session.exec(
            select(RefundLink, Recharge)
            .join(Recharge, col(Recharge.spend_line_id) == RefundLink.spend_line_id)
            .where(
                RefundLink.connection_id == done.connection.id,
                col(Recharge.status).in_(ACTS_ON),
                ~acted.exists(),
            )
            .order_by(col(RefundLink.refund_id), col(RefundLink.spend_line_id), col(Recharge.id))
        ).all()
        groups: dict[tuple[int, int], tuple[RefundLink, list[Recharge]]] = {}
        for link, recharge in rows:
            groups.setdefault((link.refund_id, link.spend_line_id), (link, []))[1].append(recharge)
        by_refund: dict[int, list[tuple[RefundLink, list[Recharge]]]] = {}
        for link, recharges in groups.values():
            by_refund.setdefault(link.refund_id, []).append((link, recharges))
        for refund_id, parts in by_refund.items():
            refund = session.get(SupplierRefund, refund_id)
            assert refund is not None
            outcomes: list[RefundOutcome] = []
            invoiced: dict[int, list[tuple[Recharge, CreditPart, RefundEffect]]] = {}
            for link, recharges in parts:
                outcomes += self._apply_line(session, done, refund, link, recharges, invoiced)
            outcomes += self._write_credits(session, done, refund, invoiced)
            done.applied += 1
            self._tell_applied(session, done, refund, parts[0][0], outcomes)

    def _apply_line(
        self,
        session: Session,
        done: _Pass,
        refund: SupplierRefund,
        link: RefundLink,
        recharges: list[Recharge],
        invoiced: dict[int, list[tuple[Recharge, CreditPart, RefundEffect]]],
    ) -> list[RefundOutcome]:
        line = session.get(SpendLine, link.spend_line_id)
        spend = session.get(SpendTransaction, line.spend_transaction_id) if line else None
        assert line is not None and spend is not None
        gross = charge_line(spend, line, done.connection.base_currency).gross
        given_back = sum(
            session.exec(
                select(col(RefundLink.amount)).where(RefundLink.spend_line_id == link.spend_line_id)
            ),
            Decimal(0),
        )
        whole = given_back >= gross  # every refund of the line together gave all of it back
        ids = [r.id or 0 for r in recharges]
        earlier = reductions(session, ids)
        credited = _credited(session, ids)

        def full(r: Recharge, field: str) -> Decimal:
            taken = earlier.get(r.id or 0)
            back = {"amount": taken.amount, "base": taken.base, "source": taken.source}[field] if taken else 0
            value: Decimal = {"amount": r.amount, "base": r.base_amount, "source": r.source_amount}[field]
            return value + back

        shares = {
            field: dict(
                zip(ids, refund_shares([full(r, field) for r in recharges], link.amount, gross), strict=True)
            )
            for field in ("amount", "base", "source")
        }
        base = done.connection.base_currency
        outcomes: list[RefundOutcome] = []
        for recharge in recharges:
            rid = recharge.id or 0
            effect = RefundEffect(
                connection_id=recharge.connection_id, refund_id=refund.id or 0, recharge_id=rid, kind="",
                before=recharge.amount,
            )  # fmt: skip
            client = contact_name(session, recharge.connection_id, recharge.client_contact_xero_id)
            charge = f"{line.description or recharge.vendor_name}, {recharge.charge_date:%-d %b %Y}"
            if recharge.status == RechargeStatus.INVOICED:
                left = recharge.amount - credited.get(rid, Decimal(0))
                amount = left if whole else min(shares["amount"][rid], left)
                effect.kind, effect.reduction = CREDITED, amount
                if amount > 0:
                    invoiced.setdefault(recharge.invoice_id or 0, []).append(
                        (recharge, CreditPart(rid, amount, amount == left), effect)
                    )
                session.add(effect)
                continue
            if whole:
                effect.kind, effect.reduction = WITHDRAWN, recharge.amount
                after = recharge.amount
                values: dict[str, object] = {
                    "status": RechargeStatus.WITHDRAWN,
                    "reject_reason": f"refunded by {refund.contact_name}"[:500],
                }
                what, left_text = "withdrawn", ""
            else:
                effect.kind = REDUCED
                effect.reduction = min(shares["amount"][rid], recharge.amount)
                effect.base_reduction = min(shares["base"][rid], recharge.base_amount)
                effect.source_reduction = min(shares["source"][rid], recharge.source_amount)
                after = recharge.amount - effect.reduction
                values = {
                    "amount": after,
                    "base_amount": recharge.base_amount - effect.base_reduction,
                    "source_amount": recharge.source_amount - effect.source_reduction,
                    "markup": after - (recharge.base_amount - effect.base_reduction),
                }
                what, left_text = "reduced", format_money(after, base, base)
            # Only as it was read: a person approving, rejecting or editing it at this moment wins,
            # and the next sync looks at it again.
            moved = session.execute(
                update(Recharge)
                .where(
                    col(Recharge.id) == rid,
                    col(Recharge.status) == recharge.status,
                    col(Recharge.amount) == recharge.amount,
                )
                .values(**values)
            ).rowcount  # type: ignore[attr-defined]
            if not moved:
                continue
            session.add(effect)
            _recharge_changed(
                session,
                done,
                recharge,
                action=f"{what} (vendor refund)",
                details={
                    "reason": f"{_document(refund)} from {refund.contact_name}",
                    "refund": refund.id,
                    "before": f"{effect.before:f}",
                    "taken_off": f"{effect.reduction:f}",
                    "after": f"{after:f}" if what == "reduced" else "0",
                },
            )
            outcomes.append(
                RefundOutcome(
                    client_name=client,
                    charge=charge,
                    what=what,
                    amount=format_money(effect.reduction, base, base),
                    left=left_text,
                )
            )
        return outcomes

    def _write_credits(
        self,
        session: Session,
        done: _Pass,
        refund: SupplierRefund,
        invoiced: dict[int, list[tuple[Recharge, CreditPart, RefundEffect]]],
    ) -> list[RefundOutcome]:
        """One credit note per client invoice, written before Xero is called (carried after)."""
        base = done.connection.base_currency
        outcomes: list[RefundOutcome] = []
        for invoice_id, parts in invoiced.items():
            invoice = session.get(ClientInvoice, invoice_id)
            assert invoice is not None
            session.flush()
            record = InvoiceUndo.record_part_credit(
                session,
                invoice=invoice,
                key=f"rechargly-refund-{refund.source}-{refund.xero_id}-{invoice_id}",
                parts=[part for _recharge, part, _effect in parts],
                reason=VENDOR_REFUND,
                refund_id=refund.id,
            )
            done.credits.append(record.id or 0)
            for recharge, part, effect in parts:
                effect.credit_note_id = record.id
                session.add(effect)
                if recharge.proposal_message_id:
                    done.messages.add(recharge.proposal_message_id)
                outcomes.append(
                    RefundOutcome(
                        client_name=contact_name(
                            session, invoice.connection_id, invoice.client_contact_xero_id
                        ),
                        charge=f"{recharge.vendor_name}, {recharge.charge_date:%-d %b %Y}",
                        what="crediting",
                        amount=format_money(part.amount, base, base),
                        invoice_number=invoice.invoice_number or "",
                    )
                )
        return outcomes

    def _tell_applied(
        self,
        session: Session,
        done: _Pass,
        refund: SupplierRefund,
        link: RefundLink,
        outcomes: list[RefundOutcome],
    ) -> None:
        if not outcomes:
            return
        session.flush()
        first = session.exec(
            select(RefundEffect.id)
            .where(RefundEffect.refund_id == refund.id)
            .order_by(col(RefundEffect.id).desc())
        ).first()
        notice = SupplierRefundApplied(
            **_described(done.connection, refund),
            evidence=link.evidence or "chosen by a person",
            outcomes=tuple(outcomes),
        )
        self._tell(session, done, notice, dedupe_key=f"refund-applied:{refund.id}:{first}")

    # --- credit notes to clients ------------------------------------------------------------------

    def _carry_credits(self, connection: XeroConnection) -> _Pass:
        """Make (once) every refund credit note not finished in Xero yet, and say so once each."""
        done = _Pass(connection=connection, messages=set(), credits=[])
        with self._db.session() as session:
            waiting = session.exec(
                select(CreditNoteRecord.id).where(
                    CreditNoteRecord.connection_id == connection.id,
                    CreditNoteRecord.reason == VENDOR_REFUND,
                    CreditNoteRecord.state != "allocated",
                )
            ).all()
        for record_id in waiting:
            try:
                record = self._undo.carry_credit(record_id or 0)
            except RecharglyError as error:  # Xero down or refusing: the next sync carries on
                log.warning("refund credit note %s not finished: %s", record_id, error.message)
                continue
            done.credits.append(record.id or 0)
            with self._db.session() as session:
                self._tell_credited(session, done, record)
        return done

    def _tell_credited(self, session: Session, done: _Pass, record: CreditNoteRecord) -> None:
        connection = done.connection
        invoice = session.get(ClientInvoice, record.invoice_id)
        refund = session.get(SupplierRefund, record.refund_id) if record.refund_id else None
        assert invoice is not None and refund is not None
        recharges = session.exec(select(Recharge).where(col(Recharge.id).in_(record.recharge_ids))).all()
        done.messages |= {r.proposal_message_id for r in recharges if r.proposal_message_id}
        channel = approvals_channel(session, connection, self._default_channel)
        if not channel:
            return
        base = connection.base_currency
        vendors = ", ".join(dict.fromkeys(r.vendor_name for r in recharges))
        outcome = RefundOutcome(
            client_name=contact_name(session, connection.id or 0, invoice.client_contact_xero_id),
            charge=vendors,
            what="credited",
            amount=format_money(record.xero_total, base, base),
            invoice_number=invoice.invoice_number or "",
            credit_note=record.credit_note_number,
            allocated=format_money(record.allocated, base, base),
        )
        outbox.enqueue(
            session,
            team_id=connection.team_id,
            channel=channel,
            notice=SupplierRefundApplied(
                organisation=connection.name,
                supplier=refund.contact_name,
                amount=format_money(refund.total, refund.currency_code, base),
                received_on=refund.date,
                document=_document(refund),
                reference=refund.reference,
                evidence="",
                outcomes=(outcome,),
                xero_url=xero_refund_url(connection.short_code, refund.source, refund.xero_id),
            ),
            dedupe_key=f"refund-credited:{record.id}",
        )


def _credited(session: Session, recharge_ids: Sequence[int]) -> dict[int, Decimal]:
    """What refunds already credited to clients of these recharges."""
    found: dict[int, Decimal] = {}
    for recharge_id, amount in session.exec(
        select(col(RefundEffect.recharge_id), col(RefundEffect.reduction)).where(
            col(RefundEffect.recharge_id).in_(list(recharge_ids)), RefundEffect.kind == CREDITED
        )
    ):
        found[recharge_id] = found.get(recharge_id, Decimal(0)) + amount
    return found


def _link_to(
    session: Session,
    connection: XeroConnection,
    refund: SupplierRefund,
    links: Sequence[tuple[int, Decimal]],
    *,
    by: str,
    evidence: str,
) -> None:
    """Tie the refund to the charge lines it gives money back for ((line id, amount) each), audited."""
    for line_id, amount in links:
        session.add(
            RefundLink(
                connection_id=refund.connection_id,
                refund_id=refund.id or 0,
                spend_line_id=line_id,
                amount=amount,
                linked_by=by,
                evidence=evidence,
            )
        )
    audit.record(
        session,
        team_id=connection.team_id,
        connection_id=connection.id,
        actor=by,
        action="vendor refund matched",
        subject=f"refund:{refund.id}",
        details={
            "reason": f"{_document(refund)} from {refund.contact_name}: {evidence}",
            "amount": f"{refund.total:f}",
            "lines": [line_id for line_id, _amount in links],
        },
    )


def _recharge_changed(
    session: Session, done: _Pass, recharge: Recharge, *, action: str, details: dict[str, Any]
) -> None:
    """A refund changed this recharge: its card and an open run's card show it; audited."""
    done.accruing_changed |= recharge.status == RechargeStatus.ACCRUING
    if recharge.proposal_message_id:
        done.messages.add(recharge.proposal_message_id)
    audit.record(
        session,
        team_id=done.connection.team_id,
        connection_id=done.connection.id,
        actor=audit.SYSTEM_ACTOR,
        action=action,
        subject=f"recharge:{recharge.id}",
        client=recharge.client_contact_xero_id,
        details=details,
    )


def _described(connection: XeroConnection, refund: SupplierRefund) -> dict[str, Any]:
    """What every message about a vendor's refund says of it."""
    return {
        "organisation": connection.name,
        "supplier": refund.contact_name,
        "amount": format_money(refund.total, refund.currency_code, connection.base_currency),
        "received_on": refund.date,
        "document": _document(refund),
        "reference": refund.reference,
        "xero_url": xero_refund_url(connection.short_code, refund.source, refund.xero_id),
    }


def _document(refund: SupplierRefund) -> str:
    if refund.source == "credit_note":
        return f"credit note {refund.number}".strip()
    return "money received"


def _status_words(status: str) -> str:
    return {
        RechargeStatus.PROPOSED: "waiting for approval",
        RechargeStatus.ACCRUING: "approved, accruing",
        RechargeStatus.APPROVED: "being invoiced",
        RechargeStatus.INVOICED: "invoiced",
    }.get(RechargeStatus(status), status)
