"""Rotating TOKEN_ENCRYPTION_KEY: connect under key A, run with "B,A", `rechargly rotate-key`, then
run with B alone, and every organisation stays connected (no reconnect, no lost token)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from harness import ADMIN, CHANNEL, Running, connect
from sqlmodel import col, select

from bot.server import start_local
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import ConnectionStatus, SyncRun, XeroConnection, XeroGrant

from harness import SIGNING_SECRET, TEAM  # isort: skip


def _serve(settings: Settings, slack: SlackFake, xero: XeroSandbox) -> Running:
    services, server = start_local(settings)
    driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    return Running(services=services, server=server, slack=slack, xero=xero, driver=driver)


def _sync_works(running: Running) -> None:
    """A sync from Slack that needs the stored tokens (access expired at Xero: a refresh too)."""
    running.xero.expire_access_tokens()
    running.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)

    def finished() -> SyncRun | None:
        with running.services.db.session() as session:
            run = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()
        return run if run is not None and run.finished_at is not None else None

    assert running.slack.wait_for(finished, timeout=30)
    run = finished()
    assert run is not None and run.status == "ok", run
    with running.services.db.session() as session:
        assert session.exec(select(XeroConnection)).one().status == ConnectionStatus.ACTIVE


def _rotate(database_url: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(PYTHONPATH=str(Path(__file__).resolve().parents[2]), DATABASE_URL=database_url,
               TOKEN_ENCRYPTION_KEY=key)  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "rotate-key"], env=env, capture_output=True, text=True, timeout=60
    )


def test_rotate_the_encryption_key_without_reconnecting(
    settings: Settings, slack: SlackFake, xero: XeroSandbox, database_url: str
) -> None:
    key_a, key_b = settings.token_encryption_key or "", Fernet.generate_key().decode()
    first = _serve(settings, slack, xero)
    try:
        status, page = connect(first)
        assert status == 200, page
    finally:
        first.server.stop()
        first.services.close()

    both = _serve(settings.with_overrides(token_encryption_key=f"{key_b},{key_a}"), slack, xero)
    try:
        _sync_works(both)
    finally:
        both.server.stop()
        both.services.close()

    result = _rotate(database_url, f"{key_b},{key_a}")  # the grant and the consent's PKCE verifier
    assert result.returncode == 0, result.stderr
    assert "Re-encrypted 2 stored secret" in result.stdout and key_a not in result.stdout + result.stderr

    only_b = _serve(settings.with_overrides(token_encryption_key=key_b), slack, xero)
    try:
        _sync_works(only_b)
        with only_b.services.db.session() as session:
            grant = session.exec(select(XeroGrant)).one()
        only_b.services.tokens.read(grant)  # readable with B alone
    finally:
        only_b.server.stop()
        only_b.services.close()


def test_rotate_key_refuses_when_the_old_key_is_missing(
    settings: Settings, rechargly: Running, database_url: str
) -> None:
    connect(rechargly)
    result = _rotate(database_url, Fernet.generate_key().decode())
    assert result.returncode == 1 and "NEW,OLD" in result.stderr and "Traceback" not in result.stderr
