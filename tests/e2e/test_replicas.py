"""Two `rechargly serve` processes on one PostgreSQL: scheduled work, token refresh and approvals
each happen exactly once, whichever replica Slack or the clock reaches."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from harness import (
    ADMIN,
    CHANNEL,
    SIGNING_SECRET,
    TEAM,
    connect_services,
    make_settings,
    posted_proposal,
    propose_adobe_charge,
)
from sqlalchemy import delete
from sqlmodel import select

from bot.bootstrap import build_services
from bot.container import Services
from bot.db import create_db_engine
from bot.xero_gateway import XeroAccountingGateway
from bot.xero_limits import SharedTenantLimiter
from sandbox.process import ServeProcess, serve_environment
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import DigestLog, JobRun, SyncRun, XeroBudget, XeroConnection, XeroGrant
from services.payments.webhooks import sign

EVERY_MINUTE = "* * * * *"


@pytest.fixture
def replicas(
    database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path
) -> Iterator[tuple[Services, list[ServeProcess]]]:
    settings = make_settings(database_url, xero, slack)
    services = build_services(settings)
    connect_services(services)
    env = serve_environment(
        xero, slack, signing_secret=SIGNING_SECRET, encryption_key=settings.token_encryption_key,
        DATABASE_URL=database_url, APPROVALS_CHANNEL=CHANNEL, DIGEST_CHANNEL=CHANNEL,
        SYNC_CRON=EVERY_MINUTE, DIGEST_CRON=EVERY_MINUTE, DIGEST_SKIP_EMPTY="false",
    )  # fmt: skip
    servers = [ServeProcess(env, tmp_path), ServeProcess(env, tmp_path)]
    for server in servers:
        server.start()
    yield services, servers
    for server in servers:
        server.stop()
    services.close()


@contextmanager
def serve_pair(
    database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path, **extra: str
) -> Iterator[tuple[Services, list[ServeProcess]]]:
    """Two `rechargly serve` on one database, the organisation connected before they start (so each
    schedules its nightly sync), and the test's own services on the same database."""
    settings = make_settings(database_url, xero, slack)
    services = build_services(settings)
    env = serve_environment(
        xero, slack, signing_secret=SIGNING_SECRET, encryption_key=settings.token_encryption_key,
        DATABASE_URL=database_url, APPROVALS_CHANNEL=CHANNEL, DIGEST_CHANNEL=CHANNEL, **extra,
    )  # fmt: skip
    servers = [ServeProcess(env, tmp_path), ServeProcess(env, tmp_path)]
    connect_services(services)
    try:
        for server in servers:
            server.start()
        yield services, servers
    finally:
        for server in servers:
            server.stop()
        services.close()


def drivers(slack: SlackFake, servers: list[ServeProcess]) -> list[SlackDriver]:
    return [SlackDriver(f"{s.url}/slack/events", SIGNING_SECRET, slack, TEAM) for s in servers]


def at_once(*calls: Any) -> None:
    """Run the calls in threads released together, as two replicas receiving requests at once."""
    start = threading.Barrier(len(calls))

    def run(call: Any) -> None:
        start.wait()
        call()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def propose(services: Services, xero: XeroSandbox, slack: SlackFake) -> Any:
    return posted_proposal(services, slack, propose_adobe_charge(services, xero, amount="50.00"))


def _connection_id(services: Services) -> int:
    with services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    return [i for i in xero.store[xero.tenants[0].tenant_id].invoices.values() if i["Type"] == "ACCREC"]


