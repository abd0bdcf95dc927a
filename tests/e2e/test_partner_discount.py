"""Xero's partner discount over HTTP: a partner bill with discounted per-client lines in the sandbox,
a rule saved in the Slack modal that shares half the discount with clients, a sync, the proposal
card, and the invoice raised in Xero for the amount the card shows."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from harness import ADMIN, CHANNEL, Running, both_databases, posted_proposal, submit_rule_form
from sqlmodel import col, select

from services.models import Contact, Recharge, RechargeRule, SpendLine, SpendTransaction, XeroConnection

D = Decimal
KOWHAI, RIVERBEND, IRONBARK = "Kowhai Glass Limited", "Riverbend Legal Limited", "Ironbark Signs Partnership"


def _sync(rechargly: Running) -> None:
    with rechargly.services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    rechargly.services.sync.run(cid, trigger="cli", started_by=ADMIN)
    rechargly.delivered()


def _contact_id(rechargly: Running, name: str) -> str:
    with rechargly.services.db.session() as session:
        return session.exec(select(Contact.xero_id).where(Contact.name == name)).one()


def _line(text: str, unit: str, **discount: str) -> dict[str, Any]:
    return {"Description": text, "Quantity": "1", "UnitAmount": unit, "AccountCode": "485",
            "TaxType": "INPUT2", **discount}  # fmt: skip


def _rule_values(rechargly: Running, **discount: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The Xero rule as typed in the modal: per-client (Xero's bill names a client on each line)."""
    xero = _contact_id(rechargly, "Xero")
    return {
        "name": {"name": "Xero partner plans"},
        "supplier": {
            "rule_supplier": {
                "selected_option": {"text": {"type": "plain_text", "text": "Xero"}, "value": xero}
            }
        },
        "allocation": {"allocation": "whole"},
        "basis": {"basis": "net"},
        "markup_percent": {"markup_percent": "10"},
        "revenue_account_code": {"revenue_account_code": "200"},
        "tax_type": {"tax_type": "OUTPUT2"},
        **discount,
    }


def _open_rule_form(rechargly: Running) -> Any:
    reply = rechargly.driver.command("/rechargly", "rules add", user_id=ADMIN, channel_id=CHANNEL).json()
    assert "Opening" in json.dumps(reply)
    return rechargly.slack.views[-1]


def _edit_form(rechargly: Running, rule_id: int) -> dict[str, Any]:
    """Press Edit on the rule; the input blocks of the modal it opens, by block id."""
    before = len(rechargly.slack.views)
    answer = rechargly.driver.click(
        "edit_rule", str(rule_id), block_id=f"rule:{rule_id}", user_id=ADMIN, channel_id=CHANNEL
    )
    assert answer.status == 200, answer.body
    assert rechargly.slack.wait_for(lambda: len(rechargly.slack.views) > before, timeout=15)
    return {b["block_id"]: b for b in rechargly.slack.views[-1].view["blocks"] if b["type"] == "input"}


def _recharges_of(rechargly: Running, bill_id: str) -> dict[str, Recharge]:
    with rechargly.services.db.session() as session:
        rows = session.exec(
            select(SpendLine.description, Recharge)
            .join(Recharge, col(Recharge.spend_line_id) == SpendLine.id)
            .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
            .where(SpendTransaction.xero_id == bill_id)
        ).all()
    return {description.split(" — ")[0]: recharge for description, recharge in rows}


def _approved(rechargly: Running, channel: str, ts: str) -> Any:
    current = rechargly.slack.message(channel, ts)
    shown = json.dumps(current.blocks) if current else ""
    return current if "Approved by" in shown and "creating the invoice" not in shown else None


