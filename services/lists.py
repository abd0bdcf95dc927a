"""What people look at in Slack: status, the Home tab, history, what waits, unmatched spend.

Every list is paged in the database (a total count and one page of rows), so a firm with 50,000
spend transactions is answered as fast as one with fifty."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from services import audit
from services.audit import History
from services.home import HomeSummary, home_summary
from services.ports import Clock
from services.recharging.catalog import SoftwareCatalog
from services.recharging.proposing import (
    PendingClient,
    UnmatchedCache,
    UnmatchedCharge,
    pending_page,
    unmatched_page,
)
from services.recharging.review import ReviewPage, review_page
from services.status import SyncSchedule, WorkspaceStatus, workspace_status
from services.storage import Database

Row = TypeVar("Row")


@dataclass(frozen=True)
class Paged(Generic[Row]):
    """One page of a list: its rows, where it starts, and how many there are in all."""

    rows: Sequence[Row]
    offset: int
    total: int


class Lists:
    """Read-only views of a workspace for the Slack layer (no permissions needed: members see them)."""

    def __init__(
        self, *, db: Database, catalog: SoftwareCatalog, schedule: SyncSchedule, clock: Clock
    ) -> None:
        self._db = db
        self._catalog = catalog
        self._schedule = schedule
        self._clock = clock
        self._unmatched = UnmatchedCache()

    def review(self, *, team_id: str, batch_id: int, page: int) -> ReviewPage:
        """One page of a large run's review (its clients, what each waits for)."""
        return review_page(db=self._db, team_id=team_id, batch_id=batch_id, page=page)

    def status(self, *, team_id: str) -> WorkspaceStatus:
        return workspace_status(db=self._db, schedule=self._schedule, team_id=team_id, now=self._clock.now())

    def home(self, *, team_id: str) -> HomeSummary:
        return home_summary(db=self._db, schedule=self._schedule, team_id=team_id, now=self._clock.now())

    def history(self, *, team_id: str, client_query: str, offset: int, limit: int) -> History:
        return audit.history(
            db=self._db, team_id=team_id, client_query=client_query, offset=offset, limit=limit
        )

    def pending(self, *, team_id: str, offset: int, limit: int) -> Paged[PendingClient]:
        rows, offset, total = pending_page(db=self._db, team_id=team_id, offset=offset, limit=limit)
        return Paged(rows, offset, total)

    def unmatched(self, *, team_id: str, offset: int, limit: int) -> Paged[UnmatchedCharge]:
        rows, offset, total = unmatched_page(
            db=self._db,
            catalog=self._catalog,
            team_id=team_id,
            offset=offset,
            limit=limit,
            cache=self._unmatched,
        )
        return Paged(rows, offset, total)
