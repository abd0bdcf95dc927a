"""Slack's limits over real HTTP: long lists page, big firms answer fast, slow work runs after the ack,
and hostile names from Xero never reach Slack as markup."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from decimal import Decimal
from typing import Any

from harness import ADMIN, CHANNEL, Running, submit_rule_form
from sqlalchemy import insert
from sqlmodel import select

from services.models import Contact, RechargeRule, SpendLine, SpendTransaction, XeroConnection


def _connection_id(rechargly: Running) -> int:
    with rechargly.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _sync(rechargly: Running) -> None:
    rechargly.services.sync.run(_connection_id(rechargly), trigger="cli", started_by=ADMIN)


def _say(rechargly: Running, text: str) -> Any:
    response = rechargly.driver.command("/rechargly", text, user_id=ADMIN, channel_id=CHANNEL)
    assert response.status == 200 and response.slack_error is None, (response.body, response.slack_error)
    return response


def _button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    return next(e for b in blocks for e in b.get("elements", []) if e.get("action_id") == action_id)


def test_thirty_rules_fit_in_pages_with_next_and_previous(connected: Running) -> None:
    rechargly = connected
    cid = _connection_id(rechargly)
    with rechargly.services.db.session() as session:
        for n in range(30):
            session.add(
                RechargeRule(
                    connection_id=cid, name=f"Rule {n:02d} <!channel>", supplier_pattern="adobe",
                    revenue_account_code="200", tax_type="OUTPUT2", created_by=ADMIN,
                )
            )  # fmt: skip
    first = _say(rechargly, "rules").json()
    assert len(first["blocks"]) <= 50
    shown = json.dumps(first)
    assert "Rule 00" in shown and "Rule 19" in shown and "Rule 20" not in shown and "30 in all" in shown
    rechargly.driver.click(
        "page_rules:next", _button(first["blocks"], "page_rules:next")["value"], user_id=ADMIN
    )
    assert rechargly.slack.wait_for(
        lambda: any("Rule 29" in json.dumps(r) for r in rechargly.slack.responses)
    )
    second = next(r for r in rechargly.slack.responses if "Rule 29" in json.dumps(r))
    assert "Rule 20" in json.dumps(second) and "Rule 19" not in json.dumps(second)
    assert "page_rules:prev" in json.dumps(second) and "page_rules:next" not in json.dumps(second)


def _seed_spend(rechargly: Running, count: int) -> None:
    """`count` spend transactions of one line each: software from a few vendors among ordinary spend."""
    cid = _connection_id(rechargly)
    vendors = ["Adobe", "Dropbox", "Officeworks", "Z Energy", "Slack", "Spark NZ", "Canva", "Bunnings"]
    start = dt.date(2022, 1, 1)
    spends = [
        {
            "connection_id": cid, "source": "bank", "xero_id": f"seed-{n:06d}", "contact_xero_id": None,
            "contact_name": vendors[n % len(vendors)], "date": start + dt.timedelta(days=n % 1400),
            "currency_code": "NZD", "status": "AUTHORISED", "reference": "", "total": Decimal(10),
            "sub_total": Decimal(10), "total_tax": Decimal(0),
            "attachments": [],
        }
        for n in range(count)
    ]  # fmt: skip
    with rechargly.services.db.session() as session:
        session.execute(insert(SpendTransaction), spends)
        first = session.exec(
            select(SpendTransaction.id).where(SpendTransaction.xero_id == "seed-000000")
        ).one()
        lines = [
            {
                "spend_transaction_id": (first or 0) + n, "line_key": "1", "position": 0,
                "description": f"{vendors[n % len(vendors)]} monthly plan {n % 37}", "quantity": Decimal(1),
                "unit_amount": Decimal(10), "line_amount": Decimal(10), "tax_amount": Decimal(0),
                "account_code": "463",
                "tax_type": "INPUT2", "tracking": [], "removed": False,
            }
            for n in range(count)
        ]  # fmt: skip
        session.execute(insert(SpendLine), lines)


def test_unmatched_on_a_firm_with_50k_spend_answers_fast_and_says_how_many(connected: Running) -> None:
    """The kinds of unmatched spend are counted once per change in the firm's data (under Slack's 3 s);
    every answer after that, and every page, reads one page of rows."""
    rechargly = connected
    _seed_spend(rechargly, 50_000)
    started = time.perf_counter()
    reply = _say(rechargly, "unmatched").json()
    assert time.perf_counter() - started < 3
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        reply = _say(rechargly, "unmatched").json()
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.3, timings
    shown = json.dumps(reply)
    assert len(reply["blocks"]) <= 50 and "in all" in shown and "page_unmatched:next" in shown
    total = int(shown.split(" in all")[0].rsplit("\\u00b7 ", 1)[-1].replace(",", ""))
    assert total >= 4 * 50_000 // 8  # Adobe, Dropbox, Slack and Canva lines at least
    deep = _button(reply["blocks"], "page_unmatched:next")["value"]
    started = time.perf_counter()
    rechargly.driver.click("page_unmatched:next", deep, user_id=ADMIN, channel_id=CHANNEL)
    assert rechargly.slack.wait_for(lambda: "Page 2 of" in json.dumps(rechargly.slack.responses))
    assert time.perf_counter() - started < 1


def test_digest_and_rule_form_answer_at_once_while_slack_and_xero_are_slow(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    rechargly.slack.hang_next("chat.postMessage", 4)  # Slack takes 4 s to take the digest
    started = time.perf_counter()
    reply = _say(rechargly, "digest")
    assert time.perf_counter() - started < 1.5 and "Posting the digest" in reply.text
    assert rechargly.slack.wait_for(lambda: "Posted the digest" in json.dumps(rechargly.slack.responses), 15)

    _say(rechargly, "rules add")
    with rechargly.services.db.session() as session:
        adobe = session.exec(select(Contact).where(Contact.name == "Adobe")).one()
    adobe_option = {"text": {"type": "plain_text", "text": "Adobe"}, "value": adobe.xero_id}
    values = {
        "name": {"name": "Adobe for everyone"},
        "supplier": {"rule_supplier": {"selected_option": adobe_option}},
        "allocation": {"allocation": "whole"},
        "basis": {"basis": "net"},
        "clients": {"rule_clients": {"selected_options": [adobe_option]}},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
    }
    rechargly.xero.faults.add("slow", path="/Accounts", delay=4)  # Xero takes 4 s for the chart of accounts
    started = time.perf_counter()
    answer = rechargly.driver.submit_view(rechargly.slack.views[-1], values, user_id=ADMIN)
    assert time.perf_counter() - started < 1.5, "the form waited for Xero"
    assert answer.json()["response_action"] == "update" and answer.slack_error is None
    view_id = rechargly.slack.views[-1].view_id
    assert rechargly.slack.wait_for(
        lambda: (rechargly.slack.view(view_id) or {}).get("title", {}).get("text") == "Rule saved", 20
    )


def _hostile_names(rechargly: Running) -> list[str]:
    tenant = rechargly.xero.tenants[0].tenant_id
    data = rechargly.xero.store[tenant]
    customers = sorted((c for c in data.contacts.values() if c.get("IsCustomer")), key=lambda c: c["Name"])
    names = [
        "<!channel> Ruru & Sons <Ltd>",
        "<https://evil.example|Pay here> Ltd",
        ("*Bold* & _Co_ " + "&<" * 130)[:255],  # Xero's longest contact name
        "شركة النخيل 🦜 Kākāpō <@U1ADMIN>",
    ]
    with rechargly.xero.store.lock:
        for customer, name in zip(customers, names, strict=False):
            customer["Name"] = name
    return names


def test_hostile_contact_names_never_reach_slack_as_markup(connected: Running) -> None:
    """Every list, card, modal, digest and the Home tab, with contacts renamed in Xero to hostile names.
    (The `rechargly` fixture then checks that nothing Rechargly sent carried raw markup.)"""
    rechargly = connected
    names = _hostile_names(rechargly)
    _sync(rechargly)
    with rechargly.services.db.session() as session:
        adobe = session.exec(select(Contact).where(Contact.name == "Adobe")).one()
        hostile = [c for c in session.exec(select(Contact)).all() if c.name in names]
    from services.recharging.rules import RuleForm

    form = RuleForm(
        name="<!here> & Adobe <rule>", supplier_contact=adobe.xero_id, allocation="split",
        clients=tuple(c.xero_id for c in hostile), shares=", ".join(["25"] * len(hostile)),
        revenue_account_code="200", tax_type="OUTPUT2", basis="net",
    )  # fmt: skip
    rechargly.services.rules.save(team_id="T0001", user_id=ADMIN, form=form)
    rechargly.delivered()  # the rule's back-fill, and its cards out of the outbox
    for text in ("status", "rules", "unmatched", "pending", "history", "mapping", "mappings", "help"):
        _say(rechargly, text)
    _say(rechargly, "<!channel> & <b>")
    _say(rechargly, "digest")
    rechargly.driver.event({"type": "app_home_opened", "user": ADMIN, "channel": "D0HOME", "tab": "home"})
    assert rechargly.slack.wait_for(lambda: rechargly.slack.home_view(ADMIN) is not None)
    cards = [m for m in rechargly.slack.messages(CHANNEL) if m.buttons()]
    assert cards, "the rule proposed recharges for the renamed clients"
    rechargly.driver.click_button(cards[0], "review", user_id=ADMIN)
    assert rechargly.slack.wait_for(
        lambda: any(v.view.get("callback_id") == "review_modal" for v in rechargly.slack.views)
    )
    rule_id = json.dumps(_say(rechargly, "rules").json()).split('"edit_rule", "value": "')[1].split('"')[0]
    rechargly.driver.click("edit_rule", rule_id, user_id=ADMIN, channel_id=CHANNEL)
    assert rechargly.slack.wait_for(lambda: rechargly.slack.views[-1].view.get("callback_id") == "rule_modal")
    values = {
        "revenue_account_code": {"revenue_account_code": "999"},
        "tax_type": {"tax_type": "OUTPUT2"},
        "allocation": {"allocation": "split"},
        "basis": {"basis": "net"},
    }
    answer = submit_rule_form(rechargly, rechargly.slack.views[-1], values)
    assert not answer.saved
    assert rechargly.slack.wait_for(lambda: "Posted the digest" in json.dumps(rechargly.slack.responses), 15)
    rechargly.delivered()  # every card the rule proposed is out of the outbox
    refused = [c for c in rechargly.slack.calls if not c.response.get("ok", True)]
    assert refused == [], [(c.method, c.response) for c in refused]
    sent = json.dumps([m.to_slack() for m in rechargly.slack.messages(CHANNEL)])
    assert "Recharge &lt;!channel&gt; Ruru &amp; Sons &lt;Ltd&gt;" in sent  # the notification text
    # (plain_text, e.g. the card's header, shows the name as typed: Slack reads no markup there)
    assert rechargly.slack.unsafe_text == []


def test_pending_history_and_mappings_page_in_the_database(connected: Running) -> None:
    """45 clients waiting, 60 events and 45 remembered mappings: each list shows a page, says how many
    there are in all, and Next shows the next page."""
    from services.audit import record
    from services.models import LineMapping, Recharge, RechargeStatus

    rechargly = connected
    cid = _connection_id(rechargly)
    with rechargly.services.db.session() as session:
        for n in range(45):
            xero_id = f"client-{n:03d}"
            session.add(Contact(connection_id=cid, xero_id=xero_id, name=f"Client {n:03d} <Ltd>"))
            session.add(
                Recharge(
                    connection_id=cid, dedupe_key=f"seed:{n}", client_contact_xero_id=xero_id,
                    vendor_name="Xero", charge_date=dt.date(2026, 10, 1) + dt.timedelta(days=n % 30),
                    source_currency="NZD", amount=Decimal("10.00") + n, status=RechargeStatus.PROPOSED,
                )
            )  # fmt: skip
            session.add(
                LineMapping(connection_id=cid, line_key=f"xero:line {n:03d}", client_contact_xero_id=xero_id)
            )
        for n in range(60):
            record(session, team_id="T0001", connection_id=cid, actor=ADMIN, action="rule deleted",
                   subject=f"rule:{n}", details={"name": f"Rule {n}"})  # fmt: skip
    for command, action_id in (
        ("pending", "page_pending"),
        ("history", "page_history"),
        ("mappings", "page_mappings"),
    ):
        reply = _say(rechargly, command).json()
        shown = json.dumps(reply)
        assert len(reply["blocks"]) <= 50 and "Page 1 of 3" in shown and "in all" in shown, command
        count = len(rechargly.slack.responses)
        next_page = _button(reply["blocks"], f"{action_id}:next")
        rechargly.driver.click(f"{action_id}:next", next_page["value"], user_id=ADMIN, channel_id=CHANNEL)
        assert rechargly.slack.wait_for(lambda n=count: len(rechargly.slack.responses) > n), command
        second = rechargly.slack.responses[-1]
        assert "Page 2 of 3" in json.dumps(second) and second["blocks"][1] not in reply["blocks"], command
