"""What `/rechargly status` reports for a workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import col, func, select

from services.models import ConnectionStatus, Recharge, RechargeStatus, XeroConnection, XeroGrant
from services.storage import Database


class SyncSchedule(Protocol):
    def next_sync_at(self, connection_id: int) -> datetime | None: ...

    def health(self) -> str:
        """ "running", "stopped", or "not used" (a process that runs no scheduler)."""
        ...


HEALTHY = "ok"


@dataclass(frozen=True)
class OrganisationStatus:
    connection_id: int
    name: str
    base_currency: str
    country_code: str
    organisation_type: str
    connected_by: str
    connected_at: datetime
    scopes: tuple[str, ...]
    token_health: str  # "ok" | "needs reconnect" | "disconnected"
    last_sync_at: datetime | None
    last_sync_status: str | None
    next_sync_at: datetime | None
    pending_recharges: int
    daily_limit_until: datetime | None = None  # Xero's daily call limit is used up until then


@dataclass(frozen=True)
class WorkspaceStatus:
    team_id: str
    organisations: tuple[OrganisationStatus, ...]
    database_ok: bool = True

    @property
    def connected(self) -> bool:
        return any(org.token_health == HEALTHY for org in self.organisations)


_HEALTH = {
    ConnectionStatus.ACTIVE: HEALTHY,
    ConnectionStatus.NEEDS_RECONNECT: "needs reconnect",
    ConnectionStatus.DISCONNECTED: "disconnected",
}


def workspace_status(
    *, db: Database, schedule: SyncSchedule, team_id: str, now: datetime | None = None
) -> WorkspaceStatus:
    with db.session() as session:
        rows = session.exec(
            select(XeroConnection, XeroGrant)
            .join(XeroGrant, col(XeroConnection.grant_id) == XeroGrant.id, isouter=True)
            .where(XeroConnection.team_id == team_id)
            .order_by(col(XeroConnection.name))
        ).all()
        pending = dict(
            session.exec(
                select(Recharge.connection_id, func.count())
                .where(Recharge.status == RechargeStatus.PROPOSED)
                .group_by(col(Recharge.connection_id))
            ).all()
        )
    organisations = tuple(
        OrganisationStatus(
            connection_id=conn.id or 0,
            name=conn.name,
            base_currency=conn.base_currency,
            country_code=conn.country_code,
            organisation_type=conn.organisation_type,
            connected_by=conn.connected_by,
            connected_at=conn.connected_at,
            scopes=tuple(grant.scopes) if grant else (),
            token_health=_HEALTH[ConnectionStatus(conn.status)],
            last_sync_at=conn.last_sync_at,
            last_sync_status=conn.last_sync_status,
            next_sync_at=schedule.next_sync_at(conn.id or 0)
            if conn.status == ConnectionStatus.ACTIVE
            else None,
            pending_recharges=pending.get(conn.id or 0, 0),
            daily_limit_until=conn.daily_limit_until
            if conn.daily_limit_until and now and conn.daily_limit_until > now
            else None,
        )
        for conn, grant in rows
    )
    return WorkspaceStatus(team_id=team_id, organisations=organisations)
