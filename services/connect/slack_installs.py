"""A workspace uninstalling Rechargly (or revoking its bot token): stop, keep the data for a reinstall."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlmodel import Session, select

from services.models import Workspace, XeroConnection
from services.ports import Clock
from services.storage import Database

log = logging.getLogger(__name__)


def slack_uninstalled(session: Session, team_id: str) -> bool:
    """Whether the workspace removed Rechargly: its schedules stop and nothing is sent there."""
    workspace = session.get(Workspace, team_id)
    return workspace is not None and workspace.uninstalled_at is not None


class SlackInstalls:
    """Marks a workspace uninstalled or installed again, and tells the schedule about its organisations."""

    def __init__(self, *, db: Database, clock: Clock, forget: Callable[[str], None]) -> None:
        self._db = db
        self._clock = clock
        self._forget = forget  # drops the stored installation and bot token (bot/ knows where)
        self.on_change: Callable[[int], None] = lambda _connection_id: None

    def uninstalled(self, *, team_id: str) -> None:
        """app_uninstalled, or tokens_revoked naming the bot: dead tokens are never used again."""
        self._mark(team_id, uninstalled=True)
        self._forget(team_id)
        log.warning("Rechargly was uninstalled from Slack workspace %s; its schedules stop", team_id)

    def installed(self, *, team_id: str) -> None:
        """Installed (again): its organisations' schedules resume with the data kept."""
        self._mark(team_id, uninstalled=False)

    def _mark(self, team_id: str, *, uninstalled: bool) -> None:
        with self._db.session() as session:
            workspace = session.get(Workspace, team_id)
            if workspace is None and not uninstalled:
                return
            workspace = workspace or Workspace(team_id=team_id)
            workspace.uninstalled_at = self._clock.now() if uninstalled else None
            session.add(workspace)
            connection_ids = session.exec(
                select(XeroConnection.id).where(XeroConnection.team_id == team_id)
            ).all()
        for connection_id in connection_ids:
            self.on_change(connection_id or 0)
