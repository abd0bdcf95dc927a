"""Shared fixtures: a Xero sandbox, a Slack fake, a fresh database, and Rechargly served over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    ADMIN,
    BOT_TOKEN,
    CHANNEL,
    MEMBER,
    POSTGRES_ENV,
    SIGNING_SECRET,
    TEAM,
    TODAY,
    Running,
    connect,
    make_settings,
    postgres_url,
)
from sqlalchemy import create_engine, text

from bot.server import start_local
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database per test (SQLite unless a test asks for both backends)."""
    if request.param != "postgres":
        yield f"sqlite:///{tmp_path / 'rechargly.db'}"
        return
    url = postgres_url()
    if url is None:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (set by .ci/run when the server answers)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    yield f"{url}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def xero() -> Iterator[XeroSandbox]:
    sandbox = XeroSandbox(seed=7, clients=8, months=3, today=TODAY)
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture
def slack() -> Iterator[SlackFake]:
    fake = SlackFake(team_id=TEAM, team_name="Kauri & Co", bot_user_id="U0BOT", bot_token=BOT_TOKEN)
    fake.start()
    fake.add_user(ADMIN, "ana", "Ana Admin", is_admin=True)
    fake.add_user(MEMBER, "ben", "Ben Bookkeeper")
    fake.add_channel(CHANNEL, "billing")
    yield fake
    fake.stop()


@pytest.fixture
def settings(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Settings:
    return make_settings(database_url, xero, slack)


@pytest.fixture
def rechargly(settings: Settings, slack: SlackFake, xero: XeroSandbox) -> Iterator[Running]:
    services, server = start_local(settings)
    driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    yield Running(services=services, server=server, slack=slack, xero=xero, driver=driver)
    server.stop()
    services.close()
    assert slack.unsafe_text == [], "Rechargly sent mrkdwn with values unescaped"


@pytest.fixture
def connected(rechargly: Running) -> Running:
    """Rechargly with the sandbox's organisation connected from Slack."""
    status, page = connect(rechargly)
    assert status == 200, page
    return rechargly
