"""A sync that crashes after page k, then runs again, ends exactly where an uninterrupted one does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import TODAY, Running, connect_services
from sqlmodel import select

from bot.bootstrap import build_services
from sandbox.xero import XeroSandbox
from services.models import Contact, ReceivedMoney, SpendLine, SpendTransaction, SyncWatermark, XeroConnection
from services.notices import SyncProgress
from services.storage import Database

PAGE = 1000


@pytest.fixture
def xero() -> Iterator[XeroSandbox]:
    """Big enough for several pages of bank transactions."""
    sandbox = XeroSandbox(seed=7, clients=8, months=3, today=TODAY, extra_spend_transactions=2 * PAGE + 500)
    sandbox.start()
    yield sandbox
    sandbox.stop()


class CrashAfterPage:
    """A progress hook that fails once the first page of bank transactions is committed."""

    def __init__(self) -> None:
        self.crashed = False

    def __call__(self, report: SyncProgress) -> None:
        bank = next(e for e in report.entities if e.label == "Bank transactions")
        if not self.crashed and bank.fetched >= PAGE and not bank.finished:
            self.crashed = True
            raise RuntimeError("injected crash after page 1")


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the sync stores, keyed by Xero ids (our surrogate ids may differ between databases)."""
    with db.session() as session:
        xero_id = {t.id: (t.source, t.xero_id) for t in session.exec(select(SpendTransaction))}
        skip = {"id", "connection_id", "sync_run_id", "spend_transaction_id"}

        def rows(model: type) -> list[tuple[Any, ...]]:
            found = session.exec(select(model)).all()  # type: ignore[call-overload]
            return sorted(
                tuple((k, str(v)) for k, v in sorted(row.model_dump().items()) if k not in skip)
                + ((("txn", xero_id[row.spend_transaction_id]),) if model is SpendLine else ())
                for row in found
            )

        return {
            model.__name__: rows(model)
            for model in (Contact, SpendTransaction, SpendLine, ReceivedMoney, SyncWatermark)
        }


def test_crash_then_resume_equals_an_uninterrupted_sync(connected: Running, tmp_path: Path) -> None:
    sync = connected.services.sync
    with connected.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    crashed = sync.run(cid, trigger="cli", progress=CrashAfterPage())
    assert isinstance(crashed, SyncProgress) and crashed.state == "failed"
    with connected.services.db.session() as session:
        assert len(session.exec(select(SpendTransaction)).all()) == PAGE  # page 1 committed, no more

    connected.xero.reset_calls()
    resumed = sync.run(cid, trigger="cli")
    assert isinstance(resumed, SyncProgress) and resumed.state == "ok"
    spend_calls = [c for c in connected.xero.calls if c.query.get("where") == 'Type=="SPEND"']
    assert len(spend_calls) == 2  # carried on after page 1: never started again from the beginning

    reference = build_services(
        connected.services.settings.with_overrides(database_url=f"sqlite:///{tmp_path / 'reference.db'}")
    )
    try:
        outcome = reference.sync.run(connect_services(reference), trigger="cli")
        assert isinstance(outcome, SyncProgress) and outcome.state == "ok"
        assert snapshot(connected.services.db) == snapshot(reference.db)
    finally:
        reference.close()


def test_cli_sync_once_prints_the_summary(connected: Running) -> None:
    settings = connected.services.settings
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "TOKEN_ENCRYPTION_KEY": settings.token_encryption_key or "",
        "XERO_CLIENT_ID": settings.xero_client_id or "",
        "XERO_CLIENT_SECRET": settings.xero_client_secret or "",
        "XERO_API_BASE": settings.xero_api_base,
        "XERO_IDENTITY_BASE": settings.xero_identity_base,
        "XERO_LOGIN_BASE": settings.xero_login_base,
        "SLACK_API_URL": settings.slack_api_url,
    }
    command = [sys.executable, "-m", "bot.cli", "sync", "--once", "--org", "kauri"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Kauri & Co Chartered Accountants: synced" in done.stdout
    assert "Bank transactions" in done.stdout and "2,5" in done.stdout  # 2,500+ read
    assert "Bank transactions" in done.stderr  # the progress bar

    unknown = subprocess.run(
        [*command[:-1], "Nope Ltd"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert unknown.returncode == 1
    assert "no connected organisation is called “Nope Ltd”. Connected: Kauri & Co" in unknown.stdout
