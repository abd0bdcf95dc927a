"""Each organisation's billing in `/rechargly settings` over HTTP: mode, billing day, admin fee,
sending and auto-approval of runs; validated field by field, audited, and used by the billing run,
the scheduler's billing day and the sending of invoices."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from harness import (
    ADMIN,
    CHANNEL,
    SIGNING_SECRET,
    TEAM,
    Running,
    both_databases,
    connect,
    make_settings,
    posted_proposal,
    propose_adobe_charge,
)
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
from bot.server import start_local
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import AuditEvent, BillingRun, BillingRunState, ClientInvoice, XeroConnection


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


@both_databases
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


# --- auto-approving a run that matches last month's ------------------------------------------------

NEXT_BILLING_DAY = dt.date(2027, 1, 1)  # bills December


def accrue_adobe(running: Running, amount: str, on: dt.date) -> None:
    """One Adobe charge for one client, proposed by its rule and approved: it accrues (monthly)."""
    message_id = propose_adobe_charge(running.services, running.xero, amount=amount, on=on)
    running.services.approvals.approve(team_id=TEAM, user_id=ADMIN, message_id=message_id)


def client_invoices(running: Running) -> list[dict[str, Any]]:
    data = running.xero.store[running.xero.tenants[0].tenant_id]
    return [i for i in data.invoices.values() if i["Type"] == "ACCREC" and "Adobe" in i.get("Reference", "")]


def november_approved_with_auto_approval_on(running: Running) -> None:
    """Auto-approval on at 2% (in the settings modal), monthly with a fee; November's run (one
    client, one Adobe charge) approved by a person: there was no run before it to compare with."""
    cid = connection_id(running)
    typed = billing_values(cid, admin_fee="2.50", send_invoices="email", auto_approve="on", tolerance="2")
    assert running.driver.submit_view(open_settings(running), typed, user_id=ADMIN).status == 200
    accrue_adobe(running, "115.00", dt.date(2026, 11, 18))
    running.services.billing.run_scheduled(cid, on=BILLING_DAY, job_key="billing:nov", claimed_by="t")
    first = run_card(running)
    assert "no approved run for the period before" in str(first.blocks)
    assert not client_invoices(running)
    running.driver.click_button(first, "billing_approve_run", user_id=ADMIN)
    wait_done(running, count=1)


@both_databases
def test_a_run_matching_last_months_within_the_tolerance_is_approved_by_itself(connected: Running) -> None:
    november_approved_with_auto_approval_on(connected)
    accrue_adobe(connected, "116.00", dt.date(2026, 12, 18))  # within 2% of November's
    services = connected.services
    run_id = services.billing.run_scheduled(
        connection_id(connected), on=NEXT_BILLING_DAY, job_key="billing:dec", claimed_by="t"
    )
    assert run_id is not None
    invoices = wait_done(connected, count=2)
    assert len(client_invoices(connected)) == 2  # December's raised with no click
    december = "December billing run: 1 invoice"
    assert connected.slack.wait_for(
        lambda: "every invoice is in Xero" in str(run_card(connected, december).blocks), 10
    )
    card = run_card(connected, december)
    shown = str(card.blocks)
    assert "Approved by Rechargly automatically" in shown and "within 2% of November" in shown
    assert "billing_approve_run" not in shown and "<@rechargly>" not in shown
    with services.db.session() as session:
        run = session.get(BillingRun, run_id)
        assert run is not None and run.auto_approved and run.approved_by == "rechargly"
        [event] = session.exec(select(AuditEvent).where(AuditEvent.action == "billing run auto-approved"))
        assert event.actor == "rechargly" and event.details["matched"] == "November"
    [december] = [i for i in invoices if i.billing_run_id == run_id]
    data = connected.xero.store[connected.xero.tenants[0].tenant_id]
    [note] = data.history[december.xero_invoice_id or ""]
    assert "approved automatically by Rechargly" in note["Details"]
    history = connected.driver.command("/rechargly", "history", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "billing run auto-approved" in json.dumps(history)


def test_a_run_beyond_the_tolerance_waits_for_a_person(connected: Running) -> None:
    november_approved_with_auto_approval_on(connected)
    accrue_adobe(connected, "130.00", dt.date(2026, 12, 18))  # about 13% more than November's
    services = connected.services
    run_id = services.billing.run_scheduled(
        connection_id(connected), on=NEXT_BILLING_DAY, job_key="billing:dec", claimed_by="t"
    )
    card = run_card(connected, "December billing run")
    assert card.text is not None and card.text.startswith("December billing run: 1 invoice")
    shown = str(card.blocks)
    assert "Not approved automatically (more than 2% from November" in shown and "went up 12." in shown
    assert "billing_approve_run" in shown
    assert len(client_invoices(connected)) == 1  # November's only: December waits for a person
    with services.db.session() as session:
        run = session.get(BillingRun, run_id)
        assert run is not None and run.state == BillingRunState.OPEN and not run.auto_approved
        auto = select(AuditEvent).where(AuditEvent.action == "billing run auto-approved")
        assert not session.exec(auto).all()
    connected.driver.click_button(card, "billing_approve_run", user_id=ADMIN)
    wait_done(connected, count=2)
    with services.db.session() as session:
        run = session.get(BillingRun, run_id)
        assert run is not None and run.approved_by == ADMIN and not run.auto_approved


# --- the proposal card in monthly mode -----------------------------------------------------------


def test_in_monthly_mode_an_approved_charge_waits_for_the_billing_run_not_the_minimum(
    connected: Running,
) -> None:
    """Approved in monthly mode, a charge (even one below MIN_INVOICE_AMOUNT) is billed in the next
    billing run: the card names its date, and says nothing about accruing up to the minimum."""
    cid = connection_id(connected)
    typed = billing_values(cid, billing_day="last")
    assert connected.driver.submit_view(open_settings(connected), typed, user_id=ADMIN).status == 200
    services = connected.services
    message_id = propose_adobe_charge(services, connected.xero, amount="3.00")
    card = posted_proposal(services, connected.slack, message_id)
    assert connected.driver.click_button(card, "approve_all", user_id=ADMIN).status == 200
    today = dt.datetime.now(ZoneInfo(connection(connected).timezone)).date()
    month_end = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    expected = f"billed in the next billing run on {month_end:%-d %b %Y}"

    def updated() -> str:
        now = connected.slack.message(card.channel, card.ts)
        return json.dumps(now.blocks if now else [])

    assert connected.slack.wait_for(lambda: expected in updated(), 10), updated()
    assert "accruing until" not in updated() and "minimum" not in updated()

    # The daily digest says the same of what the billing run will bill.
    assert connected.driver.command("/rechargly", "digest", user_id=ADMIN).status == 200
    connected.delivered()
    digest = json.dumps(
        [m.blocks for m in connected.slack.messages() if "Daily digest" in json.dumps(m.blocks)]
    )
    assert f"next billing run on {month_end:%-d %b %Y}" in digest, digest
    assert "minimum invoice amount" not in digest


# --- the History note names the approver as Slack shows them ------------------------------------------


def test_history_note_names_the_approver_and_falls_back_to_the_id(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    """users.info gives the approver's real name (a hostile one goes to Xero as plain text, cut to
    80 characters); someone Slack can't describe is named by their user id."""
    hostile = "<@U123> <!channel> \u202e RTL 🦜 " + "Ngaio " * 60
    slack.add_user("U5ODD", "odd", hostile)
    services, server = start_local(make_settings(database_url, xero, slack, approvers=("U5ODD", "U7GHOST")))
    running = Running(
        services, server, slack, xero, SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    )
    try:
        assert connect(running)[0] == 200
        data = xero.store[xero.tenants[0].tenant_id]
        notes = []
        for approver, on in (("U5ODD", dt.date(2026, 11, 18)), ("U7GHOST", dt.date(2026, 11, 19))):
            message_id = propose_adobe_charge(services, xero, amount="115.00", on=on)
            result = services.approvals.approve(team_id=TEAM, user_id=approver, message_id=message_id)
            with services.db.session() as session:
                invoice = session.get(ClientInvoice, result.invoice_id)
            assert invoice is not None and invoice.xero_invoice_id
            [note] = data.history[invoice.xero_invoice_id]
            notes.append(note["Details"])
        named = " ".join(hostile.replace("\u202e", "").split())[:80]  # no bidi override
        assert notes[0].startswith(f"Raised by Rechargly; approved by {named} in Slack on ")
        assert notes[1].startswith("Raised by Rechargly; approved by U7GHOST in Slack on ")  # not in Slack
    finally:
        server.stop()
        services.close()


