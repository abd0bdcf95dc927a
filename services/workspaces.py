"""Small look-ups every recharge surface needs: the workspace's organisation and its channels."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlmodel import Session, col, select

from services.errors import BadRequest, XeroNotConnected
from services.models import ConnectionStatus, Workspace, XeroConnection


def active_connection(session: Session, team_id: str, connection_id: int | None = None) -> XeroConnection:
    """The workspace's connected organisation (the given one, else the first by name)."""
    query = select(XeroConnection).where(
        XeroConnection.team_id == team_id, XeroConnection.status != ConnectionStatus.DISCONNECTED
    )
    if connection_id is not None:
        query = query.where(XeroConnection.id == connection_id)
    connection = session.exec(query.order_by(col(XeroConnection.name))).first()
    if connection is None:
        raise XeroNotConnected()
    return connection


def approvals_channel(session: Session, connection: XeroConnection, default: str | None) -> str | None:
    """Where proposals go: the workspace's choice, else APPROVALS_CHANNEL, else the notice channel."""
    workspace = session.get(Workspace, connection.team_id)
    chosen = workspace.approvals_channel if workspace else None
    return chosen or default or connection.notice_channel


def invoice_status(session: Session, team_id: str, default: str) -> str:
    """AUTHORISED unless the workspace (or INVOICE_STATUS) asks for DRAFT, to review in Xero."""
    workspace = session.get(Workspace, team_id)
    chosen = (workspace.invoice_status if workspace else None) or default
    return "DRAFT" if chosen.upper() == "DRAFT" else "AUTHORISED"


def digest_channel(
    session: Session, connection: XeroConnection, default: str | None, approvals_default: str | None
) -> str | None:
    """Where the daily digest goes: the workspace's choice, else DIGEST_CHANNEL, else where proposals go."""
    workspace = session.get(Workspace, connection.team_id)
    chosen = workspace.digest_channel if workspace else None
    return chosen or default or approvals_channel(session, connection, approvals_default)


def digest_time(session: Session, team_id: str) -> str | None:
    """The workspace's "HH:MM" for the digest (in the organisation's timezone), if it set one."""
    workspace = session.get(Workspace, team_id)
    return workspace.digest_time if workspace else None


def default_markup(session: Session, team_id: str) -> Decimal | None:
    """The markup a new rule starts with, when the workspace set one."""
    workspace = session.get(Workspace, team_id)
    return workspace.default_markup_percent if workspace else None


def pick_named(connections: Sequence[XeroConnection], name: str) -> list[XeroConnection]:
    """The one organisation a person named: the exact name, else the only one whose name contains
    it (any case); a clear error naming them all otherwise."""
    wanted = name.strip().casefold()
    picked = [c for c in connections if c.name.casefold() == wanted] or [
        c for c in connections if wanted in c.name.casefold()
    ]
    if len(picked) != 1:
        names = ", ".join(f"*{c.name}*" for c in connections)
        raise BadRequest(f"I can't tell which organisation “{name}” is. Connected: {names}.")
    return picked
