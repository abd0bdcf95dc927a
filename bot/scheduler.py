"""Scheduled work (nightly sync, daily digest) on APScheduler 3."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Column, Float, LargeBinary, MetaData, Table, Unicode
from sqlmodel import select

from services.billing.periods import LAST
from services.billing.runs import BillingRuns
from services.connect.slack_installs import slack_uninstalled
from services.digest import DigestService
from services.models import ConnectionStatus, XeroConnection
from services.storage import Database
from services.sync.service import SyncService
from services.workspaces import digest_time

log = logging.getLogger(__name__)

JOB_TABLE = "apscheduler_jobs"
LOCAL = "local"


def build_jobs_table(metadata: MetaData) -> Table:
    """APScheduler's job table, declared on our metadata so the migrations (run under a lock) create it:
    left to APScheduler, replicas starting together race to create it."""
    return Table(
        JOB_TABLE,
        metadata,
        Column("id", Unicode(191), primary_key=True),
        Column("next_run_time", Float(25), index=True),
        Column("job_state", LargeBinary, nullable=False),
    )


MISFIRE_GRACE = timedelta(hours=1)  # a replica down at 02:00 still syncs if back within the hour

TriggerFor = Callable[[XeroConnection], BaseTrigger]


class NoSchedule:
    """The schedule of a process that runs no scheduler (the demo, one-off CLI commands)."""

    def next_sync_at(self, connection_id: int) -> datetime | None:
        return None

    def connection_changed(self, connection_id: int) -> None:
        return None

    def health(self) -> str:
        return "not used"


# APScheduler stores each job in the database as a textual reference to a module-level function
# plus its arguments, so a job survives restarts. That function can't carry our services, so the
# running scheduler registers itself here when it starts and the function finds it.
_running: dict[str, SyncScheduler] = {}
_running_lock = threading.Lock()


def _running_scheduler(what: str, connection_id: int) -> SyncScheduler | None:
    with _running_lock:
        scheduler = _running.get("sync")
    if scheduler is None:
        log.warning("%s of connection %s fired with no scheduler running", what, connection_id)
    return scheduler


def run_nightly_sync(connection_id: int) -> None:
    """The job APScheduler runs (by reference): sync one organisation with the running services."""
    scheduler = _running_scheduler("nightly sync", connection_id)
    if scheduler is not None:
        scheduler.run_job(connection_id)


def run_daily_digest(connection_id: int) -> None:
    """The digest job APScheduler runs (by reference): post one organisation's daily digest."""
    scheduler = _running_scheduler("daily digest", connection_id)
    if scheduler is not None:
        scheduler.run_digest_job(connection_id)


def run_billing_day(connection_id: int) -> None:
    """The billing-day job APScheduler runs (by reference): build and post the organisation's run."""
    scheduler = _running_scheduler("billing run", connection_id)
    if scheduler is not None:
        scheduler.run_billing_job(connection_id)


def _billing_job_id(connection_id: int) -> str:
    return f"billing:{connection_id}"


def billing_trigger(connection: XeroConnection, default_day: str) -> BaseTrigger:
    """06:00 on the billing day (1–28, or the month's last day), in the organisation's timezone: the
    day it chose in `/rechargly settings`, else ``default_day`` (BILLING_DAY)."""
    day = connection.billing_day or default_day
    return CronTrigger(day="last" if day == LAST else int(day), hour=6, timezone=connection.timezone or "UTC")


def _job_id(connection_id: int) -> str:
    return f"sync:{connection_id}"


def _digest_job_id(connection_id: int) -> str:
    return f"digest:{connection_id}"


