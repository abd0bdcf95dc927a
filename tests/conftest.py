"""Shared fixtures: a Xero sandbox, a Slack fake, a fresh database, and Rechargly served over HTTP."""

from __future__ import annotations

import datetime as dt
import os
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from bot.container import Services
from bot.server import BackgroundServer, start_local
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox

SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-test-bot-token-0123456789"
TEAM = "T0001"
ADMIN = "U1ADMIN"
MEMBER = "U2MEMBER"
CHANNEL = "C1BILLING"
TODAY = dt.date(2026, 11, 20)
POSTGRES_ENV = "RECHARGLY_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


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


both_databases = pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)


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


def make_settings(database_url: str, xero: XeroSandbox, slack: SlackFake, **overrides: object) -> Settings:
    base = xero.base_url
    env = {
        "DATABASE_URL": database_url,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "XERO_CLIENT_ID": xero.client_id,
        "XERO_CLIENT_SECRET": xero.client_secret,
        "XERO_API_BASE": base,
        "XERO_IDENTITY_BASE": base,
        "XERO_LOGIN_BASE": base,
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "APPROVALS_CHANNEL": CHANNEL,
        "DIGEST_CHANNEL": CHANNEL,
    }
    return Settings.from_env(env).with_overrides(**overrides)


@pytest.fixture
def settings(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Settings:
    return make_settings(database_url, xero, slack)


@dataclass
class Running:
    """Rechargly served over real HTTP, with everything a test needs to drive it."""

    services: Services
    server: BackgroundServer
    slack: SlackFake
    xero: XeroSandbox
    driver: SlackDriver

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture
def rechargly(settings: Settings, slack: SlackFake, xero: XeroSandbox) -> Iterator[Running]:
    services, server = start_local(settings)
    driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    yield Running(services=services, server=server, slack=slack, xero=xero, driver=driver)
    server.stop()
    services.db.engine.dispose()


def connect_button_url(reply: dict[str, Any]) -> str:
    """The Connect Xero button's URL in a `/rechargly connect` reply."""
    for block in reply["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == "connect_xero":
                return str(element["url"])
    raise AssertionError("no Connect Xero button")


def open_page(url: str) -> tuple[int, str]:
    """GET a page as a browser would (following redirects); returns (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def connect(rechargly: Running, user_id: str = ADMIN, channel_id: str = CHANNEL) -> tuple[int, str]:
    """Connect the sandbox's organisation the way a partner does: command, button, Xero, callback."""
    reply = rechargly.driver.command("/rechargly", "connect", user_id=user_id, channel_id=channel_id).json()
    return open_page(connect_button_url(reply))


@pytest.fixture
def connected(rechargly: Running) -> Running:
    """Rechargly with the sandbox's organisation connected from Slack."""
    status, page = connect(rechargly)
    assert status == 200, page
    return rechargly