def _expire_access_token(services: Services) -> None:
    with services.db.session() as session:
        grant = session.exec(select(XeroGrant)).one()
        tokens = services.tokens.read(grant)
        services.tokens.store(
            session, grant, replace(tokens, expires_at=datetime.now(UTC) + timedelta(seconds=30))
        )


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_replicas_do_everything_once(
    replicas: tuple[Services, list[ServeProcess]], xero: XeroSandbox, slack: SlackFake
) -> None:
    services, servers = replicas
    first, second = drivers(slack, servers)

    # Approvals reaching both replicas at once create one invoice.
    message = propose(services, xero, slack)
    at_once(lambda: first.click_button(message, "approve_all", user_id=ADMIN),
            lambda: second.click_button(message, "approve_all", user_id=ADMIN))  # fmt: skip
    assert slack.wait_for(lambda: len(_accrec(xero)) >= 1, timeout=30)
    time.sleep(1)
    assert len(_accrec(xero)) == 1

    # An expiring access token is refreshed once, though both replicas need it at the same moment.
    _expire_access_token(services)
    xero.reset_calls()
    at_once(lambda: first.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL),
            lambda: second.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL))  # fmt: skip
    assert slack.wait_for(lambda: _finished_runs(services, "manual") >= 1, timeout=60)
    assert len(xero.calls_to("/connect/token")) == 1
    assert _finished_runs(services, "manual") == 1

    # The nightly sync and the digest, scheduled on both replicas every minute, each run once a minute.
    deadline = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1, seconds=40)
    assert slack.wait_for(lambda: _finished_runs(services, "nightly") >= 1 and _digests(services) >= 1,
                          timeout=(deadline - datetime.now(UTC)).total_seconds())  # fmt: skip
    time.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds()))
    with services.db.session() as session:
        claims = session.exec(select(JobRun.job_key)).all()
    # A run claimed just before the deadline may still be working on a loaded machine: let it finish.
    syncs_claimed = sum(1 for key in claims if key.startswith("sync:"))
    slack.wait_for(lambda: _finished_runs(services, "nightly") >= syncs_claimed, timeout=60)
    for kind, done in (("sync", _finished_runs(services, "nightly")), ("digest", _digests(services))):
        # "kind:connection:fire time" — one claim per scheduled minute, one run per claim.
        fire_minutes = [key.split(":", 2)[2][:16] for key in claims if key.startswith(f"{kind}:")]
        assert len(set(fire_minutes)) == len(fire_minutes) == done >= 1, (kind, fire_minutes, done)


def _finished_runs(services: Services, trigger: str) -> int:
    with services.db.session() as session:
        runs = session.exec(select(SyncRun).where(SyncRun.trigger == trigger)).all()
    return sum(1 for run in runs if run.finished_at is not None)


