"""Reconciling payments on Rechargly's invoices: apply money received, and tell the channel once.

Runs as a sync listener after every sync (manual, nightly, CLI) and after a webhook's targeted fetch.
Every notice is claimed in the database (a conditional UPDATE on its "notified" column) before it is
posted, so two runs at once, or a second sync, never say the same thing twice.

Money received (a RECEIVE bank transaction) pays an open recharge invoice when it comes from that
client, in its currency, for exactly what is due, and (when its reference names one of our invoice
numbers) names that invoice. The intent is written first (ReceivedMoney.applied_invoice_id) and the
Payment is created with an Idempotency-Key derived from it, so a retry after a crash or a timeout
finds the same payment in Xero instead of paying twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services import audit, outbox
from services.connect.service import Permissions
from services.connect.tokens import XeroTokens
from services.errors import BadRequest, NeedsReconnect, RecharglyError, XeroRejected
from services.models import (
    ClientInvoice,
    InvoicePayment,
    ReceivedMoney,
    Recharge,
    XeroConnection,
)
from services.notices import (
    InvoiceVoided,
    Notice,
    PaymentCandidate,
    PaymentMatchChoice,
    PaymentReceived,
    PaymentReversed,
)
from services.ports import Clock, SlackNotifier, XeroPayments
from services.recharging.allocation import format_money
from services.recharging.proposals import contact_name, xero_invoice_url
from services.storage import Database
from services.sync.store import store_invoices, store_payments
from services.workspaces import approvals_channel
from services.xero_types import XeroAccess

log = logging.getLogger(__name__)

OPEN_STATUS = "AUTHORISED"
GONE_STATUSES = ("VOIDED", "DELETED")


def payment_key(connection_id: int, received_id: int, invoice_id: int) -> str:
    """The Idempotency-Key for paying one invoice from one money-received: the same on every retry."""
    return f"rechargly-pay-{connection_id}-{received_id}-{invoice_id}"


def mentions(reference: str, invoice_number: str) -> bool:
    """The reference names this invoice number as a whole word ("INV-0042", not "INV-00421")."""
    if not invoice_number:
        return False
    pattern = rf"(?<![A-Za-z0-9]){re.escape(invoice_number)}(?![A-Za-z0-9])"
    return re.search(pattern, reference, re.IGNORECASE) is not None


def is_open(invoice: ClientInvoice) -> bool:
    return bool(invoice.xero_invoice_id) and invoice.xero_status == OPEN_STATUS and invoice.amount_due > 0


def matching_invoices(received: ReceivedMoney, invoices: Sequence[ClientInvoice]) -> list[ClientInvoice]:
    """The open invoices this money could pay: same client, currency and amount due; when the
    reference names any of the client's recharge invoices, only the ones it names."""
    clients = [i for i in invoices if i.client_contact_xero_id == received.contact_xero_id]
    same = [
        i
        for i in clients
        if is_open(i) and i.currency_code == received.currency_code and i.amount_due == received.total
    ]
    named = [i for i in clients if mentions(received.reference, i.invoice_number or "")]
    return [i for i in same if i in named] if named else same


@dataclass(frozen=True)
class _Told:
    """A notice to post, and the outbox key that makes it go out once."""

    notice: Notice
    key: str


