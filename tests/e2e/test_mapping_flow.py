"""Per-client vendor bills over HTTP: line → client mapping, questions answered in Slack, remembered
mappings and exclusions, the rule back-fill, and the minimum invoice amount."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from harness import ADMIN, CHANNEL, MEMBER, Running, both_databases, submit_rule_form
from sqlmodel import col, select

from services.models import (
    AuditEvent,
    ClientAlias,
    Contact,
    LineMapping,
    LineQuestion,
    Recharge,
    RechargeStatus,
    SpendLine,
    SpendTransaction,
    XeroConnection,
)

OWN_PLAN = "Kauri & Co Chartered Accountants — Partner plan (own organisation)"


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)


def _contact_id(rechargly: Running, name: str) -> str:
    with rechargly.services.db.session() as session:
        return session.exec(select(Contact.xero_id).where(Contact.name == name)).one()


def _line(text: str, amount: str) -> dict[str, Any]:
    return {
        "Description": text,
        "Quantity": "1",
        "UnitAmount": amount,
        "AccountCode": "485",
        "TaxType": "INPUT2",
    }


def _partner_bill(
    rechargly: Running, on: dt.date, number: str, lines: list[dict[str, Any]], vendor: str = "Xero"
) -> str:
    tenant = rechargly.xero.tenants[0].tenant_id
    bill = rechargly.xero.add_bill(
        tenant, contact_id=_contact_id(rechargly, vendor), lines=lines, date=on, number=number
    )
    _sync(rechargly)
    return str(bill["InvoiceID"])


def _dext_bill(rechargly: Running, on: dt.date, number: str, text: str, amount: str) -> str:
    """Dext's usage bill with one line (Dext bills per client too)."""
    return _partner_bill(rechargly, on, number, [_line(text, amount)], vendor="Dext")


def _per_client_rule(rechargly: Running, vendor: str = "Xero", **extra: Any) -> None:
    """`/rechargly rules add` with the vendor as supplier and no clients: its bills are per client."""
    rechargly.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL)
    xero_id = _contact_id(rechargly, vendor)
    values: dict[str, Any] = {
        "supplier": {
            "rule_supplier": {
                "selected_option": {"text": {"type": "plain_text", "text": vendor}, "value": xero_id}
            }
        },
        "allocation": {"allocation": "whole"},
        "basis": {"basis": "net"},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
        **extra,
    }
    answer = submit_rule_form(rechargly, rechargly.slack.views[-1], values)
    assert answer.saved, (answer.ack, answer.problems)


def _recharges_of(rechargly: Running, bill_id: str) -> dict[str, Recharge]:
    """The bill's recharges by line description."""
    with rechargly.services.db.session() as session:
        rows = session.exec(
            select(SpendLine.description, Recharge)
            .join(Recharge, col(Recharge.spend_line_id) == SpendLine.id)
            .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
            .where(SpendTransaction.xero_id == bill_id)
        ).all()
    return {description: recharge for description, recharge in rows}


def _questions_of(rechargly: Running, bill_id: str) -> dict[str, LineQuestion]:
    with rechargly.services.db.session() as session:
        rows = session.exec(
            select(SpendLine.description, LineQuestion)
            .join(LineQuestion, col(LineQuestion.spend_line_id) == SpendLine.id)
            .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
            .where(SpendTransaction.xero_id == bill_id)
        ).all()
    return {description: question for description, question in rows}


def _block(reply: dict[str, Any], action_id: str, containing: str = "") -> tuple[str, dict[str, Any]]:
    """(block id, element) of the first ``action_id`` element after a section mentioning ``containing``."""
    seen = not containing
    for block in reply["blocks"]:
        if containing and containing in json.dumps(block):
            seen = True
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if seen and element.get("action_id") == action_id:
                return block.get("block_id", ""), element
    raise AssertionError(f"no {action_id} after {containing!r} in {json.dumps(reply)[:2000]}")


