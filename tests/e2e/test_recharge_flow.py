"""The recharge engine end to end over HTTP: sync → proposal → Approve → invoice with receipt in Xero."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from decimal import Decimal
from typing import Any

from harness import ADMIN, CHANNEL, MEMBER, RuleSubmitted, Running, both_databases, submit_rule_form
from sqlmodel import select

from sandbox.slack.models import PostedMessage
from sandbox.xero import XeroSandbox
from services.models import (
    AuditEvent,
    ClientInvoice,
    Contact,
    InvoiceState,
    Recharge,
    RechargeRule,
    RechargeStatus,
    XeroConnection,
)

RECEIPT_NAME = "Adobe-receipt-Nov.pdf"


def _tenant(xero: XeroSandbox) -> str:
    return xero.tenants[0].tenant_id


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)
    rechargly.delivered()


def _contact(rechargly: Running, name: str) -> Contact:
    with rechargly.services.db.session() as session:
        return session.exec(select(Contact).where(Contact.name == name)).one()


def _first_client(xero: XeroSandbox) -> tuple[str, str]:
    data = xero.store[_tenant(xero)]
    customer = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))[0]
    return customer[1], customer[0]


def _option(xero_id: str, name: str) -> dict[str, Any]:
    return {"selected_option": {"text": {"type": "plain_text", "text": name}, "value": xero_id}}


def _options(*chosen: tuple[str, str]) -> dict[str, Any]:
    return {"selected_options": [_option(i, n)["selected_option"] for i, n in chosen]}


def create_rule_in_slack(rechargly: Running, values: dict[str, dict[str, Any]]) -> RuleSubmitted:
    """`/rechargly rules add`, then submit the modal it opened with ``values`` (and wait for the save)."""
    reply = rechargly.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Opening" in json.dumps(reply)
    view = rechargly.slack.views[-1]
    answer = submit_rule_form(rechargly, view, values)
    rechargly.delivered()  # the rule's back-fill runs in the background
    return answer


def adobe_rule_values(supplier: Contact, client: tuple[str, str], **extra: Any) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {
        "name": {"name": "Adobe for one client"},
        "supplier": {"rule_supplier": _option(supplier.xero_id, supplier.name)},
        "allocation": {"allocation": "whole"},
        "basis": {"basis": "net"},
        "clients": {"rule_clients": _options(client)},
        "markup_percent": {"markup_percent": "10"},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
    }
    values.update(extra)
    return values


def new_adobe_charge(xero: XeroSandbox, amount: str = "115.00") -> tuple[str, bytes]:
    """A card payment to Adobe (GST inclusive) with its receipt, as the firm would record it."""
    data = xero.store[_tenant(xero)]
    adobe = next(c["ContactID"] for c in data.contacts.values() if c["Name"] == "Adobe")
    receipt = XeroSandbox.receipt_pdf(["Adobe - Tax receipt", f"NZD {amount}"])
    record = xero.add_bank_transaction(
        _tenant(xero),
        contact_id=adobe,
        date=dt.date(2026, 11, 18),
        reference="Adobe Nov 2026",
        lines=[
            {
                "Description": "Adobe Acrobat Pro",
                "Quantity": "1",
                "UnitAmount": amount,
                "AccountCode": "463",
                "TaxType": "INPUT2",
            },
        ],
        attachment=(RECEIPT_NAME, receipt),
    )
    return str(record["BankTransactionID"]), receipt


def proposal_messages(rechargly: Running) -> list[PostedMessage]:
    return [m for m in rechargly.slack.messages(CHANNEL) if m.buttons() and "Recharge" in (m.text or "")]


def _forget_backfill(rechargly: Running) -> None:
    """Saving the rule proposed the last 60 days' Adobe charges (the back-fill, tested in
    test_mapping_flow.py); these tests follow the new charge alone."""
    rechargly.delivered()
    with rechargly.services.db.session() as session:
        for recharge in session.exec(select(Recharge)):
            session.delete(recharge)
    rechargly.slack.reset()


def recharge_setup(rechargly: Running) -> tuple[tuple[str, str], str, bytes]:
    """Sync, make the Adobe rule in Slack, record a new Adobe charge, sync again."""
    _sync(rechargly)
    client = _first_client(rechargly.xero)
    answer = create_rule_in_slack(rechargly, adobe_rule_values(_contact(rechargly, "Adobe"), client))
    assert answer.saved, answer.problems
    _forget_backfill(rechargly)
    source_id, receipt = new_adobe_charge(rechargly.xero)
    _sync(rechargly)
    return client, source_id, receipt


def _accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    data = xero.store[_tenant(xero)]
    return [i for i in data.invoices.values() if i["Type"] == "ACCREC"]


def _shown(rechargly: Running, message: PostedMessage) -> str:
    current = rechargly.slack.message(message.channel, message.ts)
    return json.dumps(current.blocks) if current is not None else ""


def _approved_message(rechargly: Running, message: PostedMessage) -> PostedMessage | None:
    current = rechargly.slack.message(message.channel, message.ts)
    shown = json.dumps(current.blocks) if current else ""
    # Approved, and past "creating the invoice in Xero…" (the card says that first, before Xero is called).
    return current if "Approved by" in shown and "creating the invoice" not in shown else None


@both_databases
def test_sync_propose_approve_invoice_with_receipt(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    (client_id, client_name), source_id, receipt = recharge_setup(rechargly)

    [message] = proposal_messages(rechargly)
    shown = json.dumps(message.blocks)
    assert client_name.replace("&", "&amp;") in shown and "Adobe" in shown
    assert "$100.00" in shown and "$110.00" in shown  # net of GST, then 10% markup
    assert ":paperclip: receipt" in shown and f"bankTransactionID={source_id}" in shown

    rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)
    assert rechargly.slack.wait_for(lambda: _approved_message(rechargly, message), timeout=15)

    [invoice] = _accrec(xero)
    assert invoice["Contact"]["ContactID"].lower() == client_id.lower()
    assert invoice["Status"] == "AUTHORISED" and invoice["LineAmountTypes"] == "Exclusive"
    [line] = invoice["LineItems"]
    assert line["Description"].startswith("Adobe subscription — Nov 2026 (recharged)")
    assert (line["LineAmount"], line["AccountCode"], line["TaxType"]) == (Decimal("110.00"), "200", "OUTPUT2")
    assert invoice["Total"] == Decimal("126.50") and invoice["Reference"] == "Recharge of Adobe Nov 2026"
    assert invoice["DueDate"] == dt.date(2026, 12, 20)  # the organisation's terms: 20th of next month
    [attached] = xero.store[_tenant(xero)].list_attachments("invoices", invoice["InvoiceID"])
    assert attached.file_name == RECEIPT_NAME and attached.include_online
    assert xero.attachment_bytes(_tenant(xero), "Invoices", invoice["InvoiceID"], RECEIPT_NAME) == receipt

    edited = _approved_message(rechargly, message)
    assert edited is not None and [b["action_id"] for _, b in edited.buttons()] == ["billing_void_invoice"]
    text = json.dumps(edited.blocks)
    assert f"Approved by <@{ADMIN}>" in text and invoice["InvoiceNumber"] in text
    assert "$126.50" in text and "receipt attached" in text and "AccountsReceivable" in text
    with rechargly.services.db.session() as session:
        actions = [
            e.action
            for e in session.exec(select(AuditEvent).where(AuditEvent.client_contact_xero_id == client_id))
        ]
    assert {"proposed", "approved", "invoiced"} <= set(actions)


def test_double_click_and_concurrent_approvals_make_one_invoice(connected: Running) -> None:
    rechargly = connected
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.slack.add_user("U3APPROVER", "cy", "Cy Approver", is_admin=True)
    threads = [
        threading.Thread(
            target=rechargly.driver.click_button, args=(message, "approve_all"), kwargs={"user_id": user}
        )
        for user in (ADMIN, ADMIN, "U3APPROVER", ADMIN)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rechargly.slack.wait_for(lambda: _approved_message(rechargly, message), timeout=15)
    assert rechargly.slack.wait_for(
        lambda: sum("already decided" in json.dumps(r) for r in rechargly.slack.responses) == 3, timeout=15
    )
    assert len(_accrec(rechargly.xero)) == 1
    with rechargly.services.db.session() as session:
        assert len(session.exec(select(ClientInvoice)).all()) == 1


def test_non_approver_click_changes_nothing(connected: Running) -> None:
    rechargly = connected
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.driver.click_button(message, "approve_all", user_id=MEMBER)
    assert rechargly.slack.wait_for(
        lambda: any("can approve" in json.dumps(r) for r in rechargly.slack.responses)
    )
    reply = next(r for r in rechargly.slack.responses if "can approve" in json.dumps(r))
    assert reply.get("response_type") == "ephemeral"
    assert _accrec(rechargly.xero) == []
    with rechargly.services.db.session() as session:
        statuses = {r.status for r in session.exec(select(Recharge))}
        assert statuses == {RechargeStatus.PROPOSED}
        assert session.exec(select(ClientInvoice)).first() is None
    current = rechargly.slack.message(message.channel, message.ts)
    assert current is not None and current.buttons()


def test_xero_500_then_retry_creates_one_invoice(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    xero.faults.add("500", path="/Invoices", method="PUT", times=20)
    rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)

    def thread_reply() -> PostedMessage | None:
        return next((m for m in rechargly.slack.messages(CHANNEL) if m.thread_ts == message.ts), None)

    assert rechargly.slack.wait_for(thread_reply, timeout=30)
    reply = thread_reply()
    assert reply is not None and "Xero" in (reply.text or "")
    with rechargly.services.db.session() as session:
        failed = session.exec(select(ClientInvoice)).one()
        assert failed.state == InvoiceState.FAILED and failed.error
        assert {r.status for r in session.exec(select(Recharge))} == {RechargeStatus.APPROVED}
    assert _accrec(xero) == []

    xero.faults.clear()
    rechargly.driver.click_button(reply, "retry_invoice", user_id=ADMIN)
    assert rechargly.slack.wait_for(
        lambda: (
            "receipt attached"
            in json.dumps((rechargly.slack.message(message.channel, message.ts) or message).blocks)
        ),
        timeout=15,
    )
    assert len(_accrec(xero)) == 1


def test_the_failed_invoice_reply_waits_out_a_slack_outage(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.delivered()
    xero.faults.add("500", path="/Invoices", method="PUT", times=50)  # the invoice fails…
    rechargly.slack.fail_next("chat.postMessage", "internal_error", status=500, times=10_000)  # …Slack too
    assert rechargly.driver.click_button(message, "approve_all", user_id=ADMIN).status == 200

    def failed() -> bool:
        with rechargly.services.db.session() as session:
            invoice = session.exec(select(ClientInvoice)).first()
        return invoice is not None and invoice.state == InvoiceState.FAILED

    def replies() -> list[PostedMessage]:
        return [m for m in rechargly.slack.messages(CHANNEL) if m.thread_ts == message.ts]

    assert rechargly.slack.wait_for(failed, timeout=30)

    def refused() -> bool:  # the reply was tried during the outage, until the client's retries gave up
        calls = rechargly.slack.calls_of("chat.postMessage")
        return sum(not c.ok and c.args.get("thread_ts") == message.ts for c in calls) >= 3

    assert rechargly.slack.wait_for(refused, timeout=30)
    time.sleep(0.5)
    assert not [r for r in rechargly.slack.responses if "Slack" in json.dumps(r)], (
        "the approver saw Slack's error"
    )
    rechargly.slack.clear_failures()  # Slack is back: the reply is told, once
    assert rechargly.slack.wait_for(replies, timeout=30)
    rechargly.delivered()
    [reply] = replies()
    assert "Xero" in (reply.text or "") and any(
        e["action_id"] == "retry_invoice" for _b, e in reply.buttons()
    )


def test_crash_after_xero_created_the_invoice_is_resumed_without_duplicate(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.driver.click_button(message, "approve_all", user_id=ADMIN)
    assert rechargly.slack.wait_for(lambda: _approved_message(rechargly, message), timeout=15)
    [created] = _accrec(xero)

    # As if the process died after Xero created the invoice but before we saved that.
    with rechargly.services.db.session() as session:
        invoice = session.exec(select(ClientInvoice)).one()
        invoice.state, invoice.xero_invoice_id, invoice.invoice_number = InvoiceState.PENDING, None, None
        invoice.attachments_done = []
        invoice.created_at = rechargly.services.clock.now() - dt.timedelta(minutes=30)
        session.add(invoice)
        for recharge in session.exec(select(Recharge)):
            recharge.status = RechargeStatus.APPROVED
            session.add(recharge)

    _sync(rechargly)  # every sync first resumes interrupted invoices

    assert len(_accrec(xero)) == 1
    with rechargly.services.db.session() as session:
        invoice = session.exec(select(ClientInvoice)).one()
        assert invoice.state == InvoiceState.DONE
        assert invoice.xero_invoice_id == created["InvoiceID"]
    assert len(xero.store[_tenant(xero)].list_attachments("invoices", created["InvoiceID"])) == 1


def test_reject_asks_a_reason_and_is_recorded(connected: Running) -> None:
    rechargly = connected
    (_client_id, client_name), _source, _receipt = recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.driver.click_button(message, "reject", user_id=ADMIN)
    assert rechargly.slack.wait_for(
        lambda: any(v.view.get("callback_id") == "reject_modal" for v in rechargly.slack.views)
    )
    view = next(v for v in rechargly.slack.views if v.view.get("callback_id") == "reject_modal")
    answer = rechargly.driver.submit_view(
        view, {"reason": {"reason": "Client cancelled Adobe"}}, user_id=ADMIN
    )
    assert answer.status == 200
    # Acknowledged first; the outbox edits the card after.
    assert rechargly.slack.wait_for(lambda: "Rejected by" in _shown(rechargly, message), timeout=15)
    current = rechargly.slack.message(message.channel, message.ts)
    assert current is not None and not current.buttons()
    history = rechargly.driver.command("/rechargly", f"history {client_name[:8]}", user_id=ADMIN).json()
    assert "rejected" in json.dumps(history) and "Client cancelled Adobe" in json.dumps(history)


def test_review_edits_amount_then_approve_invoices_the_edit(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    recharge_setup(rechargly)
    [message] = proposal_messages(rechargly)
    rechargly.driver.click_button(message, "review", user_id=ADMIN)
    assert rechargly.slack.wait_for(
        lambda: any(v.view.get("callback_id") == "review_modal" for v in rechargly.slack.views)
    )
    view = next(v for v in rechargly.slack.views if v.view.get("callback_id") == "review_modal")
    with rechargly.services.db.session() as session:
        rid = session.exec(select(Recharge.id)).one()
    bad = rechargly.driver.submit_view(
        view,
        {f"amount:{rid}": {f"amount:{rid}": "12.345"}, f"description:{rid}": {f"description:{rid}": "x"}},
        user_id=ADMIN,
    )
    assert bad.json()["response_action"] == "errors" and f"amount:{rid}" in bad.json()["errors"]
    good = rechargly.driver.submit_view(
        view,
        {
            f"amount:{rid}": {f"amount:{rid}": "99.50"},
            f"description:{rid}": {f"description:{rid}": "Adobe Acrobat — Nov"},
        },
        user_id=ADMIN,
    )
    assert good.status == 200 and good.body.strip() in (b"", b"{}")
    # Acknowledged first; the outbox edits the card after.
    assert rechargly.slack.wait_for(lambda: "$99.50" in _shown(rechargly, message), timeout=15)
    current = rechargly.slack.message(message.channel, message.ts)
    assert current is not None
    rechargly.driver.click_button(current, "approve_all", user_id=ADMIN)
    assert rechargly.slack.wait_for(
        lambda: _accrec(xero) and _approved_message(rechargly, message), timeout=15
    )
    [invoice] = _accrec(xero)
    assert invoice["SubTotal"] == Decimal("99.50") and invoice["LineItems"][0]["Description"].startswith(
        "Adobe Acrobat — Nov"
    )


def test_resync_and_edits_in_xero_keep_one_proposal(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    _client, source_id, _receipt = recharge_setup(rechargly)
    _sync(rechargly)
    _sync(rechargly)
    with rechargly.services.db.session() as session:
        assert len(session.exec(select(Recharge)).all()) == 1
    line = xero.store[_tenant(xero)].bank_transactions[source_id.lower()]["LineItems"][0]
    xero.update_bank_transaction(_tenant(xero), source_id, LineItems=[{**line, "UnitAmount": "230.00"}])
    _sync(rechargly)
    with rechargly.services.db.session() as session:
        [recharge] = session.exec(select(Recharge)).all()
        assert recharge.status == RechargeStatus.PROPOSED and recharge.amount == Decimal("220.00")
    [message] = proposal_messages(rechargly)
    assert "$220.00" in json.dumps((rechargly.slack.message(message.channel, message.ts) or message).blocks)
    xero.void_bank_transaction(_tenant(xero), source_id)
    _sync(rechargly)
    with rechargly.services.db.session() as session:
        [recharge] = session.exec(select(Recharge)).all()
        assert recharge.status == RechargeStatus.WITHDRAWN
    current = rechargly.slack.message(message.channel, message.ts)
    assert current is not None and not current.buttons()


def test_rule_modal_refuses_bad_input_field_by_field(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    adobe = _contact(rechargly, "Adobe")
    clients = [
        c for c in rechargly.xero.store[_tenant(rechargly.xero)].contacts.values() if c.get("IsCustomer")
    ][:2]
    values = adobe_rule_values(
        adobe,
        (clients[0]["ContactID"], clients[0]["Name"]),
        allocation={"allocation": "split"},
        clients={"rule_clients": _options(*[(c["ContactID"], c["Name"]) for c in clients])},
        shares={"shares": "60, 30"},
        markup_percent={"markup_percent": "-5"},
    )
    answer = create_rule_in_slack(rechargly, values).ack  # what can be checked at once, on its field
    assert answer["response_action"] == "errors"
    assert "100%" in answer["errors"]["shares"] and "negative" in answer["errors"]["markup_percent"].lower()

    values.update(
        shares={"shares": "60, 40"},
        markup_percent={"markup_percent": "0"},
        revenue_account_code={"revenue_account_code": "999"},
    )
    checked = create_rule_in_slack(rechargly, values)  # Xero's chart is asked, in or after the ack
    assert not checked.saved and "999" in checked.problems
    with rechargly.services.db.session() as session:
        assert session.exec(select(RechargeRule)).first() is None

    values.update(revenue_account_code={"revenue_account_code": "200"})
    assert create_rule_in_slack(rechargly, values).saved
    listed = json.dumps(rechargly.driver.command("/rechargly", "rules", user_id=ADMIN).json())
    assert "Adobe for one client" in listed and "60%" in listed and "edit_rule" in listed


def _rule_form(rechargly: Running) -> tuple[str, dict[str, dict[str, Any]]]:
    _sync(rechargly)
    rechargly.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL)
    values = adobe_rule_values(_contact(rechargly, "Adobe"), _first_client(rechargly.xero))
    return rechargly.slack.views[-1].view_id, values


def test_a_quick_save_is_shown_even_when_slack_applies_our_answer_late(connected: Running) -> None:
    """Slack applies the acknowledgement's view when it reads our answer; an update sent before that
    would be replaced by it (the modal said "Saving the rule" for good)."""
    rechargly = connected
    view_id, values = _rule_form(rechargly)
    answer = submit_rule_form(rechargly, view_id, values, ack_applied_after=0.5, timeout=5)
    assert answer.saved, (answer.ack, answer.final)


def test_a_slow_save_says_so_then_shows_the_outcome_after_our_answer(connected: Running) -> None:
    rechargly = connected
    view_id, values = _rule_form(rechargly)
    rechargly.xero.faults.add("slow", path="/Accounts", delay=3.0)  # the chart check takes its time
    answer = submit_rule_form(rechargly, view_id, values, ack_applied_after=0.5, timeout=10)
    assert "Checking" in json.dumps(answer.ack) and answer.saved, (answer.ack, answer.final)


def test_contact_search_offers_every_active_contact(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    rechargly.xero.add_contact(_tenant(rechargly.xero), "Zebra Newclient Ltd")  # never invoiced
    _sync(rechargly)
    rechargly.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL)
    view = rechargly.slack.views[-1]
    found = rechargly.driver.options("rule_clients", "zebra", view=view, user_id=ADMIN).json()
    assert [o["text"]["text"] for o in found["options"]] == ["Zebra Newclient Ltd"]


def test_commands_answer_bad_arguments_clearly(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)

    def say(text: str) -> str:
        return json.dumps(rechargly.driver.command("/rechargly", text, user_id=ADMIN).json())

    assert "takes no arguments" in say("pending now")
    assert "takes no arguments" in say("unmatched everything")
    assert "rules add" in say("rules delete 7")
    assert "No client called" in say("history Nobody At All Ltd")
    assert "Nothing waits" in say("pending")
    unmatched = say("unmatched")
    assert "create_rule" in unmatched and "Microsoft" in unmatched
    assert "No recharge rules yet" in say("rules")
