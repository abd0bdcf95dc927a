"""One deployment, many firms: Slack app installation per workspace, and each sees only its own data."""

from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    ADMIN,
    CHANNEL,
    SIGNING_SECRET,
    TEAM,
    Running,
    connect,
    make_settings,
    posted_proposal,
    propose_adobe_charge,
)
from sqlmodel import select

from bot.server import start_local
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.errors import SlackUnavailable
from services.models import ClientInvoice, ConnectionStatus, Recharge, RechargeStatus, XeroConnection
from services.notices import XeroNeedsReconnect

OTHER_TEAM, OTHER_ADMIN = "T0OTHER", "U0OTHERADMIN"


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Like real browsers, treat http://127.0.0.1 as a secure context, so Secure cookies come back."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: urllib.request.Request) -> bool:
        return True


def install(url: str, slack: SlackFake, team_id: str, team_name: str, installer: str) -> str:
    """Add Rechargly to a workspace the way an admin does, in one browser session (cookies kept)."""
    slack.add_installable_team(team_id, team_name, installer)
    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar(LoopbackIsSecure()))
    )
    with browser.open(f"{url}/slack/install", timeout=10) as page:
        html = page.read().decode()
    authorize = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', html)
    assert authorize, html
    with browser.open(authorize.group(1).replace("&amp;", "&"), timeout=10) as done:
        return str(done.read().decode())


@pytest.fixture
def multi(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Iterator[Running]:
    settings: Settings = make_settings(database_url, xero, slack).with_overrides(
        slack_bot_token=None,
        slack_client_id=slack.installer.client_id,
        slack_client_secret=slack.installer.client_secret,
    )
    services, server = start_local(settings)
    running = Running(
        services=services,
        server=server,
        slack=slack,
        xero=xero,
        driver=SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, slack.team_id),
    )
    install(server.url, slack, slack.team_id, slack.team_name, ADMIN)
    slack.add_user(OTHER_ADMIN, "olga", "Olga Other", is_admin=True)
    install(server.url, slack, OTHER_TEAM, "Other & Partners", OTHER_ADMIN)
    yield running
    server.stop()
    services.db.engine.dispose()


def test_installation_is_stored_and_commands_work(multi: Running) -> None:
    store = multi.services.installation_store
    assert store is not None
    assert store.find_bot(enterprise_id=None, team_id=multi.slack.team_id) is not None
    assert store.find_bot(enterprise_id=None, team_id=OTHER_TEAM) is not None
    reply = multi.driver.command("/rechargly", "help", user_id=ADMIN)
    assert reply.status == 200 and "blocks" in reply.json()


def test_a_workspace_never_sees_or_touches_another_ones_organisation(multi: Running) -> None:
    status, _ = connect(multi)
    assert status == 200
    other = SlackDriver(multi.driver.app_url, SIGNING_SECRET, multi.slack, OTHER_TEAM)
    shown = other.command("/rechargly", "status", user_id=OTHER_ADMIN, channel_id="C0OTHER").text
    assert "Not connected to Xero yet" in shown and "Kauri" not in shown
    with multi.services.db.session() as session:
        connection = session.exec(select(XeroConnection)).one()
    # A replayed disconnect button carrying the first firm's connection id, sent from the other firm.
    other.click("confirm_disconnect", str(connection.id), user_id=OTHER_ADMIN, channel_id="C0OTHER")
    refused = lambda: any("isn't connected" in json.dumps(r) for r in multi.slack.responses)  # noqa: E731
    assert multi.slack.wait_for(refused)
    with multi.services.db.session() as session:
        assert session.exec(select(XeroConnection)).one().status == ConnectionStatus.ACTIVE


def test_a_replayed_approve_button_from_another_workspace_does_nothing(multi: Running) -> None:
    assert connect(multi)[0] == 200
    message = posted_proposal(multi.services, multi.slack, propose_adobe_charge(multi.services, multi.xero))
    other = SlackDriver(multi.driver.app_url, SIGNING_SECRET, multi.slack, OTHER_TEAM)
    for action in ("approve_all", "reject", "review"):
        other.click_button(message, action, user_id=OTHER_ADMIN)
    time.sleep(1)
    with multi.services.db.session() as session:
        statuses = {r.status for r in session.exec(select(Recharge)).all()}
        invoices = session.exec(select(ClientInvoice)).all()
    assert statuses == {RechargeStatus.PROPOSED} and not invoices
    assert not [i for i in multi.xero.store[multi.xero.tenants[0].tenant_id].invoices.values()
                if i["Type"] == "ACCREC"]  # fmt: skip


def test_unknown_workspace_is_not_served(multi: Running) -> None:
    stranger = SlackDriver(multi.driver.app_url, SIGNING_SECRET, multi.slack, "T0STRANGER")
    reply = stranger.command("/rechargly", "help", user_id=ADMIN)
    assert reply.status == 401 or "blocks" not in reply.text


def test_single_workspace_mode_still_needs_no_installation(rechargly: Running, tmp_path: Path) -> None:
    assert rechargly.services.installation_store is None
    assert rechargly.driver.command("/rechargly", "help", user_id=ADMIN, channel_id=CHANNEL).status == 200


REVOKED = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}}


@pytest.mark.parametrize("event", [{"type": "app_uninstalled"}, REVOKED])
def test_uninstalling_stops_schedules_and_slack_calls_and_keeps_the_data(
    database_url: str, xero: XeroSandbox, slack: SlackFake, event: dict[str, object]
) -> None:
    settings = make_settings(database_url, xero, slack).with_overrides(
        slack_bot_token=None,
        slack_client_id=slack.installer.client_id,
        slack_client_secret=slack.installer.client_secret,
    )
    services, server = start_local(settings, scheduled=True)
    try:
        install(server.url, slack, slack.team_id, slack.team_name, ADMIN)
        driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, slack.team_id)
        running = Running(services=services, server=server, slack=slack, xero=xero, driver=driver)
        assert connect(running)[0] == 200
        with services.db.session() as session:
            connection_id = session.exec(select(XeroConnection.id)).one() or 0
        assert services.schedule.next_sync_at(connection_id) is not None

        assert driver.event(event).status == 200
        store = services.installation_store
        assert store is not None
        assert slack.wait_for(lambda: store.find_bot(enterprise_id=None, team_id=slack.team_id) is None)
        assert services.schedule.next_sync_at(connection_id) is None
        slack.reset()
        with pytest.raises(SlackUnavailable):  # work still running finds no token to use
            services.notifier.post(team_id=TEAM, channel=CHANNEL, notice=XeroNeedsReconnect(("Kauri",)))
        assert slack.calls == []
        with services.db.session() as session:  # the firm's data stays for a reinstall
            assert session.get(XeroConnection, connection_id) is not None

        install(server.url, slack, slack.team_id, slack.team_name, ADMIN)
        assert services.schedule.next_sync_at(connection_id) is not None
    finally:
        server.stop()
        services.close()
