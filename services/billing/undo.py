"""Undoing an invoice Rechargly raised: void it while unpaid, else credit the chosen lines.

Approvers only, after a confirm in Slack. State is written before each Xero call and every call
carries an idempotency key, so pressing twice or a crash half-way never voids or credits twice.
Every undo is audited (and so shown in `/rechargly history`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import Session, col, select

from services import audit
from services.connect.service import Permissions
from services.connect.tokens import XeroTokens
from services.errors import BadRequest
from services.models import (
    ClientInvoice,
    CreditNoteRecord,
    InvoiceState,
    Recharge,
    RechargeStatus,
    XeroConnection,
)
from services.ports import Clock, XeroPayments, XeroSales
from services.recharging.allocation import format_money
from services.recharging.proposals import contact_name
from services.storage import Database
from services.xero_types import CreditNoteDraft, InvoiceLineDraft, InvoiceRecord, XeroAccess

THEN = ("pending", "rejected")


@dataclass(frozen=True)
class UndoPlan:
    """What the confirm modal offers for one invoice."""

    invoice_id: int
    invoice_number: str
    client_name: str
    total: str
    voidable: bool  # unpaid: void it; otherwise a credit note for chosen lines
    paid_text: str  # "paid" | "part-paid ($40.00 of $115.00)"
    lines: tuple[tuple[int, str], ...]  # (recharge id, "Adobe: Acrobat Pro — $115.00")


@dataclass(frozen=True)
class UndoResult:
    invoice_id: int
    kind: str  # voided | credited
    summary: str


class InvoiceUndo:
    """Voids or credits the invoices Rechargly raised."""

    def __init__(
        self,
        *,
        db: Database,
        tokens: XeroTokens,
        sales: XeroSales,
        payments: XeroPayments,
        permissions: Permissions,
        clock: Clock,
    ) -> None:
        self._db = db
        self._tokens = tokens
        self._sales = sales
        self._payments = payments
        self._permissions = permissions
        self._clock = clock

    def plan(self, *, team_id: str, user_id: str, invoice_id: int) -> UndoPlan:
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="void or credit invoices")
        invoice, connection = self._invoice(team_id, invoice_id)
        now = self._in_xero(connection, invoice)
        with self._db.session() as session:
            client = contact_name(session, connection.id or 0, invoice.client_contact_xero_id)
            recharges = _recharges(session, invoice_id)
        base = connection.base_currency
        paid = now.total - now.amount_due
        lines = tuple(
            (r.id or 0, f"{r.vendor_name}: {r.description} — {format_money(r.amount, base, base)}")
            for r in recharges
        )
        return UndoPlan(
            invoice_id=invoice_id,
            invoice_number=invoice.invoice_number or "",
            client_name=client,
            total=format_money(now.total, base, base),
            voidable=paid == 0 and now.status == "AUTHORISED",
            paid_text="paid"
            if now.amount_due == 0
            else f"part-paid ({format_money(paid, base, base)} of {format_money(now.total, base, base)})",
            lines=lines,
        )

    # --- void -----------------------------------------------------------------------------------

    def void(self, *, team_id: str, user_id: str, invoice_id: int, then: str) -> UndoResult:
        """Void an unpaid invoice; its charges go back to pending or are rejected, as chosen."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="void invoices")
        if then not in THEN:
            raise BadRequest("Choose whether the charges go back to pending or are rejected.")
        invoice, connection = self._invoice(team_id, invoice_id)
        now = self._in_xero(connection, invoice)
        if now.status == "VOIDED":
            raise BadRequest(f"{invoice.invoice_number} is already void in Xero.")
        if now.amount_due != now.total or now.status != "AUTHORISED":
            raise BadRequest(
                f"{invoice.invoice_number} has payments or credits in Xero, so it can't be voided; "
                "raise a credit note instead."
            )
        access = self._tokens.access_for(connection)
        self._sales.void_invoice(
            access, invoice.xero_invoice_id or "", idempotency_key=f"{invoice.idempotency_key}-void"[:128]
        )
        with self._db.session() as session:
            saved = session.get(ClientInvoice, invoice_id)
            assert saved is not None
            saved.undone, saved.xero_status, saved.amount_due = "voided", "VOIDED", Decimal(0)
            saved.void_notified_at = self._clock.now()  # we said it: the sync won't announce it again
            session.add(saved)
            moved = _release(session, invoice_id, then, user_id, self._clock)
            audit.record(
                session,
                team_id=team_id,
                connection_id=connection.id,
                actor=user_id,
                action="invoice voided",
                subject=f"invoice:{invoice_id}",
                client=invoice.client_contact_xero_id,
                details={"invoice_number": invoice.invoice_number, "charges": then, "recharges": moved},
            )
        summary = f"Voided {invoice.invoice_number} in Xero; its {len(moved)} charge(s) are {then} again."
        if then == "rejected":
            summary = f"Voided {invoice.invoice_number} in Xero; its {len(moved)} charge(s) are rejected."
        return UndoResult(invoice_id, "voided", summary)

    # --- credit ---------------------------------------------------------------------------------

    def credit(
        self, *, team_id: str, user_id: str, invoice_id: int, recharge_ids: Sequence[int]
    ) -> UndoResult:
        """A credit note for the chosen lines of a paid or part-paid invoice, allocated to it."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="credit invoices")
        invoice, connection = self._invoice(team_id, invoice_id)
        chosen = sorted(set(recharge_ids))
        if not chosen:
            raise BadRequest("Choose at least one line to credit.")
        record = self._carry(connection, invoice, self._credit_record(connection, invoice, chosen, user_id))
        base = connection.base_currency
        summary = (
            f"Credit note {record.credit_note_number} for {format_money(record.xero_total, base, base)} "
            f"against {invoice.invoice_number} in Xero; {format_money(record.allocated, base, base)} "
            "allocated to it."
        )
        return UndoResult(invoice_id, "credited", summary)

    def _credit_record(
        self, connection: XeroConnection, invoice: ClientInvoice, chosen: list[int], user_id: str
    ) -> CreditNoteRecord:
        """Written before Xero is called; the same lines of the same invoice find the same record."""
        digest = hashlib.sha256(",".join(map(str, chosen)).encode()).hexdigest()[:16]
        key = f"{invoice.idempotency_key}-cn-{digest}"[:128]
        with self._db.session() as session:
            existing = session.exec(
                select(CreditNoteRecord).where(
                    CreditNoteRecord.connection_id == connection.id, CreditNoteRecord.idempotency_key == key
                )
            ).first()
            if existing is not None and existing.state == "allocated":
                raise BadRequest(f"Those lines were already credited on {existing.credit_note_number}.")
            if existing is not None:  # a retry after a failure half-way: carry on with the same note
                return existing
            recharges = [r for r in _recharges(session, invoice.id or 0) if r.id in chosen]
            if len(recharges) != len(chosen) or any(r.status != RechargeStatus.INVOICED for r in recharges):
                raise BadRequest("Some of those lines aren't on this invoice any more (credited already?).")
            record = CreditNoteRecord(
                connection_id=connection.id or 0,
                invoice_id=invoice.id or 0,
                idempotency_key=key,
                recharge_ids=chosen,
                amount=sum((r.amount for r in recharges), Decimal(0)),
                created_by=user_id,
            )
            session.add(record)
            session.flush()
            session.refresh(record)
            return record

    # --- credits Rechargly raises by itself (a vendor refunded a charge already invoiced) ----------

    @staticmethod
    def record_part_credit(
        session: Session,
        *,
        invoice: ClientInvoice,
        key: str,
        parts: Sequence[CreditPart],
        reason: str,
        refund_id: int | None = None,
    ) -> CreditNoteRecord:
        """Write, in the caller's transaction, the intent to credit these parts of an invoice's lines;
        `carry_credit` then makes it in Xero. The same key finds the same record (made once)."""
        existing = session.exec(
            select(CreditNoteRecord).where(
                CreditNoteRecord.connection_id == invoice.connection_id,
                CreditNoteRecord.idempotency_key == key,
            )
        ).first()
        if existing is not None:
            return existing
        record = CreditNoteRecord(
            connection_id=invoice.connection_id,
            invoice_id=invoice.id or 0,
            idempotency_key=key[:128],
            recharge_ids=[part.recharge_id for part in parts],
            lines=[
                {"recharge": part.recharge_id, "amount": f"{part.amount:f}", "closes": part.closes}
                for part in parts
            ],
            reason=reason,
            refund_id=refund_id,
            amount=sum((part.amount for part in parts), Decimal(0)),
            created_by=audit.SYSTEM_ACTOR,
        )
        session.add(record)
        session.flush()
        session.refresh(record)
        return record

    def carry_credit(self, record_id: int) -> CreditNoteRecord:
        """Create (once) and allocate (once) a credit note written by `record_part_credit`."""
        with self._db.session() as session:
            record = session.get(CreditNoteRecord, record_id)
            invoice = session.get(ClientInvoice, record.invoice_id) if record else None
            connection = session.get(XeroConnection, invoice.connection_id) if invoice else None
        if record is None or invoice is None or connection is None:
            raise BadRequest("That credit note can't be found any more.")
        return self._carry(connection, invoice, record)

    def _carry(
        self, connection: XeroConnection, invoice: ClientInvoice, record: CreditNoteRecord
    ) -> CreditNoteRecord:
        access = self._tokens.access_for(connection)
        if record.xero_credit_note_id is None:
            record = self._create_credit(connection, access, invoice, record)
        if record.state != "allocated":
            record = self._allocate(connection, access, invoice, record)
        return record

    def _create_credit(
        self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice, record: CreditNoteRecord
    ) -> CreditNoteRecord:
        with self._db.session() as session:
            recharges = {
                r.id or 0: r for r in _recharges(session, invoice.id or 0) if r.id in record.recharge_ids
            }
        parts = _parts(record, recharges)
        today = self._clock.now().astimezone(ZoneInfo(connection.timezone or "UTC")).date()
        draft = CreditNoteDraft(
            contact_id=invoice.client_contact_xero_id,
            date=today,
            reference=f"Credit for {invoice.invoice_number}{_why(record)}"[:255],
            currency_code=invoice.currency_code,
            lines=tuple(
                InvoiceLineDraft(
                    f"{recharges[p.recharge_id].vendor_name}: {recharges[p.recharge_id].description}"
                    f"{_why(record)}"[:4000],
                    Decimal(1),
                    p.amount,
                    recharges[p.recharge_id].account_code,
                    recharges[p.recharge_id].tax_type,
                )
                for p in parts
            ),
        )
        made = self._sales.create_credit_note(access, draft, idempotency_key=record.idempotency_key)
        with self._db.session() as session:
            saved = session.get(CreditNoteRecord, record.id)
            assert saved is not None
            saved.xero_credit_note_id, saved.state = made.credit_note_id, "created"
            saved.credit_note_number, saved.xero_total = made.credit_note_number, made.total
            session.add(saved)
            reason = f"credited on {made.credit_note_number}"
            session.execute(
                update(Recharge)
                .where(col(Recharge.id).in_([p.recharge_id for p in parts if p.closes]))
                .values(
                    status=RechargeStatus.REJECTED,
                    reject_reason=f"{record.reason}; {reason}" if record.reason else reason,
                )
            )
            invoice_row = session.get(ClientInvoice, invoice.id)
            assert invoice_row is not None
            invoice_row.undone = "credited"
            session.add(invoice_row)
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=record.created_by,
                action="invoice credited",
                subject=f"invoice:{invoice.id}",
                client=invoice.client_contact_xero_id,
                details={
                    "invoice_number": invoice.invoice_number,
                    "credit_note": made.credit_note_number,
                    "recharges": list(record.recharge_ids),
                    "amount": f"{made.total:f}",
                    **({"reason": record.reason} if record.reason else {}),
                },
            )
            session.flush()
            session.refresh(saved)
            return saved

    def _allocate(
        self, connection: XeroConnection, access: XeroAccess, invoice: ClientInvoice, record: CreditNoteRecord
    ) -> CreditNoteRecord:
        """Allocate what the invoice still owes, up to the credit; a fully paid invoice keeps the credit."""
        now = self._in_xero(connection, invoice)
        amount = min(now.amount_due, record.xero_total)
        if amount > 0:
            today = self._clock.now().astimezone(ZoneInfo(connection.timezone or "UTC")).date()
            self._sales.allocate_credit_note(
                access,
                record.xero_credit_note_id or "",
                invoice_id=invoice.xero_invoice_id or "",
                amount=amount,
                on=today,
                idempotency_key=f"{record.idempotency_key}-alloc"[:128],
            )
        with self._db.session() as session:
            saved = session.get(CreditNoteRecord, record.id)
            assert saved is not None
            saved.allocated, saved.state = amount, "allocated"
            session.add(saved)
            session.flush()
            session.refresh(saved)
            return saved

    # --- helpers --------------------------------------------------------------------------------

    def _invoice(self, team_id: str, invoice_id: int) -> tuple[ClientInvoice, XeroConnection]:
        with self._db.session() as session:
            invoice = session.get(ClientInvoice, invoice_id)
            connection = session.get(XeroConnection, invoice.connection_id) if invoice else None
            if invoice is None or connection is None or connection.team_id != team_id:
                raise BadRequest("That invoice can't be found any more.")
            if invoice.state != InvoiceState.DONE or not invoice.xero_invoice_id:
                raise BadRequest("That invoice isn't in Xero yet; there is nothing to undo.")
            if invoice.undone == "voided":
                raise BadRequest(f"{invoice.invoice_number} was already voided.")
            return invoice, connection

    def _in_xero(self, connection: XeroConnection, invoice: ClientInvoice) -> InvoiceRecord:
        access = self._tokens.access_for(connection)
        found = self._payments.invoices_by_id(access, [invoice.xero_invoice_id or ""], modified_since=None)
        if not found:
            raise BadRequest(f"{invoice.invoice_number} can't be found in Xero any more.")
        return found[0]


@dataclass(frozen=True)
class CreditPart:
    """Part of one recharge to credit: `closes` when that credits what is left of it."""

    recharge_id: int
    amount: Decimal
    closes: bool


def _parts(record: CreditNoteRecord, recharges: dict[int, Recharge]) -> list[CreditPart]:
    """The credit note's lines: the parts written with it, or (an undo) each chosen recharge in full."""
    if record.lines:
        return [
            CreditPart(int(line["recharge"]), Decimal(str(line["amount"])), bool(line["closes"]))
            for line in record.lines
        ]
    return [CreditPart(r.id or 0, r.amount, True) for r in recharges.values()]


def _why(record: CreditNoteRecord) -> str:
    return f" ({record.reason})" if record.reason else ""


def _recharges(session: Session, invoice_id: int) -> list[Recharge]:
    return list(
        session.exec(select(Recharge).where(Recharge.invoice_id == invoice_id).order_by(col(Recharge.id)))
    )


def _release(session: Session, invoice_id: int, then: str, user_id: str, clock: Clock) -> list[int]:
    """The voided invoice's charges: back to pending (proposed again) or rejected."""
    ids = [r.id or 0 for r in _recharges(session, invoice_id)]
    values: dict[str, object] = {"invoice_id": None, "decided_by": user_id, "decided_at": clock.now()}
    if then == "pending":
        values.update(status=RechargeStatus.PROPOSED, decided_by=None, decided_at=None)
    else:
        values.update(status=RechargeStatus.REJECTED, reject_reason="invoice voided")
    session.execute(update(Recharge).where(col(Recharge.id).in_(ids)).values(**values))
    return ids
