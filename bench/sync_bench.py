"""Benchmark the sync against a large firm in the Xero sandbox: a first sync, then an unchanged one.

Usage: .venv/bin/python bench/sync_bench.py [--contacts N] [--spend N] [--seed N]

The sandbox runs in a child process, so the peak RSS reported is Rechargly's alone. Xero's limit
of 60 calls a minute is lifted on both sides for the benchmark (it would only add waiting: the
figures here are about our calls, CPU and memory); it is printed in the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import resource
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from sqlmodel import func, select

from bot.bootstrap import build_services
from bot.container import Services
from bot.settings import Settings
from bot.xero_limits import TenantLimiter
from sandbox.slack import SlackFake
from sandbox.xero import XeroSandbox
from sandbox.xero.testkit import consent
from services.models import Contact, SpendLine, SpendTransaction, XeroConnection
from services.notices import SyncProgress

PAGE_SIZE = 1000
BENCH_CALLS_PER_MINUTE = 100_000  # instead of Xero's 60 (see the module docstring)
TEAM, USER, CHANNEL = "T0BENCH", "U0BENCH", "C0BENCH"


def serve_sandbox(pipe: Connection, contacts: int, spend: int, seed: int) -> None:
    """The child process: a seeded sandbox that answers "calls", "reset" and "stop" over the pipe."""
    sandbox = XeroSandbox(
        seed=seed, clients=contacts, months=3, today=dt.date(2026, 11, 20), extra_spend_transactions=spend,
        calls_per_minute=BENCH_CALLS_PER_MINUTE, calls_per_day=1_000_000,
    )  # fmt: skip
    data = sandbox.store[sandbox.tenants[0].tenant_id]
    counts = {
        "contacts": len(data.contacts),
        "spend": sum(1 for t in data.bank_transactions.values() if t["Type"] == "SPEND"),
        "received": sum(1 for t in data.bank_transactions.values() if t["Type"] == "RECEIVE"),
        "bills": sum(1 for i in data.invoices.values() if i["Type"] == "ACCPAY"),
    }
    pipe.send((sandbox.start(), counts))
    while True:
        command = pipe.recv()
        if command == "calls":
            pipe.send([(c.path, c.query.get("where", ""), c.status) for c in sandbox.calls])
        elif command == "reset":
            sandbox.reset_calls()
            pipe.send(None)
        else:
            sandbox.stop()
            pipe.send(None)
            return


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    calls: int
    rows: int
    outcome: SyncProgress
    listeners_wall: float  # of `wall`, the time sync listeners (the recharge engine) took


def minimum_calls(counts: dict[str, int]) -> int:
    """Fewest calls possible at this page size: one per page, and one per entity even when empty."""
    return 1 + sum(max(1, math.ceil(n / PAGE_SIZE)) for n in counts.values())


def timed_sync(services: Services, connection_id: int, pipe: Connection) -> Run:
    pipe.send("reset")
    pipe.recv()
    stored_at: list[float] = []

    def note_when_stored(report: SyncProgress) -> None:
        # The last report before the listeners run: every entity stored, the run not yet ended.
        if report.state == "running" and all(e.finished for e in report.entities):
            stored_at.append(time.perf_counter())

    wall, cpu = time.perf_counter(), time.process_time()
    outcome = services.sync.run(connection_id, trigger="cli", progress=note_when_stored)
    ended = time.perf_counter()
    wall, cpu = ended - wall, time.process_time() - cpu
    assert isinstance(outcome, SyncProgress) and outcome.state == "ok", outcome
    pipe.send("calls")
    calls = [c for c in pipe.recv() if c[0].startswith("/api.xro/")]
    rows = sum(e.fetched for e in outcome.entities)
    listeners = ended - stored_at[-1] if stored_at else 0.0
    return Run(wall=wall, cpu=cpu, calls=len(calls), rows=rows, outcome=outcome, listeners_wall=listeners)


def connect(services: Services) -> int:
    offer = services.connector.start(team_id=TEAM, user_id=USER, channel_id=CHANNEL)
    answer = consent(offer.authorize_url)
    services.connector.complete(state=answer["state"], code=answer.get("code"), error=answer.get("error"))
    with services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def stored(services: Services) -> dict[str, int]:
    with services.db.session() as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Contact, SpendTransaction, SpendLine)
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=2000, help="client contacts (default 2,000)")
    parser.add_argument("--spend", type=int, default=50_000, help="extra SPEND transactions (default 50,000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    ours, theirs = multiprocessing.Pipe()
    child = multiprocessing.get_context("spawn").Process(
        target=serve_sandbox, args=(theirs, args.contacts, args.spend, args.seed), daemon=True
    )
    child.start()
    base_url, counts = ours.recv()
    slack = SlackFake(team_id=TEAM, team_name="Bench & Co", bot_user_id="U0BOT", bot_token="xoxb-bench")
    slack.start()
    slack.add_user(USER, "bench", "Bench Admin", is_admin=True)
    slack.add_channel(CHANNEL, "billing")
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.from_env(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
                "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
                "XERO_CLIENT_ID": "sandbox-client-id",
                "XERO_CLIENT_SECRET": "sandbox-client-secret",
                "XERO_API_BASE": base_url,
                "XERO_IDENTITY_BASE": base_url,
                "XERO_LOGIN_BASE": base_url,
                "SLACK_API_URL": slack.api_url,
                "SLACK_BOT_TOKEN": "xoxb-bench",
            }
        )
        services = build_services(settings, limiter=TenantLimiter(per_minute=BENCH_CALLS_PER_MINUTE))
        try:
            connection_id = connect(services)
            first = timed_sync(services, connection_id, ours)
            again = timed_sync(services, connection_id, ours)
            report(counts, first, again, stored(services))
        finally:
            services.close()
            ours.send("stop")
            ours.recv()
            slack.stop()
    return 0


def report(counts: dict[str, int], first: Run, again: Run, rows: dict[str, Any]) -> None:
    minimum = minimum_calls(counts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    entities = 1 + len(counts)
    storing = first.wall - first.listeners_wall
    print(
        f"Firm: {counts['contacts']:,} contacts, {counts['spend']:,} spend transactions, "
        f"{counts['bills']:,} bills, {counts['received']:,} money received"
    )
    print(f"Limiter: {BENCH_CALLS_PER_MINUTE:,} calls/min (benchmark override; Xero allows 60)")
    print(f"Stored: {rows}")
    print(
        f"First sync:     wall {first.wall:7.2f} s   CPU {first.cpu:7.2f} s   "
        f"{first.rows / first.wall:9,.0f} rows/s   calls {first.calls} (minimum {minimum}, "
        f"{first.calls / minimum:.3f}x; target <= 1.05x)"
    )
    print(
        f"Unchanged sync: wall {again.wall:7.2f} s   CPU {again.cpu:7.2f} s   "
        f"calls {again.calls} (one per entity = {entities})"
    )
    print(
        f"Of the first sync's wall time, sync listeners took {first.listeners_wall:.2f} s "
        f"({dict(first.outcome.found)}); storing {first.rows:,} rows took "
        f"{storing:.2f} s = {first.rows / storing:,.0f} rows/s"
    )
    print(f"Peak RSS: {peak_mb:.0f} MB (target < 300 MB; the sandbox runs in its own process)")
    ok = first.calls <= 1.05 * minimum and again.calls == entities and peak_mb < 300
    print("Targets:", "met" if ok else "NOT met")  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(main())