class PaymentReconciler:
    """The sync's second listener: payments in, notices out."""

    def __init__(
        self,
        *,
        db: Database,
        xero: XeroPayments,
        tokens: XeroTokens,
        notifier: SlackNotifier,
        clock: Clock,
        permissions: Permissions,
        default_channel: str | None,
    ) -> None:
        self._db = db
        self._xero = xero
        self._tokens = tokens
        self._notifier = notifier
        self._clock = clock
        self._permissions = permissions
        self._default_channel = default_channel

    def on_synced(
        self, *, connection_id: int, sync_run_id: int, changed_spend_ids: Sequence[int]
    ) -> dict[str, int]:
        return self.reconcile(connection_id)

    def reconcile(self, connection_id: int) -> dict[str, int]:
        """Apply matching money received, then announce what changed; counts for the sync summary."""
        applied, offered = self.apply_received(connection_id)
        told = self.announce(connection_id)
        counts = {"payments applied": applied, "payments to match by hand": offered, "payment notices": told}
        return {name: value for name, value in counts.items() if value}

    def refresh_invoice(self, *, connection_id: int, xero_invoice_id: str) -> dict[str, int]:
        """A webhook said the invoice changed: fetch it and its payments now, then reconcile."""
        return self.refresh_invoices(connection_id, [xero_invoice_id])

    def refresh_invoices(self, connection_id: int, xero_invoice_ids: Sequence[str]) -> dict[str, int]:
        """Webhooks said these invoices changed: fetch them and their payments, then reconcile once."""
        connection = self._connection(connection_id)
        try:
            access = self._tokens.access_for(connection)
            self._refresh_many(access, connection_id, xero_invoice_ids)
        except NeedsReconnect:  # already marked and told; the next sync after reconnecting catches up
            log.warning("webhook fetch for connection %s skipped: Xero access lost", connection_id)
            return {}
        return self.reconcile(connection_id)

    def _refresh(self, access: XeroAccess, connection_id: int, xero_invoice_id: str) -> None:
        self._refresh_many(access, connection_id, [xero_invoice_id])

    def _refresh_many(self, access: XeroAccess, connection_id: int, xero_invoice_ids: Sequence[str]) -> None:
        invoices = self._xero.invoices_by_id(access, xero_invoice_ids, modified_since=None)
        payments = [p for i in xero_invoice_ids for p in self._xero.payments_for_invoice(access, i)]
        for attempt in (1, 2):  # a sync storing the same payment at this moment wins the insert
            try:
                with self._db.session() as session:
                    store_invoices(session, connection_id, invoices)
                    store_payments(session, connection_id, payments)
                return
            except IntegrityError:
                if attempt == 2:
                    raise

    # --- money received → payments ----------------------------------------------------------------

    def apply_received(self, connection_id: int) -> tuple[int, int]:
        """Pay the invoices money received clearly pays; offer the unclear ones to a person once."""
        connection = self._connection(connection_id)
        with self._db.session() as session:
            unfinished = session.exec(
                select(ReceivedMoney.id).where(
                    ReceivedMoney.connection_id == connection_id,
                    col(ReceivedMoney.applied_invoice_id).is_not(None),
                    col(ReceivedMoney.applied_payment_xero_id).is_(None),
                )
            ).all()
            invoices = list(
                session.exec(
                    select(ClientInvoice).where(
                        ClientInvoice.connection_id == connection_id, ClientInvoice.xero_status == OPEN_STATUS
                    )
                )
            )
            clients = {i.client_contact_xero_id for i in invoices if is_open(i)}
            fresh = session.exec(
                select(ReceivedMoney)
                .where(
                    ReceivedMoney.connection_id == connection_id,
                    ReceivedMoney.status == OPEN_STATUS,
                    ReceivedMoney.type == "RECEIVE",  # an overpayment or prepayment is Xero's own credit
                    col(ReceivedMoney.applied_invoice_id).is_(None),
                    col(ReceivedMoney.contact_xero_id).in_(clients),
                )
                .order_by(col(ReceivedMoney.date), col(ReceivedMoney.id))
            ).all()
        applied = sum(
            self._pay(connection, received_id or 0, audit.SYSTEM_ACTOR) for received_id in unfinished
        )
        offered = 0
        for received in fresh:
            found = matching_invoices(received, invoices)
            if len(found) == 1 and self._claim(received.id or 0, found[0].id or 0):
                applied += self._pay(connection, received.id or 0, audit.SYSTEM_ACTOR)
                invoices.remove(found[0])  # now paid: no other money received may pay it again
            elif len(found) > 1:
                offered += self._offer(connection, received, found)
        return applied, offered

    def _claim(self, received_id: int, invoice_id: int) -> bool:
        """Write the intent first: only one run (or person) applies a given money received."""
        with self._db.session() as session:
            claimed = session.execute(
                update(ReceivedMoney)
                .where(col(ReceivedMoney.id) == received_id, col(ReceivedMoney.applied_invoice_id).is_(None))
                .values(applied_invoice_id=invoice_id)
            )
            return bool(claimed.rowcount)  # type: ignore[attr-defined]

    def _pay(self, connection: XeroConnection, received_id: int, actor: str) -> bool:
        """Create the claimed payment in Xero (again, if a crash interrupted it: same key, same payment)."""
        with self._db.session() as session:
            received = session.get(ReceivedMoney, received_id)
            invoice = session.get(ClientInvoice, received.applied_invoice_id) if received else None
        if received is None or invoice is None or not invoice.xero_invoice_id:
            return False
        try:
            access = self._tokens.access_for(connection)
            payment = self._xero.create_payment(
                access,
                invoice_id=invoice.xero_invoice_id,
                account_id=received.bank_account_id,
                account_code=received.bank_account_code,
                amount=received.total,
                on=received.date,
                reference=received.reference,
                idempotency_key=payment_key(connection.id or 0, received_id, invoice.id or 0),
            )
        except XeroRejected as error:  # Xero created nothing: free the money for another try
            self._unclaim(connection, received, invoice, error.message)
            return False
        except RecharglyError as error:  # Xero unreachable or limited: the intent stays, retried later
            log.warning("couldn't apply money received %s yet: %s", received_id, error.message)
            return False
        with self._db.session() as session:
            store_payments(session, connection.id or 0, [payment])
            session.execute(
                update(InvoicePayment)
                .where(
                    col(InvoicePayment.invoice_id) == invoice.id,
                    col(InvoicePayment.xero_payment_id) == payment.xero_id,
                )
                .values(applied_by_us=True)
            )
            session.execute(
                update(ReceivedMoney)
                .where(col(ReceivedMoney.id) == received_id)
                .values(applied_payment_xero_id=payment.xero_id)
            )
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=actor,
                action="payment applied",
                subject=f"invoice:{invoice.id}",
                client=invoice.client_contact_xero_id,
                details={
                    "invoice_number": invoice.invoice_number,
                    "amount": f"{received.total:f}",
                    "xero_payment_id": payment.xero_id,
                    "bank_transaction": received.xero_id,
                },
            )
        self._refresh(access, connection.id or 0, invoice.xero_invoice_id)
        return True

    def _unclaim(
        self, connection: XeroConnection, received: ReceivedMoney, invoice: ClientInvoice, error: str
    ) -> None:
        with self._db.session() as session:
            session.execute(
                update(ReceivedMoney)
                .where(col(ReceivedMoney.id) == received.id)
                .values(applied_invoice_id=None)
            )
            audit.record(
                session,
                team_id=connection.team_id,
                connection_id=connection.id,
                actor=audit.SYSTEM_ACTOR,
                action="payment not applied",
                subject=f"invoice:{invoice.id}",
                client=invoice.client_contact_xero_id,
                details={"error": error, "bank_transaction": received.xero_id},
            )

    def _offer(
        self, connection: XeroConnection, received: ReceivedMoney, found: Sequence[ClientInvoice]
    ) -> int:
        """Post the choice once (ever, across runs and replicas); 1 when posted now."""
        with self._db.session() as session:
            channel = approvals_channel(session, connection, self._default_channel)
            if not channel:
                return 0
            notice = self._choice(session, connection, received, found)
            queued = outbox.enqueue(  # once ever, across runs and replicas: the key says so
                session,
                team_id=connection.team_id,
                channel=channel,
                notice=notice,
                dedupe_key=f"payment-offer:{received.id}",
            )
        return 1 if queued else 0

    @staticmethod
    def _choice(
        session: Session, connection: XeroConnection, received: ReceivedMoney, found: Sequence[ClientInvoice]
    ) -> PaymentMatchChoice:
        base = connection.base_currency
        return PaymentMatchChoice(
            received_id=received.id or 0,
            client_name=contact_name(session, connection.id or 0, received.contact_xero_id or ""),
            amount=format_money(received.total, received.currency_code, base),
            received_on=received.date,
            reference=received.reference,
            candidates=tuple(
                PaymentCandidate(
                    invoice_id=i.id or 0,
                    invoice_number=i.invoice_number or "",
                    due=f"due {i.due_date:%-d %b %Y}" if i.due_date else "",
                )
                for i in found
            ),
        )

    def apply_choice(
        self, *, team_id: str, user_id: str, received_id: int, invoice_id: int
    ) -> PaymentMatchChoice:
        """A person picked the invoice ("Apply to INV-…"): approvers only."""
        self._permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="apply payments")
        with self._db.session() as session:
            received = session.get(ReceivedMoney, received_id)
            invoice = session.get(ClientInvoice, invoice_id)
            connection = session.get(XeroConnection, received.connection_id) if received else None
            if received is None or invoice is None or connection is None or connection.team_id != team_id:
                raise BadRequest("That payment can't be found any more.")
            if received.applied_invoice_id is not None:
                raise BadRequest("This money was already applied; nothing was changed.")
            if invoice not in matching_invoices(received, [invoice]):
                raise BadRequest(
                    f"{invoice.invoice_number or 'That invoice'} is no longer open for this amount; "
                    "nothing was changed."
                )
            candidates = matching_invoices(
                received,
                list(session.exec(select(ClientInvoice).where(ClientInvoice.connection_id == connection.id))),
            )
            notice = self._choice(session, connection, received, candidates or [invoice])
        if not self._claim(received_id, invoice_id):
            raise BadRequest("This money was already applied; nothing was changed.")
        if not self._pay(connection, received_id, user_id):
            raise BadRequest("Xero didn't accept the payment; see `/rechargly history` for its reason.")
        self.announce(connection.id or 0)
        return replace(notice, applied_to=invoice.invoice_number or "", applied_by=user_id)

    # --- telling the channel -----------------------------------------------------------------------

    def announce(self, connection_id: int) -> int:
        """Post each new payment, reversal and void once; returns how many notices were posted."""
        connection = self._connection(connection_id)
        with self._db.session() as session:
            channel = approvals_channel(session, connection, self._default_channel)
        if not channel:
            return 0
        return len(self._claim_notices(connection, channel))

    def _claim_notices(self, connection: XeroConnection, channel: str) -> list[_Told]:
        """Mark each new payment, reversal and void told, and queue its notice in the same transaction."""
        now = self._clock.now()
        found: list[_Told] = []
        with self._db.session() as session:
            rows = session.exec(
                select(InvoicePayment, ClientInvoice)
                .join(ClientInvoice, col(ClientInvoice.id) == InvoicePayment.invoice_id)
                .where(ClientInvoice.connection_id == connection.id)
                .where(
                    (col(InvoicePayment.notified_at).is_(None) & (col(InvoicePayment.status) == OPEN_STATUS))
                    | (
                        col(InvoicePayment.notified_at).is_not(None)
                        & col(InvoicePayment.reversal_notified_at).is_(None)
                        & (col(InvoicePayment.status) == "DELETED")
                    )
                )
                .order_by(col(InvoicePayment.date), col(InvoicePayment.id))
            ).all()
            for payment, invoice in rows:
                told = self._claim_payment(session, connection, payment, invoice, now)
                if told is not None:
                    found.append(told)
            voided = session.exec(
                select(ClientInvoice).where(
                    ClientInvoice.connection_id == connection.id,
                    col(ClientInvoice.xero_status).in_(GONE_STATUSES),
                    col(ClientInvoice.void_notified_at).is_(None),
                )
            ).all()
            for invoice in voided:
                told = self._claim_void(session, connection, invoice, now)
                if told is not None:
                    found.append(told)
            for told in found:
                outbox.enqueue(
                    session,
                    team_id=connection.team_id,
                    channel=channel,
                    notice=told.notice,
                    dedupe_key=told.key,
                )
        return found

    def _claim_payment(
        self,
        session: Session,
        connection: XeroConnection,
        payment: InvoicePayment,
        invoice: ClientInvoice,
        now: datetime,
    ) -> _Told | None:
        reversal = payment.status == "DELETED"
        column = InvoicePayment.reversal_notified_at if reversal else InvoicePayment.notified_at
        claimed = session.execute(
            update(InvoicePayment)
            .where(col(InvoicePayment.id) == payment.id, col(column).is_(None))
            .values({column: now})
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return None  # another run said it
        key = f"payment:{payment.id}:{'reversed' if reversal else 'paid'}"
        base = connection.base_currency
        client = contact_name(session, connection.id or 0, invoice.client_contact_xero_id)
        url = xero_invoice_url(connection.short_code, invoice.xero_invoice_id or "")
        amount = format_money(payment.amount, invoice.currency_code, base)
        remaining = format_money(invoice.amount_due, invoice.currency_code, base)
        self._audit_notice(session, connection, invoice, "payment reversed" if reversal else "paid", payment)
        if reversal:
            notice: Notice = PaymentReversed(
                client_name=client,
                invoice_number=invoice.invoice_number or "",
                amount=amount,
                remaining=remaining,
                invoice_url=url,
            )
        else:
            notice = PaymentReceived(
                client_name=client,
                invoice_number=invoice.invoice_number or "",
                amount=amount,
                what=_what(session, invoice),
                remaining=remaining if invoice.amount_due > 0 and invoice.xero_status != "PAID" else None,
                invoice_url=url,
                applied_by_us=payment.applied_by_us,
            )
        return _Told(notice=notice, key=key)

    def _claim_void(
        self, session: Session, connection: XeroConnection, invoice: ClientInvoice, now: datetime
    ) -> _Told | None:
        claimed = session.execute(
            update(ClientInvoice)
            .where(col(ClientInvoice.id) == invoice.id, col(ClientInvoice.void_notified_at).is_(None))
            .values(void_notified_at=now)
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            return None
        # Its charges are no longer billed: flag them so a person decides (re-invoice or let go).
        flagged = session.execute(
            update(Recharge).where(col(Recharge.invoice_id) == invoice.id).values(needs_review=True)
        ).rowcount  # type: ignore[attr-defined]
        self._audit_notice(session, connection, invoice, "invoice voided in Xero", None)
        notice = InvoiceVoided(
            client_name=contact_name(session, connection.id or 0, invoice.client_contact_xero_id),
            invoice_number=invoice.invoice_number or "",
            total=format_money(invoice.total, invoice.currency_code, connection.base_currency),
            recharges=int(flagged),
            invoice_url=xero_invoice_url(connection.short_code, invoice.xero_invoice_id or ""),
        )
        return _Told(notice=notice, key=f"invoice-void:{invoice.id}")

    @staticmethod
    def _audit_notice(
        session: Session,
        connection: XeroConnection,
        invoice: ClientInvoice,
        action: str,
        payment: InvoicePayment | None,
    ) -> None:
        details: dict[str, Any] = {"invoice_number": invoice.invoice_number}
        if payment is not None:
            details |= {"amount": f"{payment.amount:f}", "xero_payment_id": payment.xero_payment_id}
        audit.record(
            session,
            team_id=connection.team_id,
            connection_id=connection.id,
            actor=audit.SYSTEM_ACTOR,
            action=action,
            subject=f"invoice:{invoice.id}",
            client=invoice.client_contact_xero_id,
            details=details,
        )

    def _connection(self, connection_id: int) -> XeroConnection:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
        if connection is None:
            raise BadRequest("That Xero organisation isn't connected any more.")
        return connection


def _what(session: Session, invoice: ClientInvoice) -> str:
    """What the invoice recharged, in words: "Xero subscription Nov 2026 recharge"."""
    recharges = session.exec(
        select(Recharge).where(Recharge.invoice_id == invoice.id).order_by(col(Recharge.id))
    ).all()
    charges = list(dict.fromkeys(f"{r.vendor_name} subscription {r.charge_date:%b %Y}" for r in recharges))
    if not charges:
        return "recharge"
    shown = ", ".join(charges[:3]) + (f" and {len(charges) - 3} more" if len(charges) > 3 else "")
    return shown + (" recharges" if len(recharges) > 1 else " recharge")


def outstanding(invoices: Sequence[ClientInvoice]) -> Decimal:
    """What clients still owe on open recharge invoices."""
    return sum((i.amount_due for i in invoices if is_open(i)), Decimal(0))
