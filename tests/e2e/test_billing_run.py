"""The monthly billing run over HTTP against the Xero sandbox: approved charges accrue, the billing day
builds one run, Approve run raises one invoice per client with every receipt, a History note and the
email; approving twice, on two replicas, or after a failure half-way still gives one invoice each."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from harness import (
    ADMIN,
    CHANNEL,
    MEMBER,
    SIGNING_SECRET,
    TEAM,
    Running,
    both_databases,
    connect,
    make_settings,
)
from sqlmodel import col, select

from bot.server import start_local
from sandbox.slack import PostedMessage, SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.billing.periods import Period
from services.billing.runs import run_key
from services.models import (
    BillingRun,
    BillingRunState,
    ClientInvoice,
    Contact,
    InvoiceState,
    Recharge,
    RechargeStatus,
    XeroConnection,
)
from services.recharging.rules import RuleForm

BILLING_DAY = dt.date(2026, 12, 1)  # bills November
FEE = Decimal("2.50")
CHARGES = (("250.80", dt.date(2026, 11, 5)), ("115.50", dt.date(2026, 11, 18)))  # 7 seats each, GST incl.
NETS = (Decimal("218.09"), Decimal("100.43"))  # what is recharged: the charges without the 15% GST


def serve(database_url: str, xero: XeroSandbox, slack: SlackFake, **overrides: Any) -> Running:
    settings = make_settings(
        database_url, xero, slack, billing_mode="monthly", send_invoices="email", admin_fee=FEE, **overrides
    )
    services, server = start_local(settings)
    driver = SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    return Running(services=services, server=server, slack=slack, xero=xero, driver=driver)


def stop(running: Running) -> None:
    running.server.stop()
    running.services.close()


@pytest.fixture
def monthly(database_url: str, xero: XeroSandbox, slack: SlackFake) -> Iterator[Running]:
    """Rechargly in monthly billing mode (SEND_INVOICES=email, ADMIN_FEE=2.50), connected."""
    running = serve(database_url, xero, slack)
    assert connect(running)[0] == 200
    yield running
    stop(running)


def tenant(xero: XeroSandbox) -> str:
    return xero.tenants[0].tenant_id


def connection_id(running: Running) -> int:
    with running.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def three_clients(xero: XeroSandbox) -> list[str]:
    """The first three customers; two have an email address in Xero, the third has none."""
    data = xero.store[tenant(xero)]
    customers = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))[:3]
    for index, (_name, contact_id) in enumerate(customers):
        contact = data.contacts[contact_id]
        if index < 2:
            contact["EmailAddress"] = f"accounts{index}@client.example"
        else:
            contact.pop("EmailAddress", None)
        data.touch(contact)
    return [contact_id for _name, contact_id in customers]


def accrue_a_month(running: Running) -> list[str]:
    """A seats rule (3/2/2 of 7) for three clients, two Adobe charges with receipts in November,
    proposals approved in Slack: in monthly mode they accrue. Returns the clients' Xero ids."""
    services, xero = running.services, running.xero
    clients = three_clients(xero)
    cid = connection_id(running)
    services.sync.run(cid, trigger="cli", started_by=ADMIN)
    with services.db.session() as session:
        adobe = session.exec(select(Contact).where(Contact.name == "Adobe")).one()
    form = RuleForm(
        name="Adobe seats",
        supplier_contact=adobe.xero_id,
        allocation="seats",
        clients=tuple(clients),
        shares="3, 2, 2",
        revenue_account_code="200",
        tax_type="OUTPUT2",
        basis="net",
    )
    services.rules.save(team_id=TEAM, user_id=ADMIN, form=form)
    running.delivered()  # the rule's back-fill runs in the background: let it finish first
    with services.db.session() as session:  # the rule's back-fill of older charges: not this story
        for recharge in session.exec(select(Recharge)):
            session.delete(recharge)
    for amount, on in CHARGES:
        receipt = XeroSandbox.receipt_pdf(["Adobe - Tax receipt", f"NZD {amount}"])
        xero.add_bank_transaction(
            tenant(xero),
            contact_id=adobe.xero_id,
            date=on,
            reference=f"Adobe {on:%d %b}",
            attachment=(f"adobe-{on:%d}.pdf", receipt),
            lines=[{"Description": "Acrobat Pro, 7 seats", "Quantity": "7", "LineAmount": amount,
                    "AccountCode": "463", "TaxType": "INPUT2"}],
        )  # fmt: skip
    services.sync.run(cid, trigger="cli", started_by=ADMIN)
    with services.db.session() as session:
        messages = session.exec(select(Recharge.proposal_message_id).distinct()).all()
    for message_id in messages:
        services.approvals.approve(team_id=TEAM, user_id=ADMIN, message_id=message_id or 0)
    with services.db.session() as session:
        statuses = {r.status for r in session.exec(select(Recharge))}
    assert statuses == {RechargeStatus.ACCRUING}, statuses
    return clients