def _digests(services: Services) -> int:
    with services.db.session() as session:
        return len(session.exec(select(DigestLog)).all())


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_replicas_starting_together_on_a_fresh_database(
    database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path
) -> None:
    env = serve_environment(xero, slack, signing_secret=SIGNING_SECRET, DATABASE_URL=database_url)
    servers = [ServeProcess(env, tmp_path) for _ in range(3)]
    failures: list[str] = []

    def start(server: ServeProcess) -> None:
        try:
            server.start()
        except RuntimeError as error:
            failures.append(str(error))

    try:
        at_once(*(partial(start, server) for server in servers))
        assert failures == []
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_late_401_after_the_other_replica_refreshed_spends_no_second_refresh_token(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    settings = make_settings(database_url, xero, slack)
    first, second = build_services(settings), build_services(settings)
    try:
        connect_services(first)
        with first.db.session() as session:
            grant = session.exec(select(XeroGrant.id)).one() or 0
        refused = first.tokens.access_token(grant)  # both replicas hold this token…
        xero.expire_access_tokens()  # …and Xero stops taking it
        xero.reset_calls()
        fresh = second.tokens.access_token(grant, refused=refused)  # the second replica's 401 comes first
        late = first.tokens.access_token(grant, refused=refused)  # then the first replica's 401
        assert late == fresh != refused
        assert len(xero.calls_to("/connect/token")) == 1
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_an_invoice_left_by_a_killed_replica_is_taken_over_within_seconds(
    database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path
) -> None:
    with serve_pair(database_url, xero, slack, tmp_path, OUTBOX_LEASE_SECONDS="2") as (services, servers):
        first, second = drivers(slack, servers)
        message = propose(services, xero, slack)
        hung = xero.faults.add("slow", method="PUT", path="/Invoices", delay=60).fired
        first.click_button(message, "approve_all", user_id=ADMIN)
        assert hung.wait(30)
        servers[0].kill()  # dies during the invoice PUT
        xero.faults.clear()

        def card() -> str:
            current = slack.message(message.channel, message.ts)
            return str(current.blocks) if current else ""

        # The claim queued the card's edit with it: delivered though the replica died (by the other).
        assert slack.wait_for(lambda: "approve_all" not in card(), timeout=10)
        answer = second.click_button(message, "approve_all", user_id=ADMIN)  # someone tries anyway
        assert answer.status == 200
        started = time.monotonic()
        taken_over = lambda: len(_accrec(xero)) == 1 and "creating the invoice" not in card()  # noqa: E731
        assert slack.wait_for(taken_over, timeout=30)
        assert time.monotonic() - started < 20
        assert "Approved by" in card() and _accrec(xero)[0]["InvoiceNumber"] in card()
        time.sleep(1)
        assert len(_accrec(xero)) == 1


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_replicas_share_each_organisations_xero_budget(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    """Two replicas' Xero gateways calling at once on the shared database: Xero (the sandbox's own
    counters) never sees more than the minute limit, nor more than 5 calls at once."""
    per_minute = 8  # Xero's 60, scaled down so the test lasts about a minute
    xero.calls_per_minute = per_minute
    settings = make_settings(database_url, xero, slack)
    services = build_services(settings)
    engines = [create_db_engine(database_url) for _ in range(2)]
    try:
        connect_services(services)
        with services.db.session() as session:
            access = services.tokens.access_for(session.exec(select(XeroConnection)).one())
        gateways = [
            XeroAccountingGateway(
                client_id=xero.client_id, client_secret=xero.client_secret, api_base=xero.base_url,
                identity_base=xero.base_url,
                limiter=SharedTenantLimiter(engine=engine, per_minute=per_minute),
            )
            for engine in engines
        ]  # fmt: skip
        with services.db.session() as session:  # connecting spent some budget: start the minute afresh
            session.execute(delete(XeroBudget))
        xero.limiter.reset()
        xero.reset_calls()
        xero.faults.add("slow", path="/Accounts", delay=0.5, times=2 * per_minute)  # calls overlap
        with ThreadPoolExecutor(max_workers=2 * per_minute) as pool:  # every call asks at once
            done = [pool.submit(gateway.accounts, access) for gateway in gateways for _ in range(per_minute)]
            finished = [future.result(timeout=120) for future in done]
        assert all(finished), [(c.status, c.path) for c in xero.calls]
        seen = xero.limiter.counters(xero.tenants[0].tenant_id)
        assert seen["refused"] == 0, seen
        assert 1 < seen["peak_in_flight"] <= 5 and seen["peak_minute"] <= per_minute, seen
        assert len(xero.calls_to("/api.xro/2.0/Accounts")) == 2 * per_minute
    finally:
        services.close()
        for engine in engines:
            engine.dispose()


WEBHOOK_KEY = "replica-webhook-key-0123456789abcdef"


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_serve_replicas_under_a_nightly_sync_and_a_webhook_flood_stay_within_xero_limits(
    database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path
) -> None:
    extra = {"SYNC_CRON": EVERY_MINUTE, "XERO_WEBHOOK_KEY": WEBHOOK_KEY}
    with serve_pair(database_url, xero, slack, tmp_path, **extra) as (services, servers):
        first, second = drivers(slack, servers)
        message = propose(services, xero, slack)
        first.click_button(message, "approve_all", user_id=ADMIN)
        assert slack.wait_for(lambda: len(_accrec(xero)) == 1, timeout=30)
        [invoice] = _accrec(xero)
        tenant = xero.tenants[0].tenant_id
        xero.limiter.reset()
        event = {"resourceId": invoice["InvoiceID"], "eventCategory": "INVOICE", "eventType": "UPDATE",
                 "tenantId": tenant, "tenantType": "ORGANISATION"}  # fmt: skip
        posts = [
            partial(_post_events, server, [
                {**event, "eventDateUtc": f"2026-11-20T01:{n % 60:02d}:00.000"} if i == 0 else
                {**event, "resourceId": f"00000000-0000-0000-{n:04d}-{i:012d}", "eventDateUtc": "x"}
                for i in range(50)
            ])
            for n in range(20)
            for server in servers
        ]  # fmt: skip
        at_once(*posts, lambda: first.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL),
                lambda: second.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL))  # fmt: skip
        assert slack.wait_for(lambda: _finished_runs(services, "nightly") >= 1, timeout=150)
        seen = xero.limiter.counters(tenant)
        assert seen["refused"] == 0 and seen["peak_in_flight"] <= 5 and seen["peak_minute"] <= 60, seen


def _post_events(server: ServeProcess, events: list[dict[str, str]]) -> None:
    body = json.dumps({"events": events, "firstEventSequence": 1, "lastEventSequence": len(events),
                       "entropy": "REPLICAS"}).encode()  # fmt: skip
    request = urllib.request.Request(
        f"{server.url}/xero/webhooks", data=body, method="POST",
        headers={"x-xero-signature": sign(key=WEBHOOK_KEY, body=body), "Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
