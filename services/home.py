"""What the App Home tab shows: the connection, what waits, this month's money and the latest events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from services.audit import HistoryEntry, history
from services.models import ClientInvoice, InvoicePayment, XeroConnection
from services.payments.reconcile import outstanding
from services.recharging.allocation import format_money
from services.status import SyncSchedule, WorkspaceStatus, workspace_status
from services.storage import Database

LAST_EVENTS = 10


@dataclass(frozen=True)
class HomeSummary:
    status: WorkspaceStatus
    pending: int
    month: str  # "November 2026"
    recharged: str  # invoiced this month
    paid: str  # paid this month on recharge invoices
    outstanding: str  # still owed on all open recharge invoices
    events: tuple[HistoryEntry, ...]


def home_summary(*, db: Database, schedule: SyncSchedule, team_id: str, now: datetime) -> HomeSummary:
    status = workspace_status(db=db, schedule=schedule, team_id=team_id, now=now)
    with db.session() as session:
        connections = session.exec(select(XeroConnection).where(XeroConnection.team_id == team_id)).all()
        ids = [c.id for c in connections]
        invoices = session.exec(select(ClientInvoice).where(col(ClientInvoice.connection_id).in_(ids))).all()
        payments = session.exec(
            select(InvoicePayment)
            .join(ClientInvoice, col(ClientInvoice.id) == InvoicePayment.invoice_id)
            .where(col(ClientInvoice.connection_id).in_(ids), InvoicePayment.status == "AUTHORISED")
        ).all()
    first = connections[0] if connections else None
    base = first.base_currency if first else ""
    local = now.astimezone(ZoneInfo(first.timezone if first and first.timezone else "UTC"))
    month = (local.year, local.month)
    recharged = sum(
        (
            i.total
            for i in invoices
            if i.xero_invoice_id
            and i.xero_status not in ("VOIDED", "DELETED")
            and _month(i.created_at.astimezone(local.tzinfo)) == month
        ),
        Decimal(0),
    )
    paid = sum((p.amount for p in payments if (p.date.year, p.date.month) == month), Decimal(0))
    return HomeSummary(
        status=status,
        pending=sum(org.pending_recharges for org in status.organisations),
        month=f"{local:%B %Y}",
        recharged=format_money(recharged, base or "NZD", base or None),
        paid=format_money(paid, base or "NZD", base or None),
        outstanding=format_money(outstanding(invoices), base or "NZD", base or None),
        events=history(db=db, team_id=team_id, client_query="").entries[:LAST_EVENTS],
    )


def _month(when: datetime) -> tuple[int, int]:
    return when.year, when.month
