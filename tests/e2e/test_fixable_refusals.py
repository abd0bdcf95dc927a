"""Xero refusing an invoice for a reason the firm can fix (archived revenue account, a tax type the
organisation can't use, an archived client contact): Xero's words, what to do, and one Retry."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from harness import ADMIN, Running, posted_proposal, propose_adobe_charge
from sqlmodel import select

from sandbox.xero import XeroSandbox
from services.models import ClientInvoice, InvoiceState


def _data(xero: XeroSandbox) -> Any:
    return xero.store[xero.tenants[0].tenant_id]


def _client(xero: XeroSandbox) -> dict[str, Any]:
    """The client the Adobe rule recharges (the first customer by name)."""
    customers = sorted(
        (c for c in _data(xero).contacts.values() if c.get("IsCustomer")), key=lambda c: c["Name"]
    )
    return dict(customers[0])


def _account(xero: XeroSandbox) -> dict[str, Any]:
    return _data(xero).account_by_code("200")  # type: ignore[no-any-return]


BREAKS: dict[str, tuple[Callable[[XeroSandbox], None], Callable[[XeroSandbox], None], str, str]] = {
    "archived account": (
        lambda x: _account(x).update(Status="ARCHIVED"),
        lambda x: _account(x).update(Status="ACTIVE"),
        "has been archived",
        "revenue account",
    ),
    "tax type": (
        lambda x: _data(x).__dict__.setdefault("_kept", _data(x).tax_rates.pop("OUTPUT2")),
        lambda x: _data(x).tax_rates.__setitem__("OUTPUT2", _data(x).__dict__["_kept"]),
        "TaxType code",
        "tax type",
    ),
    "archived contact": (
        lambda x: _data(x).contacts[_client(x)["ContactID"].lower()].update(ContactStatus="ARCHIVED"),
        lambda x: _data(x).contacts[_client(x)["ContactID"].lower()].update(ContactStatus="ACTIVE"),
        "is archived",
        "Restore",
    ),
}


def _accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    return [i for i in _data(xero).invoices.values() if i["Type"] == "ACCREC"]


@pytest.mark.parametrize("case", BREAKS.values(), ids=BREAKS.keys())
def test_a_refusal_the_firm_can_fix_says_what_to_do_and_retry_makes_one_invoice(
    connected: Running, case: tuple[Callable[[XeroSandbox], None], Callable[[XeroSandbox], None], str, str]
) -> None:
    break_it, fix_it, xero_said, what_to_do = case
    rechargly, xero = connected, connected.xero
    message = posted_proposal(
        rechargly.services, rechargly.slack, propose_adobe_charge(rechargly.services, xero)
    )
    break_it(xero)
    rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)

    def reply() -> Any:
        replies = [m for m in rechargly.slack.messages(message.channel) if m.thread_ts == message.ts]
        return replies[-1] if replies else None

    assert rechargly.slack.wait_for(reply, timeout=15)
    said = json.dumps(reply().blocks)
    assert xero_said in said and "What to do:" in said and what_to_do in said
    assert _accrec(xero) == []

    fix_it(xero)
    rechargly.driver.click_button(reply(), "retry_invoice", user_id=ADMIN)
    assert rechargly.slack.wait_for(lambda: len(_accrec(xero)) == 1, timeout=15)
    with rechargly.services.db.session() as session:
        assert rechargly.slack.wait_for(
            lambda: session.exec(select(ClientInvoice)).one().state == InvoiceState.DONE, timeout=10
        )
    assert len(_accrec(xero)) == 1
