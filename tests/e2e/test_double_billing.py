"""No double billing over HTTP: a charge the firm already bills to a customer through Xero's billable
expenses (LinkedTransactions) is never proposed, and a proposal made before the link is withdrawn."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from harness import (
    ADMIN,
    CHANNEL,
    SIGNING_SECRET,
    TEAM,
    Running,
    connect,
    make_settings,
    propose_adobe_charge,
)
from sqlmodel import select

from bot.server import start_local
from bot.settings import GRANULAR_XERO_SCOPES
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import Recharge, RechargeStatus, SpendLine, SpendTransaction, XeroConnection


def _serve(database_url: str, xero: XeroSandbox, slack: SlackFake, scopes: tuple[str, ...]) -> Running:
    services, server = start_local(make_settings(database_url, xero, slack, xero_scopes=scopes))
    running = Running(
        services, server, slack, xero, SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    )
    assert connect(running)[0] == 200
    return running


@pytest.fixture
def linked(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Iterator[Running]:
    """Connected with accounting.transactions.read as well: LinkedTransactions can be read."""
    running = _serve(database_url, xero, slack, (*GRANULAR_XERO_SCOPES, "accounting.transactions.read"))
    yield running
    running.server.stop()
    running.services.close()


def _sync(running: Running) -> None:
    with running.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    running.services.sync.run(cid, trigger="cli", started_by=ADMIN)


def _link(running: Running, recharge: Recharge) -> None:
    with running.services.db.session() as session:
        line = session.get(SpendLine, recharge.spend_line_id)
        assert line is not None
        spend = session.get(SpendTransaction, line.spend_transaction_id)
        assert spend is not None
    tenant = running.xero.tenants[0].tenant_id
    running.xero.link_billable_expense(tenant, spend.xero_id, line.line_key, recharge.client_contact_xero_id)


def _recharges(running: Running, message_id: int) -> list[Recharge]:
    with running.services.db.session() as session:
        return list(session.exec(select(Recharge).where(Recharge.proposal_message_id == message_id)))


def test_proposal_withdrawn_when_the_charge_is_billed_through_xero(linked: Running) -> None:
    message_id = propose_adobe_charge(linked.services, linked.xero)
    [recharge] = _recharges(linked, message_id)
    assert recharge.status == RechargeStatus.PROPOSED
    _link(linked, recharge)
    _sync(linked)
    with linked.services.db.session() as session:
        again = session.get(Recharge, recharge.id)
    assert again is not None and again.status == RechargeStatus.WITHDRAWN


def test_charge_already_billed_through_xero_is_never_proposed(linked: Running) -> None:
    first = propose_adobe_charge(linked.services, linked.xero)  # the Adobe rule, and one charge proposed
    [earlier] = _recharges(linked, first)
    tenant = linked.xero.tenants[0].tenant_id
    data = linked.xero.store[tenant]
    adobe = next(c["ContactID"] for c in data.contacts.values() if c["Name"] == "Adobe")
    record = linked.xero.add_bank_transaction(
        tenant,
        contact_id=adobe,
        date=dt.date(2026, 11, 19),
        lines=[{"Description": "Adobe Acrobat Pro", "Quantity": "1", "UnitAmount": "57.50",
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    line_id = record["LineItems"][0]["LineItemID"]
    linked.xero.link_billable_expense(
        tenant, record["BankTransactionID"], line_id, earlier.client_contact_xero_id
    )
    _sync(linked)
    with linked.services.db.session() as session:
        line = session.exec(select(SpendLine).where(SpendLine.line_key == line_id.lower())).one()
        proposed = session.exec(select(Recharge).where(Recharge.spend_line_id == line.id)).all()
    assert line.billed_in_xero and proposed == []


def test_without_the_scope_the_guard_stays_off(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    running = _serve(database_url, xero, slack, GRANULAR_XERO_SCOPES)
    try:
        message_id = propose_adobe_charge(running.services, xero)
        [recharge] = _recharges(running, message_id)
        _link(running, recharge)
        _sync(running)
        assert [r.status for r in _recharges(running, message_id)] == [RechargeStatus.PROPOSED]
    finally:
        running.server.stop()
        running.services.close()


def _connect_table(running: Running) -> str:
    reply = running.driver.command("/rechargly", "connect", user_id=ADMIN, channel_id=CHANNEL).json()
    return json.dumps(reply["blocks"])


def _connected_dm(running: Running) -> str:
    [dm] = [m for m in running.slack.messages() if (m.text or "").startswith("Connected to Xero")]
    return json.dumps(dm.blocks)


def test_connect_table_and_connected_message_say_the_guard_is_granted(linked: Running) -> None:
    for shown in (_connect_table(linked), _connected_dm(linked)):
        assert "Billable expenses (LinkedTransactions)" in shown and "`accounting.transactions.read`" in shown
        assert "double-billing guard reads Xero's billable expenses" in shown
        assert "granted: the guard is on" in shown and "not granted" not in shown


def test_connect_table_says_what_the_optional_scope_would_add_when_not_granted(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    services, server = start_local(make_settings(database_url, xero, slack))  # XERO_SCOPES=granular
    running = Running(
        services, server, slack, xero, SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    )
    try:
        before = _connect_table(running)
        assert "Billable expenses (LinkedTransactions)" in before and "not requested" in before
        assert "XERO_SCOPES" in before  # how to turn it on
        assert connect(running)[0] == 200
        for shown in (_connect_table(running), _connected_dm(running)):
            assert "Billable expenses (LinkedTransactions)" in shown and "not granted" in shown
            assert "double-billing guard reads Xero's billable expenses" in shown
    finally:
        server.stop()
        services.close()
