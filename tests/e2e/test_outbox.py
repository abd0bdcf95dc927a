"""Every Slack message that carries work goes through the outbox: written with its state, posted by a
background worker that waits out 429s, paces channels, and tells admins once about a broken channel.
A run with many clients posts one summary whose Review pages through them."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from harness import ADMIN, CHANNEL, SIGNING_SECRET, TEAM, TODAY, Running, connect, make_settings
from sqlmodel import col, select

from bot.server import start_local
from sandbox.slack import PostedMessage, SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import (
    Contact,
    OutboxMessage,
    ProposalMessage,
    Recharge,
    RechargeStatus,
    XeroConnection,
)
from services.recharging.review import PAGE_SIZE
from services.recharging.rules import RuleForm


def serve(database_url: str, xero: XeroSandbox, slack: SlackFake, **overrides: object) -> Running:
    services, server = start_local(make_settings(database_url, xero, slack, **overrides))
    driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    return Running(services=services, server=server, slack=slack, xero=xero, driver=driver)


@pytest.fixture
def firm(request: pytest.FixtureRequest, database_url: str, slack: SlackFake) -> Iterator[Running]:
    """Rechargly connected to a sandbox firm with `request.param` clients, synced once."""
    with XeroSandbox(seed=7, clients=request.param, months=2, today=TODAY) as xero:
        running = serve(database_url, xero, slack, outbox_retry_seconds=0.5)
        status, page = connect(running)
        assert status == 200, page
        running.services.sync.run(_connection_id(running), trigger="cli", started_by=ADMIN)
        running.delivered()
        yield running
        running.server.stop()
        running.services.close()


def _connection_id(running: Running) -> int:
    with running.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _clients(running: Running, count: int) -> list[tuple[str, str]]:
    data = running.xero.store[running.xero.tenants[0].tenant_id]
    customers = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))
    return [(xero_id, name) for name, xero_id in customers[:count]]


def _adobe(running: Running) -> Contact:
    with running.services.db.session() as session:
        return session.exec(select(Contact).where(Contact.name == "Adobe")).one()


def _rule_values(adobe: Contact, clients: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """The rule modal filled in: Adobe, $10.00 to each chosen client."""
    option = {"text": {"type": "plain_text", "text": adobe.name}, "value": adobe.xero_id}
    chosen = [{"text": {"type": "plain_text", "text": name[:75]}, "value": i} for i, name in clients]
    return {
        "name": {"name": "Adobe for everyone"},
        "supplier": {"rule_supplier": {"selected_option": option}},
        "allocation": {"allocation": "fixed"},
        "clients": {"rule_clients": {"selected_options": chosen}},
        "shares": {"shares": ", ".join("10.00" for _ in clients)},
        "basis": {"basis": "net"},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
    }


def _save_rule_service(running: Running, clients: list[tuple[str, str]]) -> None:
    form = RuleForm(
        name="Adobe for everyone",
        supplier_contact=_adobe(running).xero_id,
        allocation="fixed",
        clients=tuple(i for i, _ in clients),
        shares=", ".join("10.00" for _ in clients),
        revenue_account_code="200",
        tax_type="OUTPUT2",
    )
    running.services.rules.save(team_id=TEAM, user_id=ADMIN, form=form)
    assert running.services.background.drain()  # the rule's back-fill


def _cards(running: Running) -> list[PostedMessage]:
    return [m for m in running.slack.messages(CHANNEL) if "Recharge" in (m.text or "") and m.buttons()]


def _outbox_keys(messages: list[PostedMessage]) -> list[str]:
    return [str(((m.metadata or {}).get("event_payload") or {}).get("key")) for m in messages]


def _summaries(running: Running) -> list[PostedMessage]:
    return [m for m in running.slack.messages(CHANNEL) if "have recharges waiting" in (m.text or "")]


# --- no flood ------------------------------------------------------------------------------------


@pytest.mark.parametrize("firm", [2000], indirect=True)
def test_a_rule_for_2000_clients_posts_one_summary_and_acks_its_modal_fast(firm: Running) -> None:
    reply = firm.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL)
    assert reply.status == 200
    started = time.perf_counter()
    answer = firm.driver.submit_view(firm.slack.views[-1], _rule_values(_adobe(firm), _clients(firm, 2000)),
                                     user_id=ADMIN)  # fmt: skip
    took = time.perf_counter() - started
    # Acknowledged in time, saved ("Checking…" when the save took longer); back-filled after.
    assert answer.status == 200 and (b"Checking" in answer.body or b"Rule saved" in answer.body), answer.body
    assert took < 3.0, f"the rule modal was acknowledged after {took:.1f} s"
    firm.delivered(timeout=300)  # the back-fill: 4,000 recharges in the background
    assert firm.slack.wait_for(lambda: _summaries(firm), timeout=60)
    [summary] = _summaries(firm)
    assert "2,000 clients have recharges waiting" in (summary.text or "")
    assert not _cards(firm), "no card per client"
    assert len(firm.slack.calls_of("chat.postMessage")) < 5

    # Review: a paged modal, each page within Slack's 100 blocks.
    review = next(e for _b, e in summary.buttons() if e["action_id"] == "review_run_open")
    assert firm.driver.click_button(summary, review["action_id"], user_id=ADMIN).status == 200
    assert firm.slack.wait_for(lambda: _modal(firm) is not None)
    modal = _modal(firm)
    assert modal is not None and len(modal["blocks"]) <= 100
    names = [
        b for b in modal["blocks"] if b.get("accessory", {}).get("action_id") == "review_run_approve_client"
    ]
    assert len(names) == PAGE_SIZE
    assert "Page 1 of 100" in json.dumps(modal)
    _press_in_modal(firm, modal, "review_run_next")
    assert firm.slack.wait_for(lambda: "Page 2 of 100" in json.dumps(_modal(firm)))


def _modal(running: Running) -> dict[str, Any] | None:
    views = [v for v in running.slack.views if (v.view or {}).get("callback_id") == "review_run_modal"]
    return running.slack.view(views[-1].view_id) if views else None


def _press_in_modal(
    running: Running, modal: dict[str, Any], action_id: str, value: str | None = None
) -> None:
    response = running.driver.click(action_id, value, view=modal["id"], user_id=ADMIN)
    assert response.status == 200


@pytest.mark.parametrize("firm", [30], indirect=True)
def test_the_review_approves_one_client_then_all_at_once(firm: Running) -> None:
    _save_rule_service(firm, _clients(firm, 12))
    firm.delivered()
    [summary] = _summaries(firm)
    assert "12 clients have recharges waiting" in (summary.text or "")
    firm.driver.click_button(summary, "review_run_open", user_id=ADMIN)
    assert firm.slack.wait_for(lambda: _modal(firm) is not None)
    modal = _modal(firm)
    assert modal is not None
    first = next(b for b in modal["blocks"] if "accessory" in b)["accessory"]["value"]
    _press_in_modal(firm, modal, "review_run_approve_client", first)
    assert firm.slack.wait_for(lambda: "Approved" in json.dumps(_modal(firm)), timeout=30)
    _press_in_modal(firm, _modal(firm) or {}, "review_run_approve_all")
    # 11 invoices, each now with its History note and online link: Xero's 60 calls a minute paces them.
    assert firm.slack.wait_for(lambda: "Approved 11 clients" in json.dumps(_modal(firm)), timeout=300)
    with firm.services.db.session() as session:
        waiting = session.exec(select(Recharge).where(Recharge.status == RechargeStatus.PROPOSED)).all()
    assert not waiting
    firm.delivered()
    edited = firm.slack.message(CHANNEL, summary.ts)
    assert edited is not None and "All 12 clients" in (edited.text or "")


@pytest.mark.parametrize("firm", [30], indirect=True)
def test_small_runs_keep_their_cards(firm: Running) -> None:
    _save_rule_service(firm, _clients(firm, 10))
    firm.delivered()
    assert not _summaries(firm)
    assert len(_cards(firm)) == 10


# --- delivery ------------------------------------------------------------------------------------


@pytest.mark.parametrize("firm", [300], indirect=True)
def test_a_429_storm_during_a_300_client_sync_delays_messages_and_loses_none(firm: Running) -> None:
    _save_rule_service(firm, _clients(firm, 10))  # 10 clients: a card each
    firm.delivered()
    firm.slack.reset()
    clients = _clients(firm, 300)
    _save_rule_service(firm, clients[:8])  # a second rule: 8 more cards...
    firm.slack.fail_next("chat.postMessage", "ratelimited", times=12, retry_after=1)
    xero_tenant = firm.xero.tenants[0].tenant_id
    firm.xero.add_bank_transaction(
        xero_tenant, contact_id=_adobe(firm).xero_id, date=dt.date(2026, 11, 18), reference="Adobe",
        lines=[{"Description": "Adobe Acrobat Pro", "Quantity": "1", "UnitAmount": "300.00",
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    answer = firm.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    assert answer.status == 200
    assert firm.slack.wait_for(lambda: _sync_finished(firm), timeout=120)
    firm.delivered(timeout=120)
    with firm.services.db.session() as session:
        messages = session.exec(select(ProposalMessage)).all()
        waiting = session.exec(select(OutboxMessage).where(OutboxMessage.state != "delivered")).all()
    assert not waiting
    posted = _outbox_keys(firm.slack.messages())
    assert len(posted) == len(set(posted)), "something was posted twice"
    for message in messages:
        assert message.message_ts or message.review_batch_id, f"proposal {message.id} was never posted"
    assert len(firm.slack.calls_of("chat.postMessage")) > len(posted), "the storm never struck"


def _sync_finished(running: Running) -> bool:
    from services.models import SyncRun

    with running.services.db.session() as session:
        run = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()
    return run is not None and run.trigger == "manual" and run.finished_at is not None


@pytest.mark.parametrize("firm", [30], indirect=True)
@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found", "is_archived"])
def test_a_channel_error_is_told_to_admins_once_and_messages_wait_for_the_fix(
    firm: Running, error: str
) -> None:
    firm.slack.fail_next("chat.postMessage", error, times=1_000, channel=CHANNEL)  # until it is fixed
    _save_rule_service(firm, _clients(firm, 3))
    assert firm.slack.wait_for(lambda: _dms_about_channel(firm), timeout=20)
    time.sleep(1.5)  # a few more attempts: still told only once
    status = firm.driver.command("/rechargly", "status", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Slack messages waiting to be posted:* 3" in json.dumps(status)
    firm.slack.clear_failures()  # the admin invited the bot
    firm.delivered(timeout=30)
    assert len(_cards(firm)) == 3
    assert len(_dms_about_channel(firm)) == 1, "told more than once"
    with firm.services.db.session() as session:
        assert not session.exec(select(OutboxMessage).where(OutboxMessage.state != "delivered")).all()


def _dms_about_channel(running: Running) -> list[PostedMessage]:
    return [m for m in running.slack.messages() if "can't post in" in (m.text or "")]


@pytest.mark.parametrize("firm", [30], indirect=True)
def test_told_admins_once_across_attempts(firm: Running) -> None:
    firm.slack.fail_next("chat.postMessage", "not_in_channel", times=1_000, channel=CHANNEL)
    _save_rule_service(firm, _clients(firm, 2))
    assert firm.slack.wait_for(lambda: _dms_about_channel(firm), timeout=20)
    time.sleep(2)
    told = _dms_about_channel(firm)
    assert len(told) == 1 and "Invite @Rechargly to <#C1BILLING>" in (told[0].text or "")


@pytest.mark.parametrize("firm", [30], indirect=True)
def test_a_message_slack_refuses_for_good_never_stops_the_others(firm: Running) -> None:
    firm.slack.fail_next("chat.postMessage", "invalid_blocks", times=1)
    _save_rule_service(firm, _clients(firm, 4))
    firm.delivered()
    assert len(_cards(firm)) == 3
    status = firm.driver.command("/rechargly", "status", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Refused by Slack for good:* 1" in json.dumps(status)
