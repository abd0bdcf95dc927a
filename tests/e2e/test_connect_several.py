"""A Xero login that reaches several organisations: the partner picks in Slack which ones to recharge
from; and who may connect at all."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from harness import ADMIN, CHANNEL, MEMBER, SIGNING_SECRET, TEAM, TODAY, Running, connect, make_settings
from sqlmodel import select

from bot.server import start_local
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import XeroConnection


@pytest.fixture
def xero() -> Iterator[XeroSandbox]:
    sandbox = XeroSandbox(seed=11, clients=4, months=1, tenants=2, today=TODAY)
    sandbox.start()
    yield sandbox
    sandbox.stop()


def test_several_organisations_are_picked_in_slack(rechargly: Running) -> None:
    status, page = connect(rechargly)
    assert status == 200 and "Choose which ones" in page
    with rechargly.services.db.session() as session:
        assert session.exec(select(XeroConnection)).first() is None  # nothing until the pick
    question = next(m for m in rechargly.slack.messages() if "several organisations" in (m.text or ""))
    second = rechargly.xero.tenants[1]
    rechargly.driver.click(
        "pick_tenants", message=question, selected_option=[second.tenant_id], user_id=ADMIN
    )
    assert rechargly.slack.wait_for(
        lambda: any("Recharging from" in json.dumps(r) for r in rechargly.slack.responses)
    )
    with rechargly.services.db.session() as session:
        connections = session.exec(select(XeroConnection)).all()
    assert [(c.tenant_id, c.name, c.base_currency) for c in connections] == [
        (second.tenant_id, second.name, second.base_currency)
    ]
    assert any("Connected to" in (m.text or "") and second.base_currency in (m.text or "")
               for m in rechargly.slack.messages())  # fmt: skip


def test_a_named_rechargly_admin_may_connect_without_being_a_slack_admin(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    slack.add_user("U9OTHER", "olly", "Olly Other")
    services, server = start_local(make_settings(database_url, xero, slack, admins=(MEMBER,)))
    try:
        driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
        reply = driver.command("/rechargly", "connect", user_id=MEMBER, channel_id=CHANNEL).json()
        assert "Connect Xero" in json.dumps(reply["blocks"])
        refused = driver.command("/rechargly", "connect", user_id="U9OTHER", channel_id=CHANNEL).json()
        assert "Only workspace admins or <@U2MEMBER>" in refused["text"]
    finally:
        server.stop()
        services.close()
