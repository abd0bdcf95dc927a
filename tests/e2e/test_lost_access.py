"""Xero access lost at any step (refresh refused, 401 after a refresh, 403 for a removed connection)
is one clear state: the connection needs reconnecting, admins hear it once with a Reconnect button,
cards say so, nothing is half-done, and after reconnecting each waiting invoice is raised once."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from harness import ADMIN, CHANNEL, Running, connect, posted_proposal, propose_adobe_charge
from sqlmodel import select

from sandbox.xero import XeroSandbox
from services.models import (
    ClientInvoice,
    ConnectionStatus,
    InvoiceState,
    Recharge,
    RechargeStatus,
    XeroConnection,
)


def _revoke_refresh(xero: XeroSandbox) -> None:
    """The refresh token answers invalid_grant (the firm revoked Rechargly, or it expired)."""
    xero.revoke_all_refresh_tokens()
    xero.expire_access_tokens()


def _remove_connection(xero: XeroSandbox) -> None:
    """The firm removes the app's connection inside Xero: every call answers 403."""
    for connection in list(xero.identity.connections):
        xero.identity.delete_connection(connection)


LOSSES: dict[str, Callable[[XeroSandbox], None]] = {
    "invalid_grant": _revoke_refresh,
    "403 connection removed": _remove_connection,
}


def _accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    data = xero.store[xero.tenants[0].tenant_id]
    return [i for i in data.invoices.values() if i["Type"] == "ACCREC"]


def _connection(rechargly: Running) -> XeroConnection:
    with rechargly.services.db.session() as session:
        return session.exec(select(XeroConnection)).one()


def _reconnect_notices(rechargly: Running) -> list[Any]:
    return [m for m in rechargly.slack.messages() if "reconnect_xero" in json.dumps(m.blocks)]


def _card(rechargly: Running, message: Any) -> str:
    current = rechargly.slack.message(message.channel, message.ts)
    return json.dumps(current.blocks) if current else ""


@pytest.mark.parametrize("lose", LOSSES.values(), ids=LOSSES.keys())
def test_access_lost_while_approving_then_reconnect(
    connected: Running, lose: Callable[[XeroSandbox], None]
) -> None:
    rechargly, xero = connected, connected.xero
    services = rechargly.services
    message = posted_proposal(services, rechargly.slack, propose_adobe_charge(services, xero))
    lose(xero)

    answer = rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)
    assert answer.status == 200
    assert rechargly.slack.wait_for(lambda: "lost access" in _card(rechargly, message), timeout=15)
    card = _card(rechargly, message)
    assert "approve_all" not in card and "reconnect" in card.lower()
    assert not any("nothing was changed" in json.dumps(r).lower() for r in rechargly.slack.responses)
    assert _connection(rechargly).status == ConnectionStatus.NEEDS_RECONNECT
    assert rechargly.slack.wait_for(lambda: len(_reconnect_notices(rechargly)) == 1, timeout=5)
    with services.db.session() as session:
        [invoice] = session.exec(select(ClientInvoice)).all()
        assert invoice.state == InvoiceState.FAILED
    assert _accrec(xero) == []

    # A second approval card failing the same way adds no second notice.
    rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)
    assert len(_reconnect_notices(rechargly)) == 1

    status, _page = connect(rechargly)
    assert status == 200
    assert rechargly.slack.wait_for(lambda: len(_accrec(xero)) == 1, timeout=20)
    assert rechargly.slack.wait_for(lambda: "lost access" not in _card(rechargly, message), timeout=20)
    assert "receipt" in _card(rechargly, message) and "Approved by" in _card(rechargly, message)
    with services.db.session() as session:
        [invoice] = session.exec(select(ClientInvoice)).all()
        assert invoice.state == InvoiceState.DONE
        statuses = {r.status for r in session.exec(select(Recharge).where(Recharge.invoice_id == invoice.id))}
    assert statuses == {RechargeStatus.INVOICED}
    assert len(_accrec(xero)) == 1


@pytest.mark.parametrize("lose", LOSSES.values(), ids=LOSSES.keys())
def test_access_lost_during_sync_asks_for_reconnect_once(
    connected: Running, lose: Callable[[XeroSandbox], None]
) -> None:
    rechargly = connected
    lose(rechargly.xero)
    for _ in range(2):
        rechargly.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
        rechargly.slack.wait_for(lambda: _connection(rechargly).status != ConnectionStatus.ACTIVE, timeout=15)
    assert _connection(rechargly).status == ConnectionStatus.NEEDS_RECONNECT
    assert rechargly.slack.wait_for(lambda: len(_reconnect_notices(rechargly)) == 1, timeout=5)