def _choose(
    rechargly: Running, reply: dict[str, Any], action_id: str, value: str, containing: str = ""
) -> None:
    """Click or pick in an ephemeral reply, then wait for the listener's answer (it runs after the ack)."""
    block_id, element = _block(reply, action_id, containing)
    if element["type"] == "button":
        _click(rechargly, action_id, block_id, value=element["value"])
    else:
        option = next((o for o in element.get("options", []) if o["value"] == value), {"value": value})
        _click(rechargly, action_id, block_id, option=option)


def _click(
    rechargly: Running,
    action_id: str,
    block_id: str,
    *,
    value: str | None = None,
    option: dict[str, Any] | None = None,
    user_id: str = ADMIN,
) -> None:
    before = len(rechargly.slack.responses)
    answer = rechargly.driver.click(
        action_id, value, block_id=block_id, selected_option=option, user_id=user_id, channel_id=CHANNEL
    )
    assert answer.status == 200, answer.body
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.responses) > before, timeout=15)


def _mapping(rechargly: Running, month: str = "", user_id: str = ADMIN) -> dict[str, Any]:
    reply = rechargly.driver.command(
        "/rechargly", f"mapping {month}".strip(), user_id=user_id, channel_id=CHANNEL
    )
    return dict(reply.json())


def _audit_actions(rechargly: Running) -> list[str]:
    with rechargly.services.db.session() as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all())


def _own_plan_question(rechargly: Running) -> int:
    with rechargly.services.db.session() as session:
        return len(session.exec(select(LineQuestion).where(LineQuestion.state == "open")).all())