class SyncScheduler:
    """One nightly sync job per active organisation, in its own timezone, in a persistent job store."""

    def __init__(
        self,
        *,
        db: Database,
        sync: SyncService,
        cron: str,
        trigger_for: TriggerFor | None = None,
        misfire_grace: timedelta = MISFIRE_GRACE,
        digest: DigestService | None = None,
        digest_cron: str = "0 8 * * *",
        digest_trigger_for: TriggerFor | None = None,
        billing: BillingRuns | None = None,
        billing_trigger_for: TriggerFor | None = None,
    ) -> None:
        self._db = db
        self._billing = billing
        self._billing_trigger_for = billing_trigger_for or self._billing_trigger
        self._sync = sync
        self._digest = digest
        self._digest_cron = digest_cron
        self._digest_trigger_for = digest_trigger_for or self._digest_trigger
        self._trigger_for = trigger_for or (
            lambda connection: CronTrigger.from_crontab(cron, timezone=connection.timezone or "UTC")
        )
        self._grace = misfire_grace
        self._name = f"{socket.gethostname()[:32]}:{os.getpid()}"
        self._scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=db.engine, tablename=JOB_TABLE),
                LOCAL: MemoryJobStore(),  # this process's own housekeeping, never shared
            },
            job_defaults={
                "coalesce": True,  # several missed runs become one
                "max_instances": 1,
                "misfire_grace_time": int(misfire_grace.total_seconds()),
            },
            timezone=UTC,
        )

    def start(self) -> None:
        with _running_lock:
            _running["sync"] = self
        self._scheduler.start()
        self.refresh_all()

    def every(self, seconds: float, work: Callable[[], object], name: str) -> None:
        """Run `work` every few seconds in this process (housekeeping each replica does for itself)."""
        self._scheduler.add_job(
            work, "interval", seconds=seconds, id=f"local:{name}", name=name, jobstore=LOCAL,
            replace_existing=True, misfire_grace_time=None,
        )  # fmt: skip

    def health(self) -> str:
        """For /healthz: whether scheduled syncs and digests can fire in this process."""
        return "running" if self._scheduler.running else "stopped"

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        with _running_lock:
            if _running.get("sync") is self:
                del _running["sync"]

    def refresh_all(self) -> None:
        """(Re)add a job for every active organisation and drop the jobs of the others."""
        with self._db.session() as session:
            connections = list(session.exec(select(XeroConnection)))
        for connection in connections:
            self._schedule(connection)

    def connection_changed(self, connection_id: int) -> None:
        """Called when an organisation is connected, reconnected or disconnected."""
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
        if connection is not None:
            self._schedule(connection)

    def _schedule(self, connection: XeroConnection) -> None:
        job_id = _job_id(connection.id or 0)
        with self._db.session() as session:
            uninstalled = slack_uninstalled(session, connection.team_id)
        if connection.status != ConnectionStatus.ACTIVE or uninstalled:
            for stale in (job_id, _digest_job_id(connection.id or 0), _billing_job_id(connection.id or 0)):
                with contextlib.suppress(JobLookupError):
                    self._scheduler.remove_job(stale)
            return
        if self._digest is not None:
            self._scheduler.add_job(
                run_daily_digest,
                trigger=self._digest_trigger_for(connection),
                args=(connection.id,),
                id=_digest_job_id(connection.id or 0),
                name=f"daily digest of {connection.name}",
                replace_existing=True,
            )
        if self._billing is not None:
            self._scheduler.add_job(
                run_billing_day,
                trigger=self._billing_trigger_for(connection),
                args=(connection.id,),
                id=_billing_job_id(connection.id or 0),
                name=f"billing run of {connection.name}",
                replace_existing=True,
            )
        self._scheduler.add_job(
            run_nightly_sync,
            trigger=self._trigger_for(connection),
            args=(connection.id,),
            id=job_id,
            name=f"nightly sync of {connection.name}",
            replace_existing=True,
        )

    def _billing_trigger(self, connection: XeroConnection) -> BaseTrigger:
        """The organisation's billing day as its settings say (its own choice, else BILLING_DAY)."""
        assert self._billing is not None
        return billing_trigger(connection, self._billing.terms(connection).day)

    def _digest_trigger(self, connection: XeroConnection) -> BaseTrigger:
        """DIGEST_CRON in the organisation's timezone, unless the workspace chose a time ("HH:MM")."""
        timezone = connection.timezone or "UTC"
        with self._db.session() as session:
            chosen = digest_time(session, connection.team_id)
        if chosen:
            hour, minute = chosen.split(":")
            return CronTrigger(hour=int(hour), minute=int(minute), timezone=timezone)
        return CronTrigger.from_crontab(self._digest_cron, timezone=timezone)

    def run_digest_job(self, connection_id: int) -> None:
        """Claim this scheduled time (once across replicas), then post the digest."""
        if self._digest is None:
            return
        job = self._scheduler.get_job(_digest_job_id(connection_id))
        now = datetime.now(UTC)
        slot = _latest_fire_time(job.trigger, now, self._grace) if job else now
        key = f"digest:{connection_id}:{slot.astimezone(UTC).isoformat()}"
        outcome = self._digest.run_scheduled(connection_id, job_key=key, claimed_by=self._name)
        log.info("daily digest %s: %s", key, "posted" if outcome and outcome.posted else "not posted here")

    def run_billing_job(self, connection_id: int) -> None:
        """Claim this billing day (once across replicas), then build the run and post its card."""
        if self._billing is None:
            return
        job = self._scheduler.get_job(_billing_job_id(connection_id))
        now = datetime.now(UTC)
        slot = _latest_fire_time(job.trigger, now, self._grace) if job else now
        key = f"billing:{connection_id}:{slot.astimezone(UTC).isoformat()}"
        local_day = slot.astimezone(job.trigger.timezone).date() if job else now.date()
        run_id = self._billing.run_scheduled(connection_id, on=local_day, job_key=key, claimed_by=self._name)
        log.info("billing run %s: %s", key, f"run {run_id}" if run_id else "not run here")

    def next_sync_at(self, connection_id: int) -> datetime | None:
        job = self._scheduler.get_job(_job_id(connection_id))
        when: datetime | None = getattr(job, "next_run_time", None) if job else None
        return when.astimezone(UTC) if when else None

    def run_job(self, connection_id: int) -> None:
        """Claim this scheduled time (once across replicas), then sync under the lease."""
        job = self._scheduler.get_job(_job_id(connection_id))
        now = datetime.now(UTC)
        slot = _latest_fire_time(job.trigger, now, self._grace) if job else now
        key = f"sync:{connection_id}:{slot.astimezone(UTC).isoformat()}"
        outcome = self._sync.run_scheduled(connection_id, job_key=key, claimed_by=self._name)
        log.info("nightly sync %s: %s", key, outcome.state if outcome else "not run here")


def _latest_fire_time(trigger: Any, now: datetime, grace: timedelta) -> datetime:
    """The scheduled time this run stands for: the trigger's last fire time at or before now.

    Every replica computes the same value for the same scheduled run, which makes it the claim key.
    """
    fire = trigger.get_next_fire_time(None, now - grace)
    latest = now
    while fire is not None and fire <= now:
        latest = fire
        fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
    return latest
