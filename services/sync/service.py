"""Sync: bring an organisation's Xero data into our database, incrementally and resumably.

Each listing is read oldest change first and stored a page at a time; the page, the entity's
watermark (the newest UpdatedDateUTC stored) and our lease renewal commit in one transaction. The
next request asks for changes since that watermark, so a crash resumes exactly where the last
committed page ended, and a record edited while we page simply comes round again later.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from services import outbox
from services.connect.tokens import XeroTokens
from services.errors import (
    NeedsReconnect,
    RecharglyError,
    XeroNotConnected,
    XeroRateLimited,
)
from services.models import (
    ClientInvoice,
    ConnectionStatus,
    JobRun,
    SpendTransaction,
    SyncRun,
    SyncWatermark,
    XeroConnection,
)
from services.notices import EntityProgress, SyncProgress
from services.ports import Clock, SlackNotifier, SyncListener, XeroAccounting
from services.storage import Database
from services.sync.lease import SyncLeases, new_holder
from services.sync.progress import queue_summary
from services.sync.store import (
    PageChanges,
    store_contacts,
    store_invoices,
    store_payments,
    store_received,
    store_received_refunds,
    store_spend,
    store_supplier_credits,
)
from services.workspaces import pick_named
from services.xero_types import XeroAccess, XeroPage

log = logging.getLogger(__name__)


class _Stamped(Protocol):
    @property
    def updated_at(self) -> datetime | None: ...


S = TypeVar("S", bound=_Stamped)

ORGANISATION, CONTACTS, SPEND, BILLS, CREDITS, RECEIVED, INVOICES, PAYMENTS = (
    "organisation",
    "contacts",
    "spend",
    "bills",
    "credits",
    "received",
    "invoices",
    "payments",
)
LABELS = {
    ORGANISATION: "Organisation",
    CONTACTS: "Contacts",
    SPEND: "Bank transactions",
    BILLS: "Bills",
    CREDITS: "Supplier credits",
    RECEIVED: "Money received",
    INVOICES: "Our invoices",
    PAYMENTS: "Payments",
}
# Ask again from just before the watermark: records sharing its timestamp are re-read (and found
# unchanged) rather than skipped, whether Xero compares If-Modified-Since with > or >=.
OVERLAP = timedelta(milliseconds=1)
# Payments on our invoices can't predate them; this margin absorbs clock differences with Xero.
PAYMENTS_MARGIN = timedelta(days=1)
INVOICE_BATCH = 100
# Xero answers up to 5 calls at once per organisation: a listing's pages are fetched this many at a time.
PAGES_AT_ONCE = 5
# How far Xero's clock may be from ours: changes this recent when a sync starts count as made during it.
CLOCK_SKEW = timedelta(minutes=5)

Progress = Callable[[SyncProgress], None]


def no_progress(_report: SyncProgress) -> None:
    return None


@dataclass(frozen=True)
class SyncStarted:
    run_id: int
    connection_id: int
    holder: str


@dataclass(frozen=True)
class SyncBusy:
    """Another sync of the organisation is running."""

    organisation: str
    started_at: datetime
    started_by: str


class _Run:
    """The mutable state of one run: per-entity progress, turned into notices on demand."""

    def __init__(self, organisation: str, started_by: str) -> None:
        self.organisation = organisation
        self.started_by = started_by
        self.entities = {key: EntityProgress(label=label) for key, label in LABELS.items()}
        self.found: dict[str, int] = {}
        self.changed_spend: int = 0

    def add(self, entity: str, changes: PageChanges, fetched: int, expected: int | None) -> None:
        now = self.entities[entity]
        self.entities[entity] = replace(
            now,
            fetched=now.fetched + fetched,
            expected=expected,
            new=now.new + changes.new,
            updated=now.updated + changes.updated,
            voided=now.voided + changes.voided,
        )

    def finish(self, entity: str) -> None:
        self.entities[entity] = replace(self.entities[entity], finished=True)

    def report(self, state: str = "running", error: str | None = None) -> SyncProgress:
        return SyncProgress(
            organisation=self.organisation,
            state=state,
            entities=tuple(self.entities.values()),
            found=tuple(self.found.items()),
            error=error,
            started_by=self.started_by,
        )

    def counts(self) -> dict[str, Any]:
        return {
            key: {"new": e.new, "updated": e.updated, "voided": e.voided, "fetched": e.fetched}
            for key, e in self.entities.items()
        } | {"found": dict(self.found)}


class SyncService:
    """Syncs one organisation at a time (per organisation), from Slack, the scheduler or the CLI."""

    def __init__(
        self,
        *,
        db: Database,
        xero: XeroAccounting,
        tokens: XeroTokens,
        notifier: SlackNotifier,
        clock: Clock,
        listeners: Sequence[SyncListener] = (),
    ) -> None:
        self._db = db
        self._xero = xero
        self._tokens = tokens
        self._notifier = notifier
        self._clock = clock
        self._leases = SyncLeases(db=db, clock=clock)
        self._listeners: list[SyncListener] = list(listeners)

    def add_listener(self, listener: SyncListener) -> None:
        """Be told after each successful sync which spend transactions changed (the recharge engine)."""
        self._listeners.append(listener)

    # --- choosing organisations ----------------------------------------------------------------

    def connections(self, team_id: str | None, name: str | None = None) -> list[XeroConnection]:
        """The workspace's (or, for None, every) active organisation, or the one named."""
        query = select(XeroConnection).where(XeroConnection.status == ConnectionStatus.ACTIVE)
        if team_id is not None:
            query = query.where(XeroConnection.team_id == team_id)
        with self._db.session() as session:
            active = list(session.exec(query.order_by(col(XeroConnection.name))))
        if not active:
            raise XeroNotConnected()
        return pick_named(active, name) if name else active

    # --- running -----------------------------------------------------------------------------

    def begin(
        self, connection_id: int, *, trigger: str, started_by: str = "", channel_id: str | None = None
    ) -> SyncStarted | SyncBusy:
        """Take the organisation's lease and open a SyncRun; or say who is syncing it now.

        A busy answer remembers `channel_id`, which is told when the running sync ends.
        """
        holder = new_holder()
        with self._db.session() as session:
            connection = self._connection(session, connection_id)
            self._refuse_if_limited(connection)
            name = connection.name
            held = self._leases.acquire(
                session, connection_id=connection_id, holder=holder, started_by=started_by
            )
            if held is None:
                run = SyncRun(
                    connection_id=connection_id,
                    trigger=trigger,
                    started_by=started_by,
                    started_at=self._clock.now(),
                    channel_id=channel_id,
                )
                session.add(run)
                session.flush()
                assert run.id is not None
                self._leases.attach_run(session, connection_id=connection_id, holder=holder, run_id=run.id)
                return SyncStarted(run_id=run.id, connection_id=connection_id, holder=holder)
        if channel_id:
            self._leases.add_waiting_channel(connection_id=connection_id, channel=channel_id)
        return SyncBusy(organisation=name, started_at=held.started_at, started_by=held.started_by)

    def _refuse_if_limited(self, connection: XeroConnection) -> None:
        until = connection.daily_limit_until
        if until is not None and until > self._clock.now():
            wait = int((until - self._clock.now()).total_seconds())
            raise XeroRateLimited(f"Xero's daily limit reached; resuming at {until:%H:%M} UTC.", wait)

    def run(
        self, connection_id: int, *, trigger: str, started_by: str = "", progress: Progress = no_progress
    ) -> SyncProgress | SyncBusy:
        """Sync one organisation now, in this thread; the summary, or who holds the lease."""
        started = self.begin(connection_id, trigger=trigger, started_by=started_by)
        if isinstance(started, SyncBusy):
            return started
        return self.execute(started, progress=progress)

    def run_in_channel(self, started: SyncStarted, *, team_id: str, channel: str) -> SyncProgress:
        """Post one message in the channel and edit it as the sync goes, ending with the summary."""
        from services.sync.progress import SlackProgress  # a sibling module: keeps this one Slack-free

        def remember(**where: str) -> None:
            with self._db.session() as session:
                session.execute(update(SyncRun).where(col(SyncRun.id) == started.run_id).values(**where))

        remember(channel_id=channel)  # the summary goes here, even if the progress never gets posted
        slack = SlackProgress(
            notifier=self._notifier,
            clock=self._clock,
            team_id=team_id,
            channel=channel,
            on_posted=lambda ts: remember(message_ts=ts),  # the summary will be this message's edit
        )
        return self.execute(started, progress=slack)

    def run_scheduled(self, connection_id: int, *, job_key: str, claimed_by: str) -> SyncProgress | None:
        """A nightly run: once per scheduled time across replicas (claimed), never beside another sync."""
        with self._db.session() as session:
            if session.get(JobRun, job_key) is not None:
                return None
        try:
            with self._db.session() as session:
                session.add(JobRun(job_key=job_key, claimed_by=claimed_by, claimed_at=self._clock.now()))
        except IntegrityError:  # another replica claimed this scheduled time first
            return None
        try:
            outcome = self.run(connection_id, trigger="nightly")
        except RecharglyError as error:  # e.g. still within Xero's daily limit: tomorrow, then
            log.info("nightly sync of connection %s skipped: %s", connection_id, error.message)
            return None
        return outcome if isinstance(outcome, SyncProgress) else None

    def execute(self, started: SyncStarted, *, progress: Progress = no_progress) -> SyncProgress:
        """Run a begun sync to its end; always records the outcome and gives the lease back."""
        state = _Run(*self._names(started))
        try:
            progress(state.report())
            with self._db.session() as session:
                connection = self._connection(session, started.connection_id)
            access = self._tokens.access_for(connection)
            self._sync_all(started, connection, access, state, progress)
            self._tell_listeners(started, state)
            final = state.report("ok")
        except XeroRateLimited as error:
            self._note_daily_limit(started.connection_id, error)
            final = state.report("limited", error.message)
        except RecharglyError as error:
            final = state.report("failed", error.message)
        except Exception as error:
            log.exception("sync of connection %s failed", started.connection_id)
            final = state.report("failed", _unexpected(error))
        self._finish(started, state, final)
        progress(final)
        return final

    def _names(self, started: SyncStarted) -> tuple[str, str]:
        """The organisation's name and who started the run."""
        with self._db.session() as session:
            connection = session.get(XeroConnection, started.connection_id)
            run = session.get(SyncRun, started.run_id)
            return (connection.name if connection else "Xero"), (run.started_by if run else "")

    @staticmethod
    def _connection(session: Session, connection_id: int) -> XeroConnection:
        connection = session.get(XeroConnection, connection_id)
        if connection is None:
            raise XeroNotConnected()
        if connection.status != ConnectionStatus.ACTIVE:
            raise NeedsReconnect(connection.name)
        return connection

    def _sync_all(
        self,
        started: SyncStarted,
        connection: XeroConnection,
        access: XeroAccess,
        state: _Run,
        progress: Progress,
    ) -> None:
        cid = started.connection_id
        self._sync_organisation(started, access, state)
        progress(state.report())
        pages: list[tuple[str, Callable[[datetime | None, int], XeroPage[Any]], Any]] = [
            (CONTACTS, lambda s, p: self._xero.contacts(access, modified_since=s, page=p),
             lambda session, records: store_contacts(session, cid, records)),
            (SPEND, lambda s, p: self._xero.spend_transactions(access, modified_since=s, page=p),
             lambda session, records: store_spend(session, cid, started.run_id, records)),
            (BILLS, lambda s, p: self._xero.bills(access, modified_since=s, page=p),
             lambda session, records: store_spend(session, cid, started.run_id, records)),
            (CREDITS, lambda s, p: self._xero.supplier_credits(access, modified_since=s, page=p),
             lambda session, records: store_supplier_credits(session, cid, started.run_id, records)),
            (RECEIVED, lambda s, p: self._xero.received_money(access, modified_since=s, page=p),
             lambda session, records: _received(session, cid, started.run_id, records)),
        ]  # fmt: skip
        for entity, fetch, store in pages:
            self._sync_listing(started, entity, fetch, store, state, progress)
        self._sync_invoices(started, access, state, progress)
        first_invoice = self._first_invoice_at(cid)
        if first_invoice is not None:
            self._sync_listing(
                started,
                PAYMENTS,
                lambda s, p: self._xero.invoice_payments(access, modified_since=s, page=p),
                lambda session, records: store_payments(session, cid, records),
                state,
                progress,
                floor=first_invoice - PAYMENTS_MARGIN,
            )
        state.finish(PAYMENTS)
        progress(state.report())

    def _sync_organisation(self, started: SyncStarted, access: XeroAccess, state: _Run) -> None:
        info = self._xero.organisation_settings(access)
        with self._db.session() as session:
            connection = self._connection(session, started.connection_id)
            changed = False
            for name, value in {
                "name": info.name or connection.name,
                "short_code": info.short_code,
                "base_currency": info.base_currency,
                "country_code": info.country_code,
                "organisation_type": info.organisation_type,
                "tax_basis": info.tax_basis,
                "xero_timezone": info.xero_timezone,
                "timezone": info.timezone,
            }.items():
                if getattr(connection, name) != value:
                    setattr(connection, name, value)
                    changed = True
            session.add(connection)
            self._leases.renew(session, connection_id=started.connection_id, holder=started.holder)
        state.organisation = info.name or state.organisation
        state.add(ORGANISATION, PageChanges(updated=int(changed)), 1, 1)
        state.finish(ORGANISATION)

    def _sync_listing(
        self,
        started: SyncStarted,
        entity: str,
        fetch: Callable[[datetime | None, int], XeroPage[S]],
        store: Callable[[Session, Sequence[S]], PageChanges],
        state: _Run,
        progress: Progress,
        *,
        floor: datetime | None = None,
    ) -> None:
        """Page through one listing by moving If-Modified-Since forward, committing page by page.

        When the first page says more follow, the rest are fetched several at a time (see
        _fetch_rest); should anything change in Xero meanwhile, paging carries on one at a time.
        """
        mark = self._watermark(started.connection_id, entity)
        page_number, at_once = 1, True
        while True:
            since = max(filter(None, (mark, floor)), default=None)
            asked = since - OVERLAP if since else None
            began = self._clock.now()
            page = fetch(asked, page_number)
            advanced = self._store_page(started, entity, store, state, progress, page, mark, advanced=True)
            if not page.more:
                break
            if at_once and page_number == 1 and page.remaining and page.records:
                at_once = False  # once per listing: a retry after changes pages one at a time
                rest = self._fetch_rest(
                    started, entity, store, state, progress, fetch, asked, page, mark, began - CLOCK_SKEW
                )
                if rest is not None:
                    mark = max(filter(None, (advanced, rest)), default=None)
                    break
            # A full page all at the watermark's own timestamp can't move it: read the next page.
            page_number = page_number + 1 if advanced == mark else 1
            mark = advanced
        state.finish(entity)
        progress(state.report())

    def _store_page(
        self,
        started: SyncStarted,
        entity: str,
        store: Callable[[Session, Sequence[S]], PageChanges],
        state: _Run,
        progress: Progress,
        page: XeroPage[S],
        mark: datetime | None,
        *,
        advanced: bool,
        newest: datetime | None = None,
    ) -> datetime | None:
        """Store one page with our lease renewed; returns the newest change in it (or `mark`, `newest`).

        The watermark moves to that change if `advanced` or a `newest` is given."""
        stamps = (r.updated_at for r in page.records if r.updated_at)
        latest = max(filter(None, (mark, newest, *stamps)), default=None)
        with self._db.session() as session:
            changes = store(session, page.records)
            if advanced or newest is not None:
                self._set_watermark(session, started.connection_id, entity, latest)
            self._leases.renew(session, connection_id=started.connection_id, holder=started.holder)
        seen_again = sum(1 for r in page.records if mark and r.updated_at and r.updated_at <= mark)
        fetched_before = state.entities[entity].fetched
        expected = None if page.remaining is None else fetched_before + page.remaining - seen_again
        state.add(entity, changes, len(page.records) - seen_again, expected)
        progress(state.report())
        return latest

    def _fetch_rest(
        self,
        started: SyncStarted,
        entity: str,
        store: Callable[[Session, Sequence[S]], PageChanges],
        state: _Run,
        progress: Progress,
        fetch: Callable[[datetime | None, int], XeroPage[S]],
        asked: datetime | None,
        first: XeroPage[S],
        mark: datetime | None,
        quiet_before: datetime,
    ) -> datetime | None:
        """Pages 2…N of the same query, up to PAGES_AT_ONCE at a time, stored in order.

        Paging by number is exact only while nothing in the listing changes: a record edited in
        Xero meanwhile moves to the end and shifts the pages after it, so a record could slip
        between two pages. Such an edit (or a new record) shows on the last page, which is asked
        for once every other page has come back: if it holds a change newer than `quiet_before`
        (the sync's start, less clock skew), or the count moved, or a record came twice, nothing is
        trusted past the first page's watermark, which the pages stored here never move; the
        caller then pages on one at a time. Otherwise returns the newest change, now the watermark.
        """
        size, total = len(first.records), first.remaining or 0
        last = -(-total // size)  # pages in all
        seen = {_record_id(r) for r in first.records}
        newest = max(filter(None, (mark, *(r.updated_at for r in first.records))), default=None)
        consistent = True

        def check(number: int, page: XeroPage[S]) -> None:
            nonlocal newest, consistent
            ids = {_record_id(r) for r in page.records}
            consistent = consistent and page.remaining == total - (number - 1) * size and not ids & seen
            seen.update(ids)
            newest = max(filter(None, (newest, *(r.updated_at for r in page.records))), default=None)

        with ThreadPoolExecutor(max_workers=PAGES_AT_ONCE, thread_name_prefix="xero-page") as pool:
            try:
                pending = {n: pool.submit(fetch, asked, n) for n in range(2, min(last, 2 + PAGES_AT_ONCE))}
                for number in range(2, last):
                    page = pending.pop(number).result()
                    if number + PAGES_AT_ONCE < last:
                        pending[number + PAGES_AT_ONCE] = pool.submit(fetch, asked, number + PAGES_AT_ONCE)
                    check(number, page)
                    self._store_page(started, entity, store, state, progress, page, mark, advanced=False)
            finally:
                for future in pending.values():
                    future.cancel()
        final = fetch(asked, last)  # only now: it shows whatever changed while the others came back
        check(last, final)
        quiet = (
            consistent
            and not final.more
            and all(r.updated_at is None or r.updated_at < quiet_before for r in final.records)
        )
        if not quiet:
            log.info("%s changed in Xero during the sync; paging on one page at a time", entity)
            self._store_page(started, entity, store, state, progress, final, mark, advanced=False)
            return None
        return self._store_page(
            started, entity, store, state, progress, final, mark, advanced=False, newest=newest
        )

    def _sync_invoices(
        self, started: SyncStarted, access: XeroAccess, state: _Run, progress: Progress
    ) -> None:
        """Our own ACCREC invoices, by id in batches: we never page through the firm's sales ledger."""
        cid = started.connection_id
        mark = self._watermark(cid, INVOICES)
        with self._db.session() as session:
            ids = [
                (i or "").lower()
                for i in session.exec(
                    select(ClientInvoice.xero_invoice_id)
                    .where(
                        ClientInvoice.connection_id == cid, col(ClientInvoice.xero_invoice_id).is_not(None)
                    )
                    .order_by(col(ClientInvoice.id))
                )
            ]
        newest = mark
        for start in range(0, len(ids), INVOICE_BATCH):
            batch = ids[start : start + INVOICE_BATCH]
            records = self._xero.invoices_by_id(
                access, batch, modified_since=mark - OVERLAP if mark else None
            )
            with self._db.session() as session:
                changes = store_invoices(session, cid, records)
                self._leases.renew(session, connection_id=cid, holder=started.holder)
            stamps = [r.updated_at for r in records if r.updated_at]
            newest = max(filter(None, (newest, *stamps)), default=None)
            state.add(INVOICES, changes, len(records), None)
            progress(state.report())
        # Advanced only once every batch is stored: a crash between batches re-reads them all.
        with self._db.session() as session:
            self._set_watermark(session, cid, INVOICES, newest)
        state.finish(INVOICES)

    def _first_invoice_at(self, connection_id: int) -> datetime | None:
        with self._db.session() as session:
            first: datetime | None = session.exec(
                select(func.min(ClientInvoice.created_at)).where(
                    ClientInvoice.connection_id == connection_id,
                    col(ClientInvoice.xero_invoice_id).is_not(None),
                )
            ).one()
            return first

    # --- watermarks ------------------------------------------------------------------------------

    def _watermark(self, connection_id: int, entity: str) -> datetime | None:
        with self._db.session() as session:
            row = session.get(SyncWatermark, (connection_id, entity))
            return row.modified_since if row else None

    @staticmethod
    def _set_watermark(session: Session, connection_id: int, entity: str, when: datetime | None) -> None:
        if when is None:
            return
        row = session.get(SyncWatermark, (connection_id, entity)) or SyncWatermark(
            connection_id=connection_id, entity=entity
        )
        row.modified_since = when
        session.add(row)

    # --- the end of a run --------------------------------------------------------------------------

    def _tell_listeners(self, started: SyncStarted, state: _Run) -> None:
        """Every charge changed since the last successful sync (so a failed run's changes aren't lost)."""
        ids = self.changed_spend_ids(started.connection_id, started.run_id)
        state.changed_spend = len(ids)
        found: Counter[str] = Counter()
        for listener in self._listeners:
            found.update(
                listener.on_synced(
                    connection_id=started.connection_id, sync_run_id=started.run_id, changed_spend_ids=ids
                )
            )
        state.found = dict(found)

    def changed_spend_ids(self, connection_id: int, run_id: int) -> list[int]:
        with self._db.session() as session:
            last_ok = session.exec(
                select(func.max(SyncRun.id)).where(
                    SyncRun.connection_id == connection_id, SyncRun.status == "ok", col(SyncRun.id) < run_id
                )
            ).one()
            rows = session.exec(
                select(col(SpendTransaction.id))
                .where(
                    SpendTransaction.connection_id == connection_id,
                    col(SpendTransaction.sync_run_id) > (last_ok or 0),
                )
                .order_by(col(SpendTransaction.id))
            )
            return [row for row in rows if row is not None]

    def _note_daily_limit(self, connection_id: int, error: XeroRateLimited) -> None:
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            if connection is not None:
                connection.daily_limit_until = self._clock.now() + timedelta(
                    seconds=error.retry_after_seconds
                )
                session.add(connection)

    def _finish(self, started: SyncStarted, state: _Run, final: SyncProgress) -> None:
        now = self._clock.now()
        with self._db.session() as session:
            run = session.get(SyncRun, started.run_id)
            if run is not None:
                run.status = final.state
                run.finished_at = now
                run.counts = state.counts()
                run.error = final.error
                session.add(run)
            connection = session.get(XeroConnection, started.connection_id)
            if connection is not None:
                connection.last_sync_at = now
                connection.last_sync_status = final.state
                session.add(connection)
            if run is not None and connection is not None and run.channel_id:
                queue_summary(session, connection.team_id, run, final)
        waiting = self._leases.release(connection_id=started.connection_id, holder=started.holder)
        with self._db.session() as session:  # the summary for channels that asked while it ran
            team_id = session.get(XeroConnection, started.connection_id).team_id  # type: ignore[union-attr]
            for channel in waiting:
                outbox.enqueue(
                    session,
                    team_id=team_id,
                    channel=channel,
                    notice=final,
                    dedupe_key=f"sync-summary:{started.run_id}:{channel}",
                )


def _received(session: Session, connection_id: int, run_id: int, records: Sequence[Any]) -> PageChanges:
    """Money received: kept for payments, and what came from a vendor also as a possible refund."""
    store_received_refunds(session, connection_id, run_id, records)
    return store_received(session, connection_id, records)


def _record_id(record: Any) -> str:
    return str(record.xero_id)


def _unexpected(error: Exception) -> str:
    return (
        "Something went wrong on Rechargly's side during the sync "
        f"({type(error).__name__}); what was stored is kept and the next sync carries on."
    )