def run_cards(running: Running, title: str = "billing run") -> list[PostedMessage]:
    return [m for m in running.slack.messages(CHANNEL) if title in (m.text or "")]


def run_card(running: Running, title: str = "billing run") -> PostedMessage:
    """The newest run card (its text says `title`), once the outbox has posted it."""
    found = running.slack.wait_for(lambda: run_cards(running, title), 15)
    assert found, [m.text for m in running.slack.messages(CHANNEL)]
    return run_cards(running, title)[-1]


def run_invoices(running: Running) -> list[ClientInvoice]:
    with running.services.db.session() as session:
        return list(session.exec(select(ClientInvoice).where(col(ClientInvoice.billing_run_id).is_not(None))))


def xero_invoices(xero: XeroSandbox, ids: list[str]) -> list[dict[str, Any]]:
    data = xero.store[tenant(xero)]
    return [data.invoices[i] for i in ids]


def accrec_for(xero: XeroSandbox, clients: list[str]) -> list[dict[str, Any]]:
    data = xero.store[tenant(xero)]
    return [
        i for i in data.invoices.values() if i["Type"] == "ACCREC" and i["Contact"]["ContactID"] in clients
    ]


def wait_done(running: Running, count: int = 3) -> list[ClientInvoice]:
    def done() -> bool:
        invoices = run_invoices(running)
        return len(invoices) == count and all(i.state == InvoiceState.DONE for i in invoices)

    assert running.slack.wait_for(done, timeout=60), [(i.state, i.error) for i in run_invoices(running)]
    return run_invoices(running)


def approve_card(running: Running, user_id: str = ADMIN) -> Any:
    return running.driver.click_button(run_card(running), "billing_approve_run", user_id=user_id)


# --- the billing day ------------------------------------------------------------------------------


def test_billing_day_gives_three_clients_one_invoice_each_with_receipts_note_and_email(
    monthly: Running,
) -> None:
    services, xero = monthly.services, monthly.xero
    clients = accrue_a_month(monthly)
    cid = connection_id(monthly)
    run_id = services.billing.run_scheduled(cid, on=BILLING_DAY, job_key="billing:test", claimed_by="test")
    assert run_id is not None
    again = services.billing.run_scheduled(cid, on=BILLING_DAY, job_key="billing:test", claimed_by="other")
    assert again is None  # the billing day was claimed once
    card = run_card(monthly)
    assert card.text == "November billing run: 3 invoices, $326.02"  # 218.09 + 100.43 + 3 × 2.50
    assert "No email address in Xero" in str(card.blocks)
    assert not accrec_for(xero, clients)  # nothing goes to Xero before a person approves

    approve_card(monthly)
    invoices = wait_done(monthly)
    in_xero = accrec_for(xero, clients)
    assert sorted(i["Contact"]["ContactID"] for i in in_xero) == sorted(clients)  # one each
    data = xero.store[tenant(xero)]
    for invoice in in_xero:
        assert len(data.list_attachments("invoices", invoice["InvoiceID"])) == 2  # every receipt
        [note] = data.history[invoice["InvoiceID"]]
        assert note["Details"].startswith("Raised by Rechargly; approved by Ana Admin in Slack on ")
        assert [line["Description"] for line in invoice["LineItems"]][-1] == "Admin fee, Nov 2026"
        assert all("Adobe: " in line["Description"] and "(Nov 2026)" in line["Description"]
                   for line in invoice["LineItems"][:-1])  # fmt: skip
    emailed = {invoice_id for invoice_id, _to in data.emails}
    assert len(emailed) == 2  # the client without an address is named on the card instead
    assert sorted(i.email_state for i in invoices) == ["no_email", "sent", "sent"]
    assert all(i.online_url and i.online_url.endswith(i.xero_invoice_id or "-") for i in invoices)
    # Every cent: the invoices (before tax) are the charges recharged plus the fees.
    assert sum(i["SubTotal"] for i in in_xero) == sum(NETS) + 3 * FEE
    seat_lines = sorted(line["LineAmount"] for i in in_xero for line in i["LineItems"][:1])
    assert seat_lines == [Decimal("62.31"), Decimal("62.31"), Decimal("93.47")]  # 218.09 by 3/2/2 seats
    assert sum(seat_lines) == NETS[0]
    assert monthly.slack.wait_for(lambda: "every invoice is in Xero" in str(run_card(monthly).blocks), 10)
    assert "emailed" in str(run_card(monthly).blocks)
    with services.db.session() as session:
        run = session.get(BillingRun, run_id)
        assert run is not None and run.state == BillingRunState.DONE