@both_databases
def test_partner_discount_shared_with_clients_from_bill_to_invoice(connected: Running) -> None:
    rechargly, xero = connected, connected.xero
    tenant = xero.tenants[0].tenant_id
    _sync(rechargly)

    # Bad input is refused on its own fields, and nothing is saved.
    view = _open_rule_form(rechargly)
    bad = submit_rule_form(
        rechargly,
        view,
        _rule_values(
            rechargly,
            discount={"discount": "share"},
            discount_share={"discount_share": "150"},
            discount_percent={"discount_percent": "100"},
        ),
    )
    assert bad.ack["response_action"] == "errors", bad.ack
    assert "0% to 100%" in bad.ack["errors"]["discount_share"]
    assert "below 100%" in bad.ack["errors"]["discount_percent"]
    bad = submit_rule_form(
        rechargly,
        view,
        _rule_values(rechargly, discount={"discount": "share"}, discount_share={"discount_share": "half"}),
    )
    assert "isn't a percentage" in bad.ack["errors"]["discount_share"]
    with rechargly.services.db.session() as session:
        assert session.exec(select(RechargeRule)).first() is None

    # Share 50% of the discount; bills that list discounted prices without saying so are 25% off.
    saved = submit_rule_form(
        rechargly,
        view,
        _rule_values(
            rechargly,
            discount={"discount": "share"},
            discount_share={"discount_share": "50"},
            discount_percent={"discount_percent": "25"},
        ),
    )
    assert saved.saved, saved.problems
    rechargly.delivered()  # the rule's back-fill of the seeded bills
    listed = json.dumps(rechargly.driver.command("/rechargly", "rules", user_id=ADMIN).json())
    assert "partner discount 50% to the client (25% when the bill doesn't show it)" in listed
    with rechargly.services.db.session() as session:
        rule = session.exec(select(RechargeRule)).one()
    assert (rule.discount_handling, rule.discount_share_percent, rule.discount_percent) == ("share", 50, 25)
    edit = _edit_form(rechargly, rule.id or 0)  # editing shows the rule as saved
    assert edit["discount"]["element"]["initial_option"]["value"] == "share"
    assert edit["discount_share"]["element"]["initial_value"] == "50"
    assert edit["discount_percent"]["element"]["initial_value"] == "25"

    # Xero's partner bill: a line with DiscountRate, one with DiscountAmount, one at a discounted price.
    bill = xero.add_bill(
        tenant,
        contact_id=_contact_id(rechargly, "Xero"),
        date=dt.date(2026, 11, 19),
        number="XERO-202611-P",
        lines=[
            _line(f"{KOWHAI} — Standard", "78.00", DiscountRate="25"),  # 58.50 paid
            _line(f"{RIVERBEND} — Premium", "120.00", DiscountAmount="30.00"),  # 90.00 paid
            _line(f"{IRONBARK} — Starter", "33.75"),  # 45.00 less 25%, no discount shown
        ],
    )
    assert bill["IsDiscounted"] and bill["TotalDiscount"] == D("49.50")
    _sync(rechargly)

    with rechargly.services.db.session() as session:
        stored = {
            line.description.split(" — ")[0]: (line.line_amount, line.discount_rate, line.discount_amount)
            for line in session.exec(
                select(SpendLine)
                .join(SpendTransaction, col(SpendTransaction.id) == SpendLine.spend_transaction_id)
                .where(SpendTransaction.xero_id == bill["InvoiceID"])
            )
        }
    assert stored == {
        KOWHAI: (D("58.50"), D("25.00"), None),
        RIVERBEND: (D("90.00"), None, D("30.00")),
        IRONBARK: (D("33.75"), None, None),
    }

    recharges = _recharges_of(rechargly, bill["InvoiceID"])
    # Paid + the half of the discount the firm keeps, then 10% markup on that.
    assert {name: (r.base_amount, r.amount) for name, r in recharges.items()} == {
        KOWHAI: (D("68.25"), D("75.08")),  # 58.50 + 9.75
        RIVERBEND: (D("105.00"), D("115.50")),  # 90.00 + 15.00
        IRONBARK: (D("39.37"), D("43.31")),  # 33.75 + 5.62 of the 11.25 the rule's 25% makes
    }
    kowhai = recharges[KOWHAI]
    assert kowhai.discount_note == (
        "Partner discount $19.50 (25%): 50% ($9.75) to the client, $9.75 kept by the firm"
    )
    assert recharges[IRONBARK].discount_note.startswith("Partner discount $11.25 (25%, as the rule states)")

    # The card shows the amount and, in one line, who got the discount; approving invoices that amount.
    card = posted_proposal(rechargly.services, rechargly.slack, kowhai.proposal_message_id or 0)
    shown = json.dumps(card.blocks)
    assert "$75.08" in shown and "Partner discount $19.50 (25%): 50% ($9.75) to the client" in shown
    rechargly.driver.click_button(card, "approve_all", user_id=ADMIN)
    assert rechargly.slack.wait_for(lambda: _approved(rechargly, card.channel, card.ts), timeout=15)

    data = xero.store[tenant]
    [invoice] = [
        i for i in data.invoices.values()
        if i["Type"] == "ACCREC" and i["Contact"]["ContactID"].lower() == _contact_id(rechargly, KOWHAI)
    ]  # fmt: skip
    [line] = invoice["LineItems"]
    assert line["LineAmount"] == D("75.08") and invoice["SubTotal"] == D("75.08")
    assert "discount" not in line["Description"].lower()  # the firm's arrangement stays off the invoice
    assert "$75.08" in json.dumps(_approved(rechargly, card.channel, card.ts).blocks)
