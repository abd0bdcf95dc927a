"""Bad input from Slack or a stranger: each gets a clear answer and changes nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from harness import ADMIN, CHANNEL, Running, posted_proposal, propose_adobe_charge, raise_recharge_invoice
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import select

from handlers.parsing import MAX_COMMAND_TEXT, parse_slash
from sandbox.slack import sign_slack_request
from services.errors import BadRequest
from services.models import InvoiceState, SpendTransaction, XeroConnection

FAULTS_TRIED: list[tuple[str, str]] = []


def table_counts(running: Running) -> dict[str, int]:
    """Row counts of every table: "changes nothing" made checkable."""
    with running.services.db.engine.connect() as connection:
        names = [
            row[0]
            for row in connection.execute(
                text("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            )
        ]
        counts = {}
        for name in names:  # names come from sqlite_master, not from input
            counts[name] = connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()  # noqa: S608
        return counts


@pytest.fixture
def unchanged(connected: Running) -> Iterator[Running]:
    before = table_counts(connected)
    yield connected
    after = table_counts(connected)
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k] and k != "slackdelivery"}
    assert not changed, f"bad input changed the database: {changed}"


def signed(running: Running, body: bytes, content_type: str, **overrides: Any) -> Any:
    headers = sign_slack_request(
        body, overrides.get("secret", running.driver.signing_secret), overrides.get("timestamp")
    )
    headers["Content-Type"] = content_type
    return running.driver.send_raw(body, headers)


def test_forged_signature(unchanged: Running) -> None:
    assert (
        unchanged.driver.command("/rechargly", "disconnect", user_id=ADMIN, signing_secret="guess").status
        == 401
    )


def test_stale_timestamp(unchanged: Running) -> None:
    old = int(time.time()) - 301
    assert unchanged.driver.command("/rechargly", "disconnect", user_id=ADMIN, timestamp=old).status == 401


def test_missing_signature_headers(unchanged: Running) -> None:
    response = unchanged.driver.send_raw(
        b"command=%2Frechargly&text=help", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 401


def test_oversized_body_is_refused_unread(unchanged: Running) -> None:
    body = b"payload=" + b"x" * 2_000_000
    response = signed(unchanged, body, "application/x-www-form-urlencoded")
    assert response.status == 413


@pytest.mark.parametrize(
    "body",
    [
        b"payload=this-is-not-json",
        b"payload=%7B%22type%22%3A%22block_actions%22%7D",  # no user, no team, no actions
        b"payload=%5B1%2C2%5D",
        b"\xff\xfe\x00garbage",
    ],
)
def test_malformed_payloads(unchanged: Running, body: bytes) -> None:
    response = signed(unchanged, body, "application/x-www-form-urlencoded")
    assert response.status in (200, 400, 404)


def test_unknown_action_id_gets_a_clear_answer(unchanged: Running) -> None:
    response = unchanged.driver.click("no_such_button", "1", user_id=ADMIN, channel_id=CHANNEL)
    assert response.status == 200
    assert unchanged.slack.wait_for(
        lambda: any("no longer" in json.dumps(r) for r in unchanged.slack.responses)
    )


@pytest.mark.parametrize(
    "text",
    [
        "status'; DROP TABLE xeroconnection; --",
        'history "Acme',
        "connect <script>alert(1)</script>",
        "ｓｔａｔｕｓ",
        "help \u202e\u0000\u200b",
        "disconnect " + "x" * 600,
        "rules delete 1 OR 1=1",
        "😀😀😀",
    ],
)
def test_hostile_slash_text_is_answered_and_harmless(unchanged: Running, text: str) -> None:
    response = unchanged.driver.command("/rechargly", text, user_id="U2MEMBER", channel_id=CHANNEL)
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral" and body.get("text")


def test_retried_event_acts_once(connected: Running) -> None:
    event = {"type": "app_home_opened", "user": ADMIN, "tab": "home"}
    first = connected.driver.event(event, event_id="Ev0RETRY1")
    again = connected.driver.event(event, event_id="Ev0RETRY1", retry_num=1)
    assert first.status == 200 and again.status == 200
    with connected.services.db.session() as session:
        rows = session.execute(
            text("SELECT COUNT(*) FROM slackdelivery WHERE key = 'event:Ev0RETRY1'")
        ).scalar_one()
    assert rows == 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=MAX_COMMAND_TEXT + 50))
def test_parser_fuzz_never_crashes(text_typed: str) -> None:
    try:
        request = parse_slash(text_typed)
    except BadRequest as refused:
        assert refused.message
        return
    assert request.name == request.name.lower() and " " not in request.name
    assert len(request.rest) <= MAX_COMMAND_TEXT


def test_receipt_too_large_for_xero_is_said_plainly(connected: Running) -> None:
    huge = ("scanned-receipt.pdf", b"%PDF-1.4\n" + b"0" * (25 * 1024 * 1024))
    invoice = raise_recharge_invoice(connected, receipt=huge)
    assert invoice.state == InvoiceState.DONE and invoice.attachments_done == []
    assert "scanned-receipt.pdf (25.0 MB)" in (invoice.error or "")
    shown = [str(m.blocks) for m in connected.slack.messages(CHANNEL) if "Approved by" in str(m.blocks)]
    assert shown and "Xero takes files up to 10 MB" in shown[-1]
    accrec = [i for i in connected.xero.store[connected.xero.tenants[0].tenant_id].invoices.values()
              if i["Type"] == "ACCREC"]  # fmt: skip
    assert len(accrec) == 1


def test_xero_answers_with_unexpected_and_missing_fields(connected: Running) -> None:
    data = connected.xero.store[connected.xero.tenants[0].tenant_id]
    for contact in list(data.contacts.values())[:3]:
        contact["FutureField"] = {"added": "by Xero next year"}
        contact.pop("EmailAddress", None)
    for spend in list(data.bank_transactions.values())[:3]:
        spend["Surprise"] = [1, 2]
        for optional in ("Reference", "CurrencyRate", "HasAttachments"):
            spend.pop(optional, None)
        for line in spend.get("LineItems", []):
            line.pop("TaxType", None)
            line.pop("AccountCode", None)
    with connected.services.db.session() as session:
        connection_id = session.exec(select(XeroConnection.id)).one() or 0
    outcome = connected.services.sync.run(connection_id, trigger="cli")
    assert getattr(outcome, "state", "") == "ok"
    with connected.services.db.session() as session:
        stored = session.exec(select(SpendTransaction)).all()
    assert len(stored) == len(data.bank_transactions) + sum(
        1 for i in data.invoices.values() if i["Type"] == "ACCPAY"
    )


def test_a_refused_click_gets_one_answer_only(connected: Running) -> None:
    proposal = propose_adobe_charge(connected.services, connected.xero)
    message = posted_proposal(connected.services, connected.slack, proposal)
    assert connected.driver.click_button(message, "approve_all", user_id="U2MEMBER").status == 200
    assert connected.slack.wait_for(lambda: any("Only" in json.dumps(r) for r in connected.slack.responses))
    time.sleep(3.5)  # past Bolt's ack timeout: a listener that failed after ack must not fall through
    assert not any("no longer available" in json.dumps(r) for r in connected.slack.responses)