def test_the_run_card_waits_out_a_slack_outage_and_is_posted_once(monthly: Running) -> None:
    accrue_a_month(monthly)
    monthly.delivered()
    monthly.slack.fail_next("chat.postMessage", "internal_error", status=500, times=10_000)
    cid = connection_id(monthly)
    run_id = monthly.services.billing.run_scheduled(
        cid, on=BILLING_DAY, job_key="billing:out", claimed_by="t"
    )
    assert run_id is not None  # built and kept: the card waits for Slack, the run isn't lost
    assert monthly.slack.wait_for(lambda: monthly.slack.calls_of("chat.postMessage"), timeout=10)
    monthly.slack.clear_failures()  # Slack is back
    card = run_card(monthly)
    monthly.delivered()
    assert len(run_cards(monthly)) == 1
    with monthly.services.db.session() as session:
        run = session.get(BillingRun, run_id)
        assert run is not None and (run.channel_id, run.message_ts) == (CHANNEL, card.ts)
    approve_card(monthly)  # the card works: its run is approved from it
    wait_done(monthly)


def test_the_card_says_the_invoices_are_being_raised_while_xero_works(monthly: Running) -> None:
    accrue_a_month(monthly)
    run_id = monthly.services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    monthly.services.billing.post_card(run_id)
    card = run_card(monthly)
    monthly.delivered()
    # The second invoice waits on Xero for a while (Xero's per-minute pace does the same at a big firm).
    monthly.xero.faults.add("slow", method="PUT", path="/History", after=1, times=1, delay=4)
    approve_card(monthly)

    def shown() -> str:
        current = monthly.slack.message(CHANNEL, card.ts)
        return str(current.blocks if current else "")

    assert monthly.slack.wait_for(lambda: "1 of 3 in Xero" in shown(), timeout=10), shown()
    wait_done(monthly)
    assert monthly.slack.wait_for(lambda: "every invoice is in Xero" in shown(), timeout=15), shown()


