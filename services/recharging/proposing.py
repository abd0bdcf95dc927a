"""Proposing recharges after each sync, and what waits: pending proposals and unmatched software.

One Recharge per (spend line, rule, client), unique in the database, so re-syncing, editing a charge
in Xero or two syncs at once never propose it twice. An edited charge updates its pending proposal
(or flags an invoiced one for review); a voided charge withdraws its pending proposal.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from services import audit, outbox
from services.mapping.names import MatchResult
from services.mapping.service import LineMapper, question_candidates, vendor_key
from services.models import (
    AuditEvent,
    Contact,
    LineQuestion,
    ProposalMessage,
    Recharge,
    RechargeRule,
    RechargeStatus,
    ReviewBatch,
    RuleClient,
    SpendLine,
    SpendTransaction,
    XeroConnection,
    utcnow,
)
from services.notices import BillLinesNeedClient, LinesNeedClient
from services.ports import SlackNotifier
from services.recharging.allocation import (
    AllocationKind,
    ChargeLine,
    ClientShare,
    ProposedAmount,
    RechargeTerms,
    format_money,
    propose_amounts,
    to_cents,
)
from services.recharging.approvals import Approvals
from services.recharging.catalog import SoftwareCatalog
from services.recharging.proposals import ProposalPublisher, queue_summary, xero_source_url
from services.recharging.rules import active_rules, rule_clients, rule_matches, rule_matches_line, rule_terms
from services.storage import Database
from services.workspaces import active_connection, approvals_channel

log = logging.getLogger(__name__)

GONE_STATUSES = frozenset({"DELETED", "VOIDED"})
CHUNK = 500
FLOOD_CLIENTS = 10  # a run with more clients than this posts one summary instead of a card each
BACKFILL_DAYS = 60  # a new or edited rule proposes the charges this recent that nothing recharged yet
# Fields compared when a charge changes in Xero after it was proposed.
_AMOUNT_FIELDS = ("source_amount", "base_amount", "markup", "amount", "explanation", "charge_date")


def charge_line(spend: SpendTransaction, line: SpendLine, base_currency: str) -> ChargeLine:
    """A spend line as allocation needs it: net and tax apart, whatever Xero's LineAmountTypes,
    and the discount the line shows likewise (its tax in proportion to the line's)."""
    tax = Decimal(0) if spend.line_amount_types == "NoTax" else line.tax_amount
    net = line.line_amount - tax if spend.line_amount_types == "Inclusive" else line.line_amount
    quantity = line.quantity or Decimal(1)
    shown = shown_discount(line)  # in the line's own terms: tax included when the line's amounts are
    discount_tax = Decimal(0)
    if shown and tax and line.line_amount:
        discount_tax = to_cents(shown * tax / line.line_amount)
    return ChargeLine(
        net=net,
        tax=tax,
        quantity=quantity,
        unit_amount=net / quantity,
        currency=spend.currency_code,
        base_currency=base_currency,
        currency_rate=spend.currency_rate,
        discount=shown - discount_tax if spend.line_amount_types == "Inclusive" else shown,
        discount_tax=discount_tax,
        discount_rate=line.discount_rate if line.discount_rate and not line.discount_amount else None,
    )


def shown_discount(line: SpendLine) -> Decimal:
    """The discount Xero's line shows, in the line's terms: its DiscountAmount, or what its
    DiscountRate took off Quantity × UnitAmount (LineAmount is after the discount)."""
    if line.discount_amount:
        return line.discount_amount
    rate = line.discount_rate
    if not rate:
        return Decimal(0)
    full = to_cents((line.quantity or Decimal(1)) * line.unit_amount)
    if full:
        return full - line.line_amount
    # No unit price given (Xero worked it out from LineAmount): full = LineAmount × 100 / (100 − rate).
    return to_cents(line.line_amount * rate / (Decimal(100) - rate)) if rate < 100 else Decimal(0)


@dataclass
class _Run:
    """What one on_synced call did."""

    connection: XeroConnection
    sync_run_id: int | None
    counts: Counter[str] = field(default_factory=Counter)
    new_ids: list[int] = field(default_factory=list)
    auto_ids: list[int] = field(default_factory=list)
    touched_messages: set[int] = field(default_factory=set)
    mapper: LineMapper | None = None  # per-client bills: built on first need, once per run
    notes: dict[tuple[int, str], str] = field(default_factory=dict)  # (line, client) -> "matched by name"
    new_questions: list[int] = field(default_factory=list)
    batch_id: int | None = None  # the run's one summary, when it had too many clients for cards
    questions: dict[int, LineQuestion] = field(default_factory=dict)  # the chunk's, by spend line id

    def line_mapper(self, session: Session) -> LineMapper:
        if self.mapper is None:
            self.mapper = LineMapper.load(session, self.connection.id or 0)
        return self.mapper


class RechargeProposer:
    """The sync's listener: turns new and changed spend into proposals, posted one message per client."""

    def __init__(
        self,
        *,
        db: Database,
        catalog: SoftwareCatalog,
        approvals: Approvals,
        publisher: ProposalPublisher,
        notifier: SlackNotifier,
        default_channel: str | None,
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._approvals = approvals
        self._publisher = publisher
        self._notifier = notifier
        self._default_channel = default_channel

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        resumed = self._approvals.resume_unfinished(connection_id=connection_id)
        counts = self._propose(connection_id, sync_run_id, changed_spend_ids)
        if resumed:
            counts["invoices resumed"] = resumed
        return counts

    def repropose(self, *, connection_id: int, spend_ids: Sequence[int]) -> dict[str, int]:
        """Run the proposer over these charges now (a line was mapped, a rule saved): same path as a sync."""
        return self._propose(connection_id, None, spend_ids)

    def backfill(self, *, connection_id: int, today: date, rule_id: int | None = None) -> dict[str, int]:
        """Propose the last BACKFILL_DAYS of charges no recharge covers yet (after a rule is saved);
        with `rule_id`, only the charges that rule covers (not every unrecharged charge of the firm)."""
        recharged = select(Recharge.spend_line_id).where(
            Recharge.connection_id == connection_id, col(Recharge.spend_line_id).is_not(None)
        )
        query = (
            select(SpendTransaction, SpendLine)
            .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
            .where(
                SpendTransaction.connection_id == connection_id,
                col(SpendTransaction.date) >= today - timedelta(days=BACKFILL_DAYS),
                col(SpendTransaction.status).not_in(GONE_STATUSES),
                col(SpendLine.removed).is_(False),
                col(SpendLine.id).not_in(recharged),
            )
        )
        with self._db.session() as session:
            rule = session.get(RechargeRule, rule_id) if rule_id is not None else None
            if rule is not None and rule.supplier_contact_xero_id:
                query = query.where(col(SpendTransaction.contact_xero_id) == rule.supplier_contact_xero_id)
            rows = session.exec(query).all()
            spend_ids = {
                spend.id
                for spend, line in rows
                if spend.id and (rule is None or rule_matches(rule, spend, line))
            }
        return self._propose(connection_id, None, sorted(spend_ids))

    def post_new(self, *, connection_id: int, recharge_ids: Sequence[int]) -> None:
        """Group recharges made elsewhere (a CSV import) into one message per client, and post them."""
        run = self._new_run(connection_id, None)
        run.new_ids.extend(recharge_ids)
        self._group_into_messages(run)  # their cards (or one summary) are queued with the messages

    def _new_run(self, connection_id: int, sync_run_id: int | None) -> _Run:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            assert connection is not None
        return _Run(connection=connection, sync_run_id=sync_run_id)

    def _orphans(self, connection_id: int) -> list[int]:
        """Proposals saved by a run that died before grouping them into messages: this run posts them."""
        with self._db.session() as session:
            ids = session.exec(
                select(Recharge.id).where(
                    Recharge.connection_id == connection_id,
                    Recharge.status == RechargeStatus.PROPOSED,
                    col(Recharge.proposal_message_id).is_(None),
                )
            ).all()
        return [i for i in ids if i is not None]

    def _propose(
        self, connection_id: int, sync_run_id: int | None, spend_ids: Sequence[int]
    ) -> dict[str, int]:
        run = self._new_run(connection_id, sync_run_id)
        run.new_ids.extend(self._orphans(connection_id))
        ids = list(dict.fromkeys(spend_ids))
        for start in range(0, len(ids), CHUNK):
            with self._db.session() as session:
                self._propose_chunk(session, run, ids[start : start + CHUNK])
        messages = self._group_into_messages(run)
        if run.auto_ids:
            self._approvals.auto_approve(connection_id=connection_id, recharge_ids=run.auto_ids)
            if run.batch_id is not None:  # the summary counts only what still waits for a person
                self._publisher.publish_summary(run.batch_id)
        for message_id in sorted(run.touched_messages - messages):  # new ones were queued with them
            self._publisher.publish(message_id)
        self._ask_about_lines(run)
        counts = {
            "software charges found": run.counts["software"],
            "proposals created": len(run.new_ids),
            "proposals updated": run.counts["updated"],
            "proposals withdrawn": run.counts["withdrawn"],
            "auto-approved": len(run.auto_ids),
            "bill lines to map": len(run.new_questions),
        }
        return {name: value for name, value in counts.items() if value or name == "proposals created"}

    # --- matching and upserting -----------------------------------------------------------------

    def _propose_chunk(self, session: Session, run: _Run, spend_ids: Sequence[int]) -> None:
        """A chunk of charges in a handful of queries.

        A light pass over plain rows counts the software and finds the lines with work to do (a
        rule matches, or they were proposed before); only those are loaded as objects.
        """
        rules = active_rules(session, run.connection.id or 0)
        clients = {rule.id or 0: rule_clients(session, rule.id or 0) for rule in rules}
        rows = session.execute(
            sa_select(
                col(SpendLine.id).label("line_id"),
                col(SpendTransaction.status),
                col(SpendTransaction.contact_xero_id),
                col(SpendTransaction.contact_name),
                col(SpendLine.description),
                col(SpendLine.account_code),
                col(SpendLine.tracking),
                col(SpendLine.removed),
                col(SpendLine.billed_in_xero),
            )
            .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
            .where(
                col(SpendTransaction.id).in_(spend_ids),
                col(SpendTransaction.connection_id) == run.connection.id,
            )
        ).all()
        existing = self._existing(session, [row.line_id for row in rows])
        busy: list[int] = []
        for row in rows:
            matched = any(rule_matches(rule, row, row) for rule in rules)
            live = row.status not in GONE_STATUSES and not row.removed and not row.billed_in_xero
            if live and (matched or self._catalog.recognise(row.contact_name, row.description)):
                run.counts["software"] += 1
            if matched or row.line_id in existing:
                busy.append(row.line_id)
        if not busy:
            return
        pairs = session.exec(
            select(SpendTransaction, SpendLine)
            .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
            .where(col(SpendLine.id).in_(busy))
            .order_by(col(SpendTransaction.id), col(SpendLine.position))
        ).all()
        if any(rule.per_client_billing for rule in rules):
            run.questions = self._questions(session, [line.id or 0 for _spend, line in pairs])
        for spend, line in pairs:
            self._propose_line(session, run, spend, line, rules, clients, existing.pop(line.id or 0, {}))

    def _propose_line(
        self,
        session: Session,
        run: _Run,
        spend: SpendTransaction,
        line: SpendLine,
        rules: Sequence[RechargeRule],
        clients: dict[int, list[RuleClient]],
        existing: dict[str, Recharge],
    ) -> None:
        """Propose, update or withdraw one line's recharges; `existing` are its recharges, by key."""
        matched = [rule for rule in rules if rule_matches(rule, spend, line)]
        # A line the firm already bills through Xero's billable expenses is never recharged again.
        live = spend.status not in GONE_STATUSES and not line.removed and not line.billed_in_xero
        for rule in matched:
            if rule.per_client_billing:
                amounts = self._per_client_amounts(session, run, spend, line, rule) if live else []
            else:
                terms = rule_terms(rule, clients[rule.id or 0])
                amounts = self._amounts(run, spend, line, rule, terms) if live else []
            for proposed in amounts:
                key = _dedupe_key(line, rule, proposed.client_id)
                row = existing.pop(key, None)
                if row is None:
                    self._insert(session, run, spend, line, rule, proposed)
                else:
                    self._changed(session, run, row, spend, line, proposed)
        for row in existing.values():  # the charge is gone, or no longer goes to that client
            self._gone(session, run, row)

    @staticmethod
    def _existing(session: Session, line_ids: Sequence[int]) -> dict[int, dict[str, Recharge]]:
        """The recharges of these lines, by line and then by dedupe key."""
        found: dict[int, dict[str, Recharge]] = defaultdict(dict)
        if line_ids:
            for row in session.exec(select(Recharge).where(col(Recharge.spend_line_id).in_(line_ids))):
                found[row.spend_line_id or 0][row.dedupe_key] = row
        return found

    @staticmethod
    def _questions(session: Session, ids: Sequence[int]) -> dict[int, LineQuestion]:
        """The questions already asked about these lines (per-client bills), by line."""
        if not ids:
            return {}
        rows = session.exec(select(LineQuestion).where(col(LineQuestion.spend_line_id).in_(ids)))
        return {question.spend_line_id: question for question in rows}

    def _amounts(
        self,
        run: _Run,
        spend: SpendTransaction,
        line: SpendLine,
        rule: RechargeRule,
        terms: RechargeTerms,
    ) -> list[ProposedAmount]:
        try:
            return propose_amounts(charge_line(spend, line, run.connection.base_currency), terms)
        except ValueError as error:  # e.g. a foreign charge without a rate: nothing to propose yet
            log.warning("rule %s can't price spend line %s: %s", rule.id, line.id, error)
            run.counts["unpriced"] += 1
            return []

    def _per_client_amounts(
        self, session: Session, run: _Run, spend: SpendTransaction, line: SpendLine, rule: RechargeRule
    ) -> list[ProposedAmount]:
        """A line of a per-client bill: the whole line to the client it names, or a question."""
        decision = run.line_mapper(session).decide(
            vendor_key(self._catalog, spend.contact_name), line.description
        )
        question = run.questions.get(line.id or 0)
        if decision.asks:
            assert decision.result is not None
            self._question(session, run, line, rule, question, decision.line_key, decision.result)
            return []
        if question is not None and question.state == "open":  # answered meanwhile, or now matches
            question.state = "excluded" if decision.excluded else "resolved"
            session.add(question)
        if decision.client_id is None or line.line_amount == 0:
            return []
        run.notes[(line.id or 0, decision.client_id)] = decision.note
        terms = replace(
            rule_terms(rule, []), kind=AllocationKind.WHOLE, shares=(ClientShare(decision.client_id),)
        )
        return self._amounts(run, spend, line, rule, terms)

    @staticmethod
    def _question(
        session: Session,
        run: _Run,
        line: SpendLine,
        rule: RechargeRule,
        question: LineQuestion | None,
        key: str,
        result: MatchResult,
    ) -> None:
        """One question per spend line, kept up to date; a settled one is never reopened."""
        if question is not None:
            if question.state == "open":
                question.level, question.candidates = result.level.value, question_candidates(result)
                session.add(question)
            return
        question = LineQuestion(
            connection_id=run.connection.id or 0,
            spend_line_id=line.id or 0,
            rule_id=rule.id,
            line_key=key[:300],
            level=result.level.value,
            candidates=question_candidates(result),
        )
        try:
            with session.begin_nested():  # another run may have asked a moment ago
                session.add(question)
        except IntegrityError:
            return
        run.new_questions.append(question.id or 0)
        run.questions[line.id or 0] = question  # a second per-client rule on this line updates it

    def _ask_about_lines(self, run: _Run) -> None:
        """One channel notice per run naming each bill whose new lines need a client."""
        if not run.new_questions:
            return
        with self._db.session() as session:
            channel = approvals_channel(session, run.connection, self._default_channel)
            rows = session.exec(
                select(LineQuestion, SpendTransaction)
                .join(SpendLine, col(SpendLine.id) == LineQuestion.spend_line_id)
                .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
                .where(col(LineQuestion.id).in_(run.new_questions), col(LineQuestion.notified_at).is_(None))
                .order_by(col(SpendTransaction.date), col(SpendTransaction.id))
            ).all()
            bills: dict[int, tuple[SpendTransaction, int]] = {}
            for question, spend in rows:
                question.notified_at = utcnow()
                session.add(question)
                bills[spend.id or 0] = (spend, bills.get(spend.id or 0, (spend, 0))[1] + 1)
            if not channel or not bills:
                return
            notice = LinesNeedClient(
                organisation=run.connection.name,
                bills=tuple(
                    BillLinesNeedClient(
                        vendor=self._vendor_name(spend), month=f"{spend.date:%B %Y}", lines=count
                    )
                    for spend, count in bills.values()
                ),
            )
            outbox.enqueue(  # with the questions' notified_at: told exactly when they are marked told
                session,
                team_id=run.connection.team_id,
                channel=channel,
                notice=notice,
                dedupe_key=f"line-questions:{min(run.new_questions)}:{len(run.new_questions)}",
            )

    def _vendor_name(self, spend: SpendTransaction) -> str:
        entry = self._catalog.recognise(spend.contact_name)
        return entry.name if entry else spend.contact_name or "Software"

    def _vendor(self, spend: SpendTransaction, line: SpendLine) -> str:
        entry = self._catalog.recognise(spend.contact_name, line.description)
        return entry.name if entry else spend.contact_name or "Software"

    def _insert(
        self,
        session: Session,
        run: _Run,
        spend: SpendTransaction,
        line: SpendLine,
        rule: RechargeRule,
        proposed: ProposedAmount,
    ) -> None:
        vendor = self._vendor(spend, line)
        recharge = Recharge(
            connection_id=run.connection.id or 0,
            dedupe_key=_dedupe_key(line, rule, proposed.client_id),
            spend_line_id=line.id,
            rule_id=rule.id,
            client_contact_xero_id=proposed.client_id,
            vendor_name=vendor,
            charge_date=spend.date,
            description=charge_description(vendor, spend.date),
            source_currency=spend.currency_code,
            account_code=rule.revenue_account_code,
            tax_type=rule.tax_type,
            has_receipt=spend.has_attachments,
            match_note=run.notes.get((line.id or 0, proposed.client_id), ""),
        )
        set_amounts(recharge, proposed, spend.date)
        try:
            with session.begin_nested():  # another sync may have proposed it a moment ago
                session.add(recharge)
        except IntegrityError:
            return
        run.new_ids.append(recharge.id or 0)
        if rule.auto_approve and self._recurring(session, rule, recharge):
            run.auto_ids.append(recharge.id or 0)
        audit.record(
            session,
            team_id=run.connection.team_id,
            connection_id=run.connection.id,
            actor=audit.SYSTEM_ACTOR,
            action="proposed",
            subject=f"recharge:{recharge.id}",
            client=recharge.client_contact_xero_id,
            details={
                "vendor": vendor,
                "amount": f"{recharge.amount:f}",
                "rule": rule.id,
                "xero_id": spend.xero_id,
                "explanation": recharge.explanation,
            },
        )

    @staticmethod
    def _recurring(session: Session, rule: RechargeRule, recharge: Recharge) -> bool:
        """The same rule and client were last approved for (about) the same amount."""
        last = session.exec(
            select(Recharge)
            .where(
                Recharge.rule_id == rule.id,
                Recharge.client_contact_xero_id == recharge.client_contact_xero_id,
                col(Recharge.status).in_([RechargeStatus.INVOICED, RechargeStatus.APPROVED]),
                Recharge.id != recharge.id,
            )
            .order_by(col(Recharge.charge_date).desc(), col(Recharge.id).desc())
        ).first()
        if last is None:
            return False
        allowed = abs(last.amount) * rule.auto_approve_tolerance_percent / Decimal(100)
        return abs(recharge.amount - last.amount) <= allowed

    def _changed(
        self,
        session: Session,
        run: _Run,
        row: Recharge,
        spend: SpendTransaction,
        line: SpendLine,
        proposed: ProposedAmount,
    ) -> None:
        before = {name: str(getattr(row, name)) for name in _AMOUNT_FIELDS}
        candidate = Recharge.model_validate(row.model_dump())
        set_amounts(candidate, proposed, spend.date)
        after = {name: str(getattr(candidate, name)) for name in _AMOUNT_FIELDS}
        receipt_changed = row.has_receipt != spend.has_attachments
        note_changed = row.discount_note != proposed.discount_note  # shown on the card, never invoiced
        if before == after and not receipt_changed and not note_changed:
            return
        if row.status == RechargeStatus.PROPOSED:
            set_amounts(row, proposed, spend.date)
            row.has_receipt = spend.has_attachments
            action = "updated from Xero"
            run.counts["updated"] += 1
        elif row.status in (RechargeStatus.APPROVED, RechargeStatus.INVOICED) and before != after:
            row.needs_review = True
            action = "changed after approval"
        else:
            return
        _record_change(
            session, run, row, action, {"before": before, "after": after, "xero_id": spend.xero_id}
        )

    @staticmethod
    def _gone(session: Session, run: _Run, row: Recharge) -> None:
        if row.status == RechargeStatus.PROPOSED:
            row.status = RechargeStatus.WITHDRAWN
            action = "withdrawn"
            run.counts["withdrawn"] += 1
        elif row.status in (RechargeStatus.APPROVED, RechargeStatus.INVOICED) and not row.needs_review:
            row.needs_review = True
            action = "voided after approval"
        else:
            return
        _record_change(
            session, run, row, action, {"reason": "the charge was voided, deleted or changed in Xero"}
        )

    # --- one message per client per sync ---------------------------------------------------------

    def _group_into_messages(self, run: _Run) -> set[int]:
        """Attach this sync's new proposals to one new ProposalMessage per client."""
        if not run.new_ids:
            return set()
        created: set[int] = set()
        with self._db.session() as session:
            channel = approvals_channel(session, run.connection, self._default_channel) or ""
            rows = session.exec(
                select(Recharge).where(col(Recharge.id).in_(run.new_ids)).order_by(col(Recharge.id))
            ).all()
            by_client: dict[str, list[Recharge]] = {}
            for row in rows:
                by_client.setdefault(row.client_contact_xero_id, []).append(row)
            batch = self._batch(session, run, channel) if len(by_client) > FLOOD_CLIENTS else None
            for client, recharges in by_client.items():
                message = ProposalMessage(
                    connection_id=run.connection.id or 0,
                    client_contact_xero_id=client,
                    sync_run_id=run.sync_run_id,
                    channel_id=channel,
                    review_batch_id=batch.id if batch else None,
                )
                session.add(message)
                session.flush()
                for recharge in recharges:
                    recharge.proposal_message_id = message.id
                    session.add(recharge)
                session.flush()
                self._publisher.queue(session, message, run.connection.team_id)
                created.add(message.id or 0)
            if batch is not None and channel:
                queue_summary(session, batch, run.connection)
        return created

    @staticmethod
    def _batch(session: Session, run: _Run, channel: str) -> ReviewBatch:
        """Too many clients for a card each: one summary whose Review pages through them."""
        batch = ReviewBatch(connection_id=run.connection.id or 0, channel_id=channel)
        session.add(batch)
        session.flush()
        run.batch_id = batch.id
        return batch


def _dedupe_key(line: SpendLine, rule: RechargeRule, client: str) -> str:
    return f"line:{line.id}:rule:{rule.id}:client:{client}"


def charge_description(vendor: str, on: date) -> str:
    return f"{vendor} subscription \N{EM DASH} {on:%b %Y} (recharged)"


def set_amounts(recharge: Recharge, proposed: ProposedAmount, on: date) -> None:
    recharge.source_amount = proposed.source_amount
    recharge.base_amount = proposed.base_amount
    recharge.markup = proposed.markup
    recharge.amount = proposed.amount
    recharge.explanation = proposed.explanation
    recharge.discount_note = proposed.discount_note
    recharge.charge_date = on


# --------------------------------------------------------------------------- what waits


@dataclass(frozen=True)
class PendingClient:
    client_name: str
    count: int
    total: str
    channel_id: str
    message_ts: str | None
    oldest: date


@dataclass(frozen=True)
class UnmatchedCharge:
    spend_line_id: int
    vendor: str
    supplier_name: str
    supplier_contact_xero_id: str | None
    charge_date: date
    description: str
    amount: str
    xero_url: str


def pending_page(
    *, db: Database, team_id: str, offset: int, limit: int
) -> tuple[list[PendingClient], int, int]:
    """A page of the proposals waiting for a decision, one entry per client message, oldest first:
    (entries, offset, how many entries in all). Grouped, counted and paged in the database."""
    with db.session() as session:
        connection = active_connection(session, team_id)
        waiting = (Recharge.connection_id == connection.id, Recharge.status == RechargeStatus.PROPOSED)
        client, message_id = col(Recharge.client_contact_xero_id), col(Recharge.proposal_message_id)
        oldest = func.min(Recharge.charge_date)
        groups = select(client, message_id, oldest, func.count()).where(*waiting).group_by(client, message_id)
        total = session.exec(select(func.count()).select_from(groups.subquery())).one()
        offset = max(0, min(offset, total - 1)) if total else 0
        page = session.exec(groups.order_by(oldest, client, message_id).offset(offset).limit(limit)).all()
        wanted = {(c, m) for c, m, _, _ in page}
        amounts: dict[tuple[str, int | None], Decimal] = {}
        for c, m, amount in session.exec(
            select(client, message_id, col(Recharge.amount)).where(
                *waiting, client.in_({c for c, _ in wanted})
            )
        ).all():
            if (c, m) in wanted:
                amounts[(c, m)] = amounts.get((c, m), Decimal(0)) + amount
        messages = {
            m.id: m
            for m in session.exec(
                select(ProposalMessage).where(col(ProposalMessage.id).in_({m for _, m in wanted if m}))
            ).all()
        }
        names = dict(
            session.exec(
                select(Contact.xero_id, Contact.name).where(
                    Contact.connection_id == connection.id, col(Contact.xero_id).in_({c for c, _ in wanted})
                )
            ).all()
        )
        base = connection.base_currency
        found = []
        for c, m, first, count in page:
            message = messages.get(m) if m else None
            found.append(
                PendingClient(
                    client_name=names.get(c) or "Unknown client",
                    count=int(count),
                    total=format_money(amounts.get((c, m), Decimal(0)), base, base),
                    channel_id=message.channel_id if message else "",
                    message_ts=message.message_ts if message else None,
                    oldest=first,
                )
            )
        return found, offset, total


UnmatchedKey = tuple[str | None, str, str, str]  # supplier id, supplier name, description, account code


def _unmatched_rows(connection_id: int) -> Select[SpendTransaction, SpendLine]:
    """Spend lines no recharge comes from yet, of spend still alive in Xero."""
    recharged = select(Recharge.id).where(col(Recharge.spend_line_id) == col(SpendLine.id))
    return (
        select(SpendTransaction, SpendLine)
        .join(SpendLine, col(SpendLine.spend_transaction_id) == SpendTransaction.id)
        .where(
            SpendTransaction.connection_id == connection_id,
            col(SpendTransaction.status).not_in(GONE_STATUSES),
            col(SpendLine.removed).is_(False),
            ~recharged.exists(),
        )
    )


UnmatchedKinds = tuple[dict[UnmatchedKey, str], int]


def _unmatched_kinds(session: Session, catalog: SoftwareCatalog, connection_id: int) -> UnmatchedKinds:
    """Which kinds of line (supplier, description, account) are software no rule recharges, with the
    vendor each is; and how many lines they are. Counted in the database a kind at a time: a firm's
    50,000 lines are a few hundred kinds, and the catalog and the rules are asked once per kind."""
    rules = [rule for rule in active_rules(session, connection_id) if not rule.tracking_match]
    key = (
        col(SpendTransaction.contact_xero_id),
        col(SpendTransaction.contact_name),
        col(SpendLine.description),
        col(SpendLine.account_code),
    )
    kinds: Any = _unmatched_rows(connection_id).with_only_columns(*key, func.count()).group_by(*key)
    found: dict[UnmatchedKey, str] = {}
    total = 0
    for supplier_id, supplier, description, account, count in session.exec(kinds).all():
        entry = catalog.recognise(supplier, description)
        if entry is None:
            continue
        fields = {"supplier_id": supplier_id, "supplier_name": supplier, "description": description}
        if any(rule_matches_line(r, **fields, account_code=account, tracking=None) for r in rules):
            continue
        found[(supplier_id, supplier, description, account)] = entry.name
        total += int(count)
    return found, total


def unmatched_fingerprint(session: Session, connection_id: int) -> tuple[Any, ...]:
    """What unmatched spend depends on, read cheaply: spend (new, edited in Xero), recharges, and
    rules (every rule change is in the audit trail). Equal fingerprints, equal unmatched spend."""
    spend = select(
        func.count(), func.max(SpendTransaction.id), func.max(SpendTransaction.xero_updated_at)
    ).where(SpendTransaction.connection_id == connection_id)
    recharges = select(func.count(), func.max(Recharge.id)).where(Recharge.connection_id == connection_id)
    rules = select(func.max(AuditEvent.id)).where(AuditEvent.connection_id == connection_id)
    return (*session.exec(spend).one(), *session.exec(recharges).one(), session.exec(rules).one())


class UnmatchedCache:
    """The kinds of unmatched spend per organisation, kept until its fingerprint changes (thread-safe).

    Counting them reads every spend line; a firm asks again and again between syncs, so it is read
    once per change, not once per page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kinds: dict[int, tuple[tuple[Any, ...], UnmatchedKinds]] = {}

    def kinds(self, session: Session, catalog: SoftwareCatalog, connection_id: int) -> UnmatchedKinds:
        fingerprint = unmatched_fingerprint(session, connection_id)
        with self._lock:
            cached = self._kinds.get(connection_id)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        kinds = _unmatched_kinds(session, catalog, connection_id)
        with self._lock:
            self._kinds[connection_id] = (fingerprint, kinds)
        return kinds


def unmatched_page(
    *,
    db: Database,
    catalog: SoftwareCatalog,
    team_id: str,
    offset: int,
    limit: int,
    connection_id: int | None = None,
    cache: UnmatchedCache | None = None,
) -> tuple[list[UnmatchedCharge], int, int]:
    """A page of software spend no rule recharges, newest first: (charges, offset, how many in all).

    The rows of the page are read newest first, a few hundred at a time, until the page is full.
    (A rule that matches on tracking is checked line by line for the page only, so the total may
    count lines such a rule covers.)"""
    with db.session() as session:
        connection = active_connection(session, team_id, connection_id)
        cid = connection.id or 0
        kinds, total = (cache or UnmatchedCache()).kinds(session, catalog, cid)
        offset = max(0, min(offset, total - 1)) if total else 0
        rules = [r for r in active_rules(session, cid) if r.tracking_match]
        page: list[UnmatchedCharge] = []
        skipped = 0
        newest = _unmatched_rows(cid).order_by(  # walks ix_spendtransaction_newest: no sort of every row
            col(SpendTransaction.date).desc(), col(SpendTransaction.id).desc(), col(SpendLine.id)
        )
        rows: Any = session.exec(newest.execution_options(yield_per=100)) if kinds else ()
        for spend, line in rows:
            vendor = kinds.get(
                (spend.contact_xero_id, spend.contact_name, line.description, line.account_code)
            )
            if vendor is None or any(rule_matches(rule, spend, line) for rule in rules):
                continue
            if skipped < offset:
                skipped += 1
                continue
            page.append(_unmatched(connection, spend, line, vendor))
            if len(page) >= limit:
                break
        return page, offset, total


def _unmatched(
    connection: XeroConnection, spend: SpendTransaction, line: SpendLine, vendor: str
) -> UnmatchedCharge:
    base = connection.base_currency
    return UnmatchedCharge(
        spend_line_id=line.id or 0,
        vendor=vendor,
        supplier_name=spend.contact_name,
        supplier_contact_xero_id=spend.contact_xero_id,
        charge_date=spend.date,
        description=line.description,
        amount=format_money(line.line_amount, spend.currency_code, base),
        xero_url=xero_source_url(connection.short_code, spend.source, spend.xero_id),
    )


def _record_change(session: Session, run: _Run, row: Recharge, action: str, details: dict[str, Any]) -> None:
    """Save a recharge Xero changed, mark its message for a refresh, and put it in the audit trail."""
    session.add(row)
    if row.proposal_message_id:
        run.touched_messages.add(row.proposal_message_id)
    audit.record(
        session,
        team_id=run.connection.team_id,
        connection_id=run.connection.id,
        actor=audit.SYSTEM_ACTOR,
        action=action,
        subject=f"recharge:{row.id}",
        client=row.client_contact_xero_id,
        details=details,
    )