@both_databases
def test_partner_bill_mapped_asked_answered_and_remembered(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    _per_client_rule(rechargly)  # back-fills October's and November's seeded partner bills

    # The seeded bills' exact lines were proposed at once; only the firm's own plan was asked about.
    november = _mapping(rechargly, "2026-11")
    assert "Partner plan (own organisation)" in json.dumps(november)
    assert "a client — /rechargly mapping" in " ".join(
        m.text or "" for m in rechargly.slack.messages(CHANNEL)
    )
    # Excluding the own plan once settles it in every month, for good.
    this_line = _block(november, "exclude_line", "Partner plan")[1]["options"][0]["value"]
    assert this_line.startswith("line:")
    _choose(rechargly, november, "exclude_line", this_line, containing="Partner plan")
    assert _own_plan_question(rechargly) == 0
    assert "Every bill line" in json.dumps(rechargly.slack.responses[-1])

    notices_before = len([m for m in rechargly.slack.messages(CHANNEL) if "need" in (m.text or "")])
    bill = _partner_bill(
        rechargly,
        dt.date(2026, 11, 19),
        "XERO-202611-T",
        [
            _line("RIVERBEND LEGAL LTD — Standard", "65.00"),
            _line("Otago Cateringg Ltd: Starter", "33.00"),
            _line("Kowhai Glas Ltd - Premium", "89.00"),
            _line(OWN_PLAN, "0.00"),
        ],
    )

    recharges = _recharges_of(rechargly, bill)
    assert sorted(recharges) == ["Otago Cateringg Ltd: Starter", "RIVERBEND LEGAL LTD — Standard"]
    assert recharges["Otago Cateringg Ltd: Starter"].match_note == "matched by name (97%)"
    assert recharges["RIVERBEND LEGAL LTD — Standard"].amount == 65
    questions = _questions_of(rechargly, bill)
    assert list(questions) == ["Kowhai Glas Ltd - Premium"]  # excluded own plan: no question
    assert questions["Kowhai Glas Ltd - Premium"].level == "medium"
    notices = [m for m in rechargly.slack.messages(CHANNEL) if "need" in (m.text or "")]
    assert len(notices) == notices_before + 1 and "1 line of Xero's November 2026 bill" in (
        notices[-1].text or ""
    )
    assert any("matched by name (97%)" in json.dumps(m.blocks) for m in rechargly.slack.messages(CHANNEL))

    # Only approvers answer; the question names the best guess.
    reply = _mapping(rechargly)
    assert "Is this Kowhai Glass Limited? — differs in: Glas/Glass" in json.dumps(reply, ensure_ascii=False)
    kowhai = _contact_id(rechargly, "Kowhai Glass Limited")
    _choose(rechargly, reply, "pick_client_for_line", kowhai, containing="Kowhai Glas Ltd")
    answered = _recharges_of(rechargly, bill)["Kowhai Glas Ltd - Premium"]
    assert answered.client_contact_xero_id == kowhai and answered.amount == 89
    assert answered.match_note == "remembered mapping" and answered.proposal_message_id is not None
    assert "Mapped the line to *Kowhai Glass Limited*" in json.dumps(rechargly.slack.responses[-1])
    assert {"excluded", "mapping saved"} <= set(_audit_actions(rechargly))

    # Next month's bill needs no question: the answer and the exclusion are remembered.
    december = _partner_bill(
        rechargly,
        dt.date(2026, 12, 2),
        "XERO-202612-T",
        [_line("Kowhai Glas Ltd - Premium", "89.00"), _line(OWN_PLAN, "0.00")],
    )
    assert _questions_of(rechargly, december) == {}
    assert _recharges_of(rechargly, december)["Kowhai Glas Ltd - Premium"].client_contact_xero_id == kowhai
    assert "Every bill line" in json.dumps(_mapping(rechargly, "2026-12"))


@both_databases
def test_an_answer_teaches_a_name_that_maps_another_vendors_lines(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    _per_client_rule(rechargly)
    _per_client_rule(rechargly, vendor="Dext")
    # A trading name no contact carries: both vendors' lines are asked about.
    xero_bill = _partner_bill(
        rechargly, dt.date(2026, 11, 19), "XERO-A1", [_line("Harbourside Glazing — Standard", "65.00")]
    )
    dext_bill = _dext_bill(
        rechargly,
        dt.date(2026, 11, 20),
        "DEXT-A1",
        "Dext Prepare usage - Harbourside Glazing (40 documents)",
        "22.00",
    )
    assert list(_questions_of(rechargly, xero_bill)) and list(_questions_of(rechargly, dext_bill))

    # Answering Xero's line teaches the name; Dext's open line is then mapped by it too.
    kowhai = _contact_id(rechargly, "Kowhai Glass Limited")
    _choose(rechargly, _mapping(rechargly), "pick_client_for_line", kowhai, containing="`Harbourside Glazing")
    note = json.dumps(rechargly.slack.responses[-1], ensure_ascii=False)
    assert "Learnt “Harbourside Glazing” as its name for every vendor" in note
    dext_line = "Dext Prepare usage - Harbourside Glazing (40 documents)"
    recharge = _recharges_of(rechargly, dext_bill)[dext_line]
    assert recharge.client_contact_xero_id == kowhai and recharge.match_note == "learnt name"
    assert _questions_of(rechargly, dext_bill)[dext_line].state == "resolved"

    # Next month's Dext bill (another text, same name) maps itself, without a question.
    december = _dext_bill(
        rechargly,
        dt.date(2026, 12, 2),
        "DEXT-A2",
        "Dext Prepare usage - HARBOURSIDE GLAZING (12 documents)",
        "9.00",
    )
    assert _questions_of(rechargly, december) == {}
    assert [r.client_contact_xero_id for r in _recharges_of(rechargly, december).values()] == [kowhai]

    # The learnt name is listed, removable, and both steps are in the history.
    listed = rechargly.driver.command("/rechargly", "mappings", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "`Harbourside Glazing` is *Kowhai Glass Limited*" in json.dumps(listed, ensure_ascii=False)
    _choose(rechargly, listed, "remove_alias", "", containing="Harbourside Glazing")
    with rechargly.services.db.session() as session:
        assert session.exec(select(ClientAlias)).all() == []
    assert "Forgot the name “Harbourside Glazing”" in json.dumps(
        rechargly.slack.responses[-1], ensure_ascii=False
    )
    history = rechargly.driver.command("/rechargly", "history", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "alias learnt" in json.dumps(history) and "alias removed" in json.dumps(history)
    later = _dext_bill(
        rechargly,
        dt.date(2026, 12, 3),
        "DEXT-A3",
        "Dext Prepare usage - Harbourside Glazing (3 documents)",
        "5.00",
    )
    assert list(_questions_of(rechargly, later))  # forgotten: asked again


def test_mappings_listed_changed_and_removed_with_audit(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    _per_client_rule(rechargly)
    bill = _partner_bill(
        rechargly, dt.date(2026, 11, 19), "XERO-T2", [_line("Kowhai Glas Ltd - Premium", "89.00")]
    )
    reply = _mapping(rechargly)
    _choose(
        rechargly,
        reply,
        "pick_client_for_line",
        _contact_id(rechargly, "Kowhai Glass Limited"),
        containing="Kowhai Glas Ltd",
    )
    assert _recharges_of(rechargly, bill)

    listed = rechargly.driver.command("/rechargly", "mappings", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Kowhai Glass Limited" in json.dumps(listed) and "Partner plan" not in json.dumps(listed)
    riverbend = _contact_id(rechargly, "Riverbend Legal Limited")
    _choose(rechargly, listed, "change_mapping", riverbend, containing="Kowhai")
    with rechargly.services.db.session() as session:
        mapping = session.exec(select(LineMapping)).one()
        assert mapping.client_contact_xero_id == riverbend and mapping.updated_by == ADMIN
    assert "now go to *Riverbend Legal Limited*" in json.dumps(rechargly.slack.responses[-1])
    _choose(rechargly, listed, "remove_mapping", "", containing="Kowhai")
    with rechargly.services.db.session() as session:
        assert session.exec(select(LineMapping)).all() == []
    assert [a for a in _audit_actions(rechargly) if a.startswith("mapping")] == [
        "mapping saved",
        "mapping changed",
        "mapping removed",
    ]


def test_member_cannot_answer_and_vendor_exclusion_stops_every_question(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    _per_client_rule(rechargly)
    bill = _partner_bill(
        rechargly,
        dt.date(2026, 11, 19),
        "XERO-T3",
        [_line("Kowhai Glas Ltd - Premium", "89.00"), _line("Riverbend Legl - Standard", "65.00")],
    )
    reply = _mapping(rechargly, user_id=MEMBER)
    block_id, _ = _block(reply, "pick_client_for_line", "Kowhai Glas Ltd")
    kowhai = {"value": _contact_id(rechargly, "Kowhai Glass Limited")}
    _click(rechargly, "pick_client_for_line", block_id, option=kowhai, user_id=MEMBER)
    assert "Kowhai Glas Ltd - Premium" not in _recharges_of(rechargly, bill)
    assert any("can map bill lines to clients" in r.get("text", "") for r in rechargly.slack.responses)

    _choose(
        rechargly, reply, "exclude_line", "vendor:" + block_id.split(":")[1], containing="Kowhai Glas Ltd"
    )
    with rechargly.services.db.session() as session:
        assert session.exec(select(LineQuestion).where(LineQuestion.state == "open")).all() == []
        assert session.exec(select(LineMapping.line_key)).all() == ["xero:*"]
    later = _partner_bill(
        rechargly, dt.date(2026, 12, 2), "XERO-T4", [_line("Someone New Ltd - Premium", "89.00")]
    )
    assert _questions_of(rechargly, later) == {} and _recharges_of(rechargly, later) == {}


def test_create_rule_from_unmatched_proposes_that_very_charge(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    unmatched = rechargly.driver.command("/rechargly", "unmatched", user_id=ADMIN, channel_id=CHANNEL).json()
    _, element = _block(unmatched, "create_rule", "Adobe")
    views = len(rechargly.slack.views)
    rechargly.driver.click("create_rule", element["value"], user_id=ADMIN, channel_id=CHANNEL)
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.views) > views)
    client = sorted((c.name, c.xero_id) for c in _customers(rechargly))[0]
    values = {
        "clients": {
            "rule_clients": {
                "selected_options": [{"text": {"type": "plain_text", "text": client[0]}, "value": client[1]}]
            }
        },
        "allocation": {"allocation": "whole"},
        "basis": {"basis": "net"},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
    }
    view = rechargly.slack.views[-1]
    supplier = next(b["element"] for b in view.view["blocks"] if b.get("block_id") == "supplier")
    values["supplier"] = {"rule_supplier": {"selected_option": supplier["initial_option"]}}  # prefilled
    answer = submit_rule_form(rechargly, view, values)
    assert answer.saved, (answer.ack, answer.problems)
    with rechargly.services.db.session() as session:
        proposed = session.exec(select(Recharge).where(Recharge.spend_line_id == int(element["value"]))).one()
    assert proposed.status == RechargeStatus.PROPOSED and proposed.client_contact_xero_id == client[1]
    assert proposed.proposal_message_id is not None


def _customers(rechargly: Running) -> list[Contact]:
    with rechargly.services.db.session() as session:
        return list(session.exec(select(Contact).where(col(Contact.is_customer).is_(True))))


def test_small_charges_accrue_until_the_minimum_then_invoice_together(connected: Running) -> None:
    rechargly = connected
    _sync(rechargly)
    _per_client_rule(rechargly)
    first = _partner_bill(
        rechargly, dt.date(2026, 11, 19), "XERO-S1", [_line("Kowhai Glass Limited - Extra user", "3.00")]
    )
    small = _recharges_of(rechargly, first)["Kowhai Glass Limited - Extra user"]
    result = rechargly.services.approvals.approve(
        team_id="T0001", user_id=ADMIN, message_id=small.proposal_message_id or 0
    )
    assert result.state == RechargeStatus.ACCRUING
    with rechargly.services.db.session() as session:
        row = session.get(Recharge, small.id)
        assert row is not None and row.status == RechargeStatus.ACCRUING and row.invoice_id is None
    posted = [m for m in rechargly.slack.messages(CHANNEL) if "accruing until $5.00" in json.dumps(m.blocks)]
    assert posted, "the proposal message says the charge accrues"
    digest = rechargly.driver.command("/rechargly", "digest", user_id=ADMIN, channel_id=CHANNEL)
    assert digest.status == 200
    assert rechargly.slack.wait_for(  # posted after the acknowledgement
        lambda: any("Accruing" in json.dumps(m.blocks) for m in rechargly.slack.messages(CHANNEL))
    )

    second = _partner_bill(
        rechargly, dt.date(2026, 11, 20), "XERO-S2", [_line("Kowhai Glass Limited - Extra user", "4.00")]
    )
    more = _recharges_of(rechargly, second)["Kowhai Glass Limited - Extra user"]
    result = rechargly.services.approvals.approve(
        team_id="T0001", user_id=ADMIN, message_id=more.proposal_message_id or 0
    )
    assert result.state == "done", result
    with rechargly.services.db.session() as session:
        both = [session.get(Recharge, small.id), session.get(Recharge, more.id)]
    assert {r.status for r in both if r} == {RechargeStatus.INVOICED}
    assert len({r.invoice_id for r in both if r}) == 1
    accrec = [
        i
        for i in rechargly.xero.store[rechargly.xero.tenants[0].tenant_id].invoices.values()
        if i["Type"] == "ACCREC" and i["Total"] and str(i["Total"]) in ("7.00", "8.05")
    ]
    assert len(accrec) == 1