def test_idempotency_key_comes_from_organisation_client_and_period(monthly: Running) -> None:
    clients = accrue_a_month(monthly)
    cid = connection_id(monthly)
    run_id = monthly.services.billing.build(connection_id=cid, on=BILLING_DAY, actor=ADMIN)
    monthly.services.billing.approve(team_id=TEAM, user_id=ADMIN, run_id=run_id, user_name="ana")
    period = Period(dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    keys = sorted(i.idempotency_key for i in run_invoices(monthly))
    assert keys == sorted(run_key(cid, client, period) for client in clients)


def test_a_member_cannot_approve_the_run(monthly: Running) -> None:
    clients = accrue_a_month(monthly)
    run_id = monthly.services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    monthly.services.billing.post_card(run_id)
    approve_card(monthly, user_id=MEMBER)
    assert monthly.slack.wait_for(lambda: any("Only" in str(r) for r in monthly.slack.responses), 10)
    assert not accrec_for(monthly.xero, clients) and not run_invoices(monthly)


def test_removed_line_waits_for_the_next_run(monthly: Running) -> None:
    accrue_a_month(monthly)
    services = monthly.services
    run_id = services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    card = services.billing.card(run_id)
    removed = card.bills[0].lines[0]
    services.billing.remove_line(team_id=TEAM, user_id=ADMIN, run_id=run_id, recharge_id=removed.recharge_id)
    after = services.billing.card(run_id)
    assert after.total == card.total - removed.amount
    december = services.billing.preview(connection_id=connection_id(monthly), on=dt.date(2027, 1, 1))
    assert removed.recharge_id in [line.recharge_id for bill in december.bills for line in bill.lines]


# --- exactly once ---------------------------------------------------------------------------------


def test_approved_twice_gives_one_invoice_each(monthly: Running) -> None:
    clients = accrue_a_month(monthly)
    run_id = monthly.services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    monthly.services.billing.post_card(run_id)
    approve_card(monthly)
    approve_card(monthly)  # a double click, or the card pressed again before it updated
    wait_done(monthly)
    assert len(accrec_for(monthly.xero, clients)) == 3


@both_databases
def test_approved_on_two_replicas_at_once_gives_one_invoice_each(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    first = serve(database_url, xero, slack)
    # Replicas of one deployment share its TOKEN_ENCRYPTION_KEY (each serve() draws a new one): with
    # two keys, the replica that won the claim couldn't read the Xero tokens and the run stalled.
    second = serve(
        database_url, xero, slack, token_encryption_key=first.services.settings.token_encryption_key
    )
    try:
        assert connect(first)[0] == 200
        clients = accrue_a_month(first)
        run_id = first.services.billing.build(connection_id=connection_id(first), on=BILLING_DAY, actor=ADMIN)
        first.services.billing.post_card(run_id)
        card = run_card(first)
        go = threading.Barrier(2)

        def press(running: Running) -> None:
            go.wait()
            running.driver.click_button(card, "billing_approve_run", user_id=ADMIN)

        presses = [threading.Thread(target=press, args=(r,)) for r in (first, second)]
        for thread in presses:
            thread.start()
        for thread in presses:
            thread.join()
        wait_done(first)
        assert len(accrec_for(xero, clients)) == 3
        assert len({i.client_contact_xero_id for i in run_invoices(first)}) == 3
    finally:
        stop(second)
        stop(first)


def test_failure_half_way_then_approve_again_finishes_with_one_invoice_each(monthly: Running) -> None:
    clients = accrue_a_month(monthly)
    services = monthly.services
    # Part-way through the run (after the first Xero write) the daily limit refuses a call.
    monthly.xero.faults.add("daily_limit", method="PUT", path="/Invoices", after=1, times=1)
    run_id = services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    services.billing.approve(team_id=TEAM, user_id=ADMIN, run_id=run_id, user_name="ana")
    unfinished = [i for i in run_invoices(monthly) if i.state != InvoiceState.DONE]
    assert len(unfinished) == 1 and unfinished[0].error
    services.billing.approve(team_id=TEAM, user_id=ADMIN, run_id=run_id, user_name="ana")
    assert all(i.state == InvoiceState.DONE for i in run_invoices(monthly))
    assert len(accrec_for(monthly.xero, clients)) == 3


def test_answer_lost_in_flight_still_one_invoice_each(
    database_url: str, xero: XeroSandbox, slack: SlackFake
) -> None:
    impatient = serve(database_url, xero, slack, xero_timeout_seconds=1)
    try:
        assert connect(impatient)[0] == 200
        clients = accrue_a_month(impatient)
        # Xero makes the invoice, then the answer hangs past our timeout; the retry carries the same key.
        xero.faults.add("hang_after", method="PUT", path="/Invoices", times=1, delay=3)
        xero.faults.add("500", method="PUT", path="/History", times=2)
        xero.faults.add("429", method="POST", path="/Email", times=2)
        run_id = impatient.services.billing.build(
            connection_id=connection_id(impatient), on=BILLING_DAY, actor=ADMIN
        )
        impatient.services.billing.approve(team_id=TEAM, user_id=ADMIN, run_id=run_id, user_name="ana")
        assert all(i.state == InvoiceState.DONE for i in run_invoices(impatient))
        in_xero = accrec_for(xero, clients)
        assert len(in_xero) == 3
        data = xero.store[tenant(xero)]
        assert all(len(data.history[i["InvoiceID"]]) == 1 for i in in_xero)
        assert len(data.emails) == 2
    finally:
        stop(impatient)


# --- undo -----------------------------------------------------------------------------------------


def raised_run(running: Running) -> list[ClientInvoice]:
    accrue_a_month(running)
    services = running.services
    run_id = services.billing.build(connection_id=connection_id(running), on=BILLING_DAY, actor=ADMIN)
    services.billing.post_card(run_id)
    services.billing.approve(team_id=TEAM, user_id=ADMIN, run_id=run_id, user_name="ana")
    return sorted(run_invoices(running), key=lambda i: i.id or 0)


def open_undo(running: Running, invoice: ClientInvoice, user_id: str = ADMIN) -> Any:
    """Review on the run card, then Void… on the invoice's client: the confirm modal it opens."""
    running.driver.click_button(run_card(running), "billing_review_run", user_id=user_id)
    assert running.slack.wait_for(lambda: len(running.slack.views) == 1, 10)
    review = running.slack.views[-1]
    running.driver.click("billing_void_invoice", str(invoice.id), view=review, user_id=user_id)
    assert running.slack.wait_for(lambda: len(running.slack.views) == 2, 10)
    return running.slack.views[-1]


def test_void_an_unpaid_invoice_puts_its_charges_back_to_pending(monthly: Running) -> None:
    invoice = raised_run(monthly)[0]
    confirm = open_undo(monthly, invoice)
    assert "Void" in str(confirm.view["submit"])
    answer = monthly.driver.submit_view(
        confirm, {"then": {"then": {"selected_option": {"value": "pending"}}}}, user_id=ADMIN
    )
    assert answer.status == 200 and not answer.slack_error
    data = monthly.xero.store[tenant(monthly.xero)]
    assert data.invoices[invoice.xero_invoice_id or ""]["Status"] == "VOIDED"
    with monthly.services.db.session() as session:
        recharges = session.exec(
            select(Recharge).where(Recharge.client_contact_xero_id == invoice.client_contact_xero_id)
        )
        assert {r.status for r in recharges} == {RechargeStatus.PROPOSED}
        saved = session.get(ClientInvoice, invoice.id)
        assert saved is not None and saved.undone == "voided"
    history = monthly.driver.command("/rechargly", "history", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "invoice voided" in str(history)


def test_void_twice_is_refused_and_changes_nothing(monthly: Running) -> None:
    invoice = raised_run(monthly)[0]
    monthly.services.undo.void(team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, then="rejected")
    with pytest.raises(Exception, match="already voided"):
        monthly.services.undo.void(team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, then="rejected")


def test_a_member_cannot_void(monthly: Running) -> None:
    invoice = raised_run(monthly)[0]
    with pytest.raises(Exception, match="Only"):
        monthly.services.undo.void(team_id=TEAM, user_id=MEMBER, invoice_id=invoice.id or 0, then="pending")
    data = monthly.xero.store[tenant(monthly.xero)]
    assert data.invoices[invoice.xero_invoice_id or ""]["Status"] == "AUTHORISED"


def test_part_paid_invoice_gets_a_credit_note_for_the_chosen_line_allocated_to_it(monthly: Running) -> None:
    invoice = raised_run(monthly)[0]
    xero_id = invoice.xero_invoice_id or ""
    monthly.xero.pay_invoice(tenant(monthly.xero), xero_id, amount=Decimal("20.00"))
    confirm = open_undo(monthly, invoice)
    assert "credit note" in str(confirm.view["submit"]).lower()
    with monthly.services.db.session() as session:
        first = session.exec(
            select(Recharge).where(Recharge.invoice_id == invoice.id).order_by(col(Recharge.id))
        ).first()
    assert first is not None
    answer = monthly.driver.submit_view(
        confirm, {"lines": {"lines": {"selected_options": [{"value": str(first.id)}]}}}, user_id=ADMIN
    )
    assert answer.status == 200 and not answer.slack_error
    data = monthly.xero.store[tenant(monthly.xero)]
    [note] = data.credit_notes.values()
    credit = (first.amount * Decimal("1.15")).quantize(Decimal("0.01"))  # the line with its 15% GST
    assert note["Type"] == "ACCRECCREDIT" and note["Total"] == credit
    assert data.invoices[xero_id]["AmountCredited"] == credit  # allocated to the invoice
    # Pressing it again (a retry) finds the same credit note: nothing is credited twice.
    with pytest.raises(Exception, match="already credited on CN-0001"):
        monthly.services.undo.credit(
            team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, recharge_ids=[first.id or 0]
        )
    assert len(data.credit_notes) == 1
    history = monthly.driver.command("/rechargly", "history", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "invoice credited" in str(history)


def test_paid_invoice_keeps_its_credit_when_nothing_is_due(monthly: Running) -> None:
    invoice = raised_run(monthly)[0]
    xero_id = invoice.xero_invoice_id or ""
    monthly.xero.pay_invoice(tenant(monthly.xero), xero_id)
    plan = monthly.services.undo.plan(team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0)
    assert not plan.voidable and plan.paid_text == "paid"
    result = monthly.services.undo.credit(
        team_id=TEAM, user_id=ADMIN, invoice_id=invoice.id or 0, recharge_ids=[plan.lines[0][0]]
    )
    data = monthly.xero.store[tenant(monthly.xero)]
    [note] = data.credit_notes.values()
    assert note["RemainingCredit"] == note["Total"] and "allocated" in result.summary


# --- from a terminal --------------------------------------------------------------------------------


def test_billing_command_previews_then_builds_and_posts_the_card(monthly: Running) -> None:
    from bot.billing_cli import run_billing_once

    accrue_a_month(monthly)
    said: list[str] = []
    org = monthly.xero.tenants[0].name
    code = run_billing_once(monthly.services, organisation=org, on=BILLING_DAY, dry_run=True, say=said.append)
    assert code == 0 and "November billing run: 3 invoice(s), $326.02" in said[0]
    assert said[-1].startswith("Dry run") and not run_invoices(monthly)
    with monthly.services.db.session() as session:
        assert session.exec(select(BillingRun)).first() is None  # nothing saved
    said.clear()
    assert (
        run_billing_once(monthly.services, organisation=org, on=BILLING_DAY, dry_run=False, say=said.append)
        == 0
    )
    assert run_card(monthly).text == "November billing run: 3 invoices, $326.02"
    assert "Approve run" in said[-1]
    said.clear()
    assert (
        run_billing_once(
            monthly.services, organisation="Nobody Ltd", on=BILLING_DAY, dry_run=True, say=said.append
        )
        == 1
    )
    assert said[0].startswith("rechargly: I can't tell which organisation")


def test_slash_billing_shows_the_run_or_a_preview(monthly: Running) -> None:
    accrue_a_month(monthly)
    preview = monthly.driver.command(
        "/rechargly", "billing 2026-11", user_id=ADMIN, channel_id=CHANNEL
    ).json()
    assert "November billing run: 3 invoices, $326.02" in str(preview) and "Preview" in str(preview)
    assert "billing_approve_run" not in str(preview)  # nothing to approve from a preview
    monthly.services.billing.build(connection_id=connection_id(monthly), on=BILLING_DAY, actor=ADMIN)
    shown = monthly.driver.command("/rechargly", "billing november", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "billing_approve_run" in str(shown)
    wrong = monthly.driver.command("/rechargly", "billing someday", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "/rechargly billing 2026-11" in str(wrong)


def test_scheduler_builds_the_run_on_the_billing_day_once(monthly: Running) -> None:
    from apscheduler.triggers.date import DateTrigger

    from bot.scheduler import SyncScheduler, billing_trigger
    from services.models import JobRun

    accrue_a_month(monthly)
    services = monthly.services
    fire_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    scheduler = SyncScheduler(
        db=services.db,
        sync=services.sync,
        cron="0 2 * * *",
        billing=services.billing,
        billing_trigger_for=lambda _connection: DateTrigger(run_date=fire_at),
    )
    scheduler.start()
    try:
        assert monthly.slack.wait_for(
            lambda: any("billing run" in (m.text or "") for m in monthly.slack.messages(CHANNEL)), 15
        )
    finally:
        scheduler.shutdown()
    with services.db.session() as session:
        keys = [j.job_key for j in session.exec(select(JobRun)) if j.job_key.startswith("billing:")]
        assert len(keys) == 1 and len(session.exec(select(BillingRun)).all()) == 1
    with services.db.session() as session:
        connection = session.exec(select(XeroConnection)).one()
    trigger = billing_trigger(connection, "last")
    nxt = trigger.get_next_fire_time(None, dt.datetime(2027, 2, 3, tzinfo=dt.UTC))
    assert (
        nxt is not None
        and (nxt.month, nxt.day, nxt.hour) == (2, 28, 6)
        and str(nxt.tzinfo) == connection.timezone
    )
