"""Each organisation's billing in `/rechargly settings` over HTTP: mode, billing day, admin fee,
sending and auto-approval of runs; validated field by field, audited, and used by the billing run,
the scheduler's billing day and the sending of invoices."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from harness import ADMIN, CHANNEL, Running
from sqlmodel import select
from test_billing_run import (
    BILLING_DAY,
    accrec_for,
    accrue_a_month,
    connection_id,
    run_card,
    wait_done,
)

from bot.scheduler import billing_trigger
from services.models import AuditEvent, XeroConnection


def open_settings(running: Running) -> Any:
    reply = running.driver.command("/rechargly", "settings", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Opening" in json.dumps(reply), reply
    return running.slack.views[-1]


def billing_values(cid: int, **typed: str) -> dict[str, dict[str, object]]:
    """The billing fields of one organisation as a person fills them in (selects by value)."""
    chosen = {
        "billing_mode": "monthly",
        "billing_day": "1",
        "admin_fee": "0",
        "send_invoices": "none",
        "auto_approve": "off",
        "tolerance": "",
        **typed,
    }
    values: dict[str, dict[str, object]] = {"invoice_status": {"invoice_status": "AUTHORISED"}}
    return values | {f"{name}:{cid}": {f"{name}:{cid}": value} for name, value in chosen.items()}


def connection(running: Running) -> XeroConnection:
    with running.services.db.session() as session:
        return session.exec(select(XeroConnection)).one()


def billing_audits(running: Running) -> list[AuditEvent]:
    with running.services.db.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == "billing settings changed")
        return list(session.exec(query))


def test_billing_fields_show_the_defaults_and_refuse_bad_input_field_by_field(connected: Running) -> None:
    cid = connection_id(connected)
    view = open_settings(connected)
    shown = json.dumps(view.view)
    assert f"billing_mode:{cid}" in shown and f"billing_day:{cid}" in shown
    assert "One invoice per approval" in shown  # BILLING_MODE's default, until the firm chooses

    cases = [
        ({"billing_day": "31"}, "billing_day", "from 1 to 28"),
        ({"billing_day": "soon"}, "billing_day", "from 1 to 28"),
        ({"admin_fee": "-2"}, "admin_fee", "can't be negative"),
        ({"admin_fee": "two dollars"}, "admin_fee", "isn't an amount"),
        ({"tolerance": "lots"}, "tolerance", "isn't a percentage"),
        ({"tolerance": "150"}, "tolerance", "between 0% and 100%"),
    ]
    for typed, field, said in cases:
        answer = connected.driver.submit_view(view, billing_values(cid, **typed), user_id=ADMIN)
        body = json.loads(answer.body)
        assert body["response_action"] == "errors", (typed, body)
        assert said in body["errors"][f"{field}:{cid}"], (typed, body)
        assert not answer.slack_error  # Slack accepts the errors: each names an input of the view
    saved = connection(connected)
    assert (saved.billing_mode, saved.billing_day, saved.admin_fee, saved.send_invoices) == (None,) * 4
    assert not billing_audits(connected)


def test_billing_choices_are_stored_audited_and_rescheduled(connected: Running) -> None:
    cid = connection_id(connected)
    moved: list[int] = []
    connected.services.workspace_settings.on_change = moved.append
    view = open_settings(connected)
    typed = billing_values(
        cid, billing_day="last", admin_fee="$3.50", send_invoices="email", auto_approve="on", tolerance="2"
    )
    answer = connected.driver.submit_view(view, typed, user_id=ADMIN)
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    saved = connection(connected)
    assert (saved.billing_mode, saved.billing_day, saved.admin_fee, saved.send_invoices) == (
        "monthly",
        "last",
        Decimal("3.50"),
        "email",
    )
    assert saved.auto_approve_runs and saved.auto_approve_tolerance_percent == Decimal(2)
    [event] = billing_audits(connected)
    assert event.actor == ADMIN and event.connection_id == cid
    assert event.details["before"]["billing_mode"] == "approval"
    assert event.details["after"]["billing_day"] == "last"
    assert moved == [cid]  # the billing-day job moves to the new day

    terms = connected.services.billing.terms(saved)
    assert terms.monthly and terms.emails and terms.admin_fee == Decimal("3.50")
    trigger = billing_trigger(saved, connected.services.settings.billing_day)
    fires = trigger.get_next_fire_time(None, dt.datetime(2027, 2, 3, tzinfo=dt.UTC))
    assert fires is not None and (fires.month, fires.day) == (2, 28)
    preview = connected.services.billing.preview(connection_id=cid, on=dt.date(2026, 11, 30))
    assert preview.label == "November"  # billing day "last": the run on the 30th bills November

    history = connected.driver.command("/rechargly", "history", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "billing settings changed" in json.dumps(history)

    reopened = json.dumps(open_settings(connected).view)
    assert '"last"' in reopened and "3.50" in reopened and "Emailed by Xero" in reopened

    # Back to the deployment's defaults: nothing is kept as the organisation's own choice.
    view = open_settings(connected)
    answer = connected.driver.submit_view(view, billing_values(cid, billing_mode="approval"), user_id=ADMIN)
    assert answer.status == 200
    saved = connection(connected)
    assert (saved.billing_mode, saved.billing_day, saved.admin_fee, saved.send_invoices) == (None,) * 4


def test_the_modal_choice_drives_the_billing_run_and_its_email(connected: Running) -> None:
    """The settings' defaults (one invoice per approval, no fee, nothing sent); the organisation
    chooses a monthly run with a $2.50 fee, emailed: approvals accrue, the billing day's job builds
    the run with the fee, and the approved invoices are emailed."""
    cid = connection_id(connected)
    view = open_settings(connected)
    typed = billing_values(cid, admin_fee="2.50", send_invoices="email")
    assert connected.driver.submit_view(view, typed, user_id=ADMIN).status == 200

    clients = accrue_a_month(connected)  # approved in Slack: they accrue (monthly mode)
    services = connected.services
    run_id = services.billing.run_scheduled(cid, on=BILLING_DAY, job_key="billing:settings", claimed_by="t")
    assert run_id is not None
    assert run_card(connected).text == "November billing run: 3 invoices, $326.02"  # 3 × $2.50 fee
    connected.driver.click_button(run_card(connected), "billing_approve_run", user_id=ADMIN)
    invoices = wait_done(connected)
    assert len(accrec_for(connected.xero, clients)) == 3
    assert sorted(i.email_state for i in invoices) == ["no_email", "sent", "sent"]
    data = connected.xero.store[connected.xero.tenants[0].tenant_id]
    assert len(data.emails) == 2
