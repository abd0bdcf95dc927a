"""The audit trail: who proposed, edited, approved, rejected or invoiced what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from services.errors import BadRequest
from services.models import AuditEvent, Contact, XeroConnection
from services.storage import Database

SYSTEM_ACTOR = "rechargly"
HISTORY_LIMIT = 20


def record(
    session: Session,
    *,
    team_id: str,
    connection_id: int | None,
    actor: str,
    action: str,
    subject: str,
    client: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Add one audit event to the caller's unit of work (it commits with the change it describes)."""
    event = AuditEvent(
        team_id=team_id,
        connection_id=connection_id,
        actor=actor,
        action=action,
        subject=subject,
        client_contact_xero_id=client,
        details=details or {},
    )
    if at is not None:
        event.at = at
    session.add(event)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    subject: str
    client_name: str
    details: dict[str, Any]


@dataclass(frozen=True)
class History:
    client_name: str | None  # None: the whole workspace
    entries: tuple[HistoryEntry, ...]
    query: str = ""  # what the person typed after `history`
    offset: int = 0  # how many newer events come before these
    total: int = 0  # events in all


def history(
    *, db: Database, team_id: str, client_query: str, offset: int = 0, limit: int = HISTORY_LIMIT
) -> History:
    """A page of events, newest first, for the client whose name contains ``client_query`` (or everyone)."""
    with db.session() as session:
        names = _client_names(session, team_id)
        client_id, client_name = _find_client(names, client_query) if client_query else (None, None)
        where = [AuditEvent.team_id == team_id]
        if client_id is not None:
            where.append(AuditEvent.client_contact_xero_id == client_id)
        total = session.exec(select(func.count()).select_from(AuditEvent).where(*where)).one()
        offset = max(0, min(offset, total - 1)) if total else 0
        events = session.exec(
            select(AuditEvent)
            .where(*where)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset(offset)
            .limit(limit)
        ).all()
    entries = tuple(
        HistoryEntry(
            at=e.at,
            actor=e.actor,
            action=e.action,
            subject=e.subject,
            client_name=names.get(e.client_contact_xero_id or "", ""),
            details=dict(e.details),
        )
        for e in events
    )
    return History(client_name=client_name, entries=entries, query=client_query, offset=offset, total=total)


def _client_names(session: Session, team_id: str) -> dict[str, str]:
    rows = session.exec(
        select(Contact.xero_id, Contact.name)
        .join(XeroConnection, col(XeroConnection.id) == Contact.connection_id)
        .where(XeroConnection.team_id == team_id)
    ).all()
    return dict(rows)


def _find_client(names: dict[str, str], query: str) -> tuple[str, str]:
    wanted = query.strip().casefold()
    exact = [(i, n) for i, n in names.items() if n.casefold() == wanted]
    found = exact or [(i, n) for i, n in names.items() if wanted in n.casefold()]
    if not found:
        raise BadRequest(
            f"No client called “{query.strip()[:60]}” in your synced Xero contacts. "
            "Check the spelling, or run `/rechargly history` for everyone."
        )
    if len(found) > 1:
        listed = ", ".join(sorted(n for _, n in found)[:5])
        raise BadRequest(f"“{query.strip()[:60]}” matches several clients ({listed}). Be more specific.")
    return found[0]