def test_a_firm_with_many_organisations_sets_each_ones_billing(connected: Running) -> None:
    """Beyond the five the modal holds, the modal says how to reach the others, and
    `/rechargly settings <organisation>` opens one's billing; nothing is out of reach."""
    with connected.services.db.session() as session:
        for n in range(1, 7):
            session.add(XeroConnection(team_id=TEAM, tenant_id=f"tenant-{n}", name=f"Zeta Branch {n}"))
    first = open_settings(connected)
    shown = json.dumps(first.view)
    assert "Billing of 2 more organisations (Zeta Branch 5, Zeta Branch 6)" in shown
    assert "/rechargly settings Zeta Branch 5" in shown
    with connected.services.db.session() as session:
        sixth = session.exec(select(XeroConnection).where(XeroConnection.name == "Zeta Branch 6")).one()
    reply = connected.driver.command(
        "/rechargly", "settings zeta branch 6", user_id=ADMIN, channel_id=CHANNEL
    )
    assert "Opening" in json.dumps(reply.json())
    view = connected.slack.views[-1]
    ids = [str(block.get("block_id")) for block in view.view["blocks"]]
    assert [i for i in ids if i.startswith("billing_mode:")] == [f"billing_mode:{sixth.id}"]  # its own only
    answer = connected.driver.submit_view(view, billing_values(sixth.id or 0, admin_fee="4"), user_id=ADMIN)
    assert answer.status == 200 and answer.body.strip() in (b"", b"{}"), answer.body
    with connected.services.db.session() as session:
        saved = session.get(XeroConnection, sixth.id)
        assert saved is not None and (saved.billing_mode, saved.admin_fee) == ("monthly", Decimal(4))
    vague = connected.driver.command("/rechargly", "settings zeta", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "I can't tell which organisation" in json.dumps(vague)
