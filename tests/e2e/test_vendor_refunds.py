"""Vendors' refunds over HTTP against the Xero sandbox: a refund of a charge still waiting withdraws
(or, in part, reduces) its recharge; a refund of a charge already invoiced credits the client once;
a refund that could be for several charges is put to the channel and changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from harness import (
    ADMIN,
    CHANNEL,
    MEMBER,
    TEAM,
    Running,
    both_databases,
    posted_proposal,
    propose_adobe_charge,
    raise_recharge_invoice,
)
from sqlmodel import col, select

from services.models import (
    Contact,
    CreditNoteRecord,
    Recharge,
    RechargeStatus,
    RefundEffect,
    RefundLink,
    RefundState,
    SupplierRefund,
    XeroConnection,
)
from services.recharging.allocation import to_cents
from services.recharging.rules import RuleForm

REFUND_LINE = {"Description": "Refund - Adobe Acrobat Pro", "Quantity": "1", "UnitAmount": "115.00",
               "AccountCode": "463", "TaxType": "INPUT2"}  # fmt: skip


def _tenant(running: Running) -> str:
    return running.xero.tenants[0].tenant_id


def _cid(running: Running) -> int:
    with running.services.db.session() as session:
        return session.exec(select(XeroConnection.id)).one() or 0


def _sync(running: Running) -> None:
    outcome = running.services.sync.run(_cid(running), trigger="cli", started_by=ADMIN)
    assert outcome.state == "ok", outcome  # type: ignore[union-attr]
    running.delivered()


def _contact(running: Running, name: str) -> str:
    data = running.xero.store[_tenant(running)]
    return next(c["ContactID"] for c in data.contacts.values() if c["Name"] == name)


def _clients(running: Running, count: int) -> list[str]:
    data = running.xero.store[_tenant(running)]
    return [
        i
        for _n, i in sorted(
            (c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer")
        )
    ][:count]


def _refund_from(
    running: Running, vendor: str, *, on: dt.date, lines: list[dict[str, str]], reference: str = ""
) -> Any:
    return running.xero.add_bank_transaction(
        _tenant(running), type="RECEIVE", contact_id=vendor, date=on, reference=reference, lines=lines
    )


def _recharges(running: Running, **where: Any) -> list[Recharge]:
    with running.services.db.session() as session:
        query = select(Recharge).order_by(col(Recharge.id))
        for name, value in where.items():
            query = query.where(getattr(Recharge, name) == value)
        return list(session.exec(query))


def _said(running: Running, needle: str) -> list[str]:
    """Channel messages (as they stand now, blocks included) that say `needle`."""
    return [
        json.dumps(m.blocks)
        for m in running.slack.messages(CHANNEL)
        if needle in (m.text or "") or needle in json.dumps(m.blocks)
    ]


def _rule(running: Running, vendor: str, clients: list[str], *, allocation: str, shares: str = "") -> None:
    form = RuleForm(
        name="Vendor recharge",
        supplier_contact=vendor,
        allocation=allocation,
        clients=tuple(clients),
        shares=shares,
        revenue_account_code="200",
        tax_type="OUTPUT2",
        basis="net",
    )
    running.services.rules.save(team_id=TEAM, user_id=ADMIN, form=form)
    running.delivered()  # the rule's back-fill


# --- before approval ------------------------------------------------------------------------------


@both_databases
def test_refund_before_approval_withdraws_the_recharge(connected: Running) -> None:
    services = connected.services
    message_id = propose_adobe_charge(services, connected.xero)
    [recharge] = _recharges(connected, proposal_message_id=message_id)
    assert recharge.status == RechargeStatus.PROPOSED
    adobe = _contact(connected, "Adobe")
    refund = _refund_from(connected, adobe, on=dt.date(2026, 11, 20), lines=[REFUND_LINE])

    _sync(connected)
    _sync(connected)  # a second sync changes nothing and says nothing again

    [again] = _recharges(connected, id=recharge.id)
    assert again.status == RechargeStatus.WITHDRAWN and again.amount == recharge.amount
    with services.db.session() as session:
        stored = session.exec(select(SupplierRefund)).one()
        [effect] = session.exec(select(RefundEffect)).all()
        [link] = session.exec(select(RefundLink)).all()
    assert stored.xero_id == refund["BankTransactionID"] and stored.state == RefundState.LINKED
    assert link.spend_line_id == recharge.spend_line_id and link.evidence == "same amount and description"
    assert (effect.kind, effect.reduction, effect.recharge_id) == ("withdrawn", recharge.amount, recharge.id)
    told = _said(connected, f"recharge of ${to_cents(recharge.amount)} withdrawn")
    assert len(told) == 1 and "Adobe" in told[0]
    card = posted_proposal(services, connected.slack, message_id)
    assert "refunded by Adobe" in json.dumps(card.blocks) and "voided in Xero" not in json.dumps(card.blocks)
    history = services.lists.history(team_id=TEAM, client_query="", offset=0, limit=20)
    assert any(
        e.action == "withdrawn (vendor refund)" and e.subject == f"recharge:{recharge.id}"
        for e in history.entries
    )


@both_databases
def test_partial_credit_note_allocated_to_the_bill_reduces_split_recharges_exactly(
    connected: Running,
) -> None:
    """A vendor credits part of a bill (allocated to it in Xero): the bill's recharges, split
    50/30/20, are each reduced in proportion, and the reductions add up to the refunded share."""
    services, xero = connected.services, connected.xero
    vendor = xero.add_contact(_tenant(connected), "Notion Labs", is_supplier=True)["ContactID"]
    clients = _clients(connected, 3)
    _sync(connected)
    _rule(connected, vendor, clients, allocation="split", shares="50, 30, 20")
    bill = xero.add_bill(
        _tenant(connected),
        contact_id=vendor,
        date=dt.date(2026, 11, 3),
        number="NTN-3001",
        lines=[{"Description": "Team plan, 10 seats", "Quantity": "1", "UnitAmount": "333.33",
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    _sync(connected)
    before = _recharges(connected, status=RechargeStatus.PROPOSED)
    assert [r.amount for r in before] == [Decimal("166.66"), Decimal("100.00"), Decimal("66.67")]
    xero.add_supplier_credit(
        _tenant(connected),
        contact_id=vendor,
        date=dt.date(2026, 11, 12),
        number="NTN-CR-9",
        lines=[{"Description": "3 unused seats", "Quantity": "1", "UnitAmount": "115.00",
                "AccountCode": "463", "TaxType": "INPUT2"}],
        allocate_to=bill["InvoiceID"],
    )  # fmt: skip

    _sync(connected)
    _sync(connected)

    after = {r.id: r for r in _recharges(connected)}
    gross = bill["Total"]  # 333.33 + GST
    exact = Fraction(sum(r.amount for r in before)) * Fraction(Decimal("115.00")) / Fraction(gross)
    taken = [r.amount - after[r.id].amount for r in before]
    assert sum(taken) == to_cents(Decimal(exact.numerator) / Decimal(exact.denominator))
    for old, cut in zip(before, taken, strict=True):
        share = Fraction(sum(taken)) * Fraction(old.amount) / Fraction(sum(r.amount for r in before))
        assert abs(Fraction(cut) - share) < Fraction(1, 100)  # each within a cent of its part of it
        new = after[old.id]
        assert new.status == RechargeStatus.PROPOSED and new.amount == new.base_amount + new.markup
    with services.db.session() as session:
        effects = session.exec(select(RefundEffect)).all()
        [link] = session.exec(select(RefundLink)).all()
    assert sorted(e.reduction for e in effects) == sorted(taken) and len(effects) == 3
    assert link.evidence == "allocated to the bill in Xero" and link.amount == Decimal("115.00")
    assert len(_said(connected, "taken off")) == 1

    # Xero edits the bill (a receipt attached): re-priced, the refund stays taken off.
    data = xero.store[_tenant(connected)]
    data.invoices[bill["InvoiceID"]]["Reference"] = "seats"
    data.touch(data.invoices[bill["InvoiceID"]])
    _sync(connected)
    assert {r.id: r.amount for r in _recharges(connected)} == {i: r.amount for i, r in after.items()}


def test_refund_of_an_accruing_charge_withdraws_it(connected: Running) -> None:
    """Approved but below the minimum invoice amount (accruing): withdrawn too, never invoiced."""
    services = connected.services
    message_id = propose_adobe_charge(services, connected.xero, amount="3.45")
    result = services.approvals.approve(team_id=TEAM, user_id=ADMIN, message_id=message_id)
    assert result.state == RechargeStatus.ACCRUING
    refund_line = {**REFUND_LINE, "UnitAmount": "3.45"}
    _refund_from(connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 19), lines=[refund_line])
    _sync(connected)
    [recharge] = _recharges(connected, proposal_message_id=message_id)
    assert recharge.status == RechargeStatus.WITHDRAWN and recharge.invoice_id is None


def _void_in_xero(running: Running, record: dict[str, Any], status: str) -> None:
    data = running.xero.store[_tenant(running)]
    record["Status"] = status
    data.touch(record)


@both_databases
def test_a_refund_voided_in_xero_puts_its_withdrawn_recharge_back_for_approval(connected: Running) -> None:
    """The vendor's money never came after all: the recharge it withdrew is back on its card, once."""
    services = connected.services
    message_id = propose_adobe_charge(services, connected.xero)
    [recharge] = _recharges(connected, proposal_message_id=message_id)
    refund = _refund_from(
        connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 20), lines=[REFUND_LINE]
    )
    _sync(connected)
    assert _recharges(connected, id=recharge.id)[0].status == RechargeStatus.WITHDRAWN

    _void_in_xero(connected, refund, "DELETED")
    _sync(connected)
    _sync(connected)  # a second sync changes nothing and says nothing again

    [back] = _recharges(connected, id=recharge.id)
    assert back.status == RechargeStatus.PROPOSED and back.amount == recharge.amount
    with services.db.session() as session:
        assert not session.exec(select(RefundEffect)).all() and not session.exec(select(RefundLink)).all()
        assert session.exec(select(SupplierRefund)).one().state == RefundState.IGNORED
    told = _said(connected, "back for approval")
    assert len(told) == 1 and "Adobe" in told[0]
    card = posted_proposal(services, connected.slack, message_id)
    assert any(e["action_id"] == "approve_all" for _b, e in card.buttons())  # it can be approved again
    history = services.lists.history(team_id=TEAM, client_query="", offset=0, limit=20)
    assert any(e.action == "restored (vendor refund voided)" for e in history.entries)


def test_a_voided_part_credit_gives_back_what_it_took_off(connected: Running) -> None:
    xero = connected.xero
    vendor = xero.add_contact(_tenant(connected), "Notion Labs", is_supplier=True)["ContactID"]
    clients = _clients(connected, 2)
    _sync(connected)
    _rule(connected, vendor, clients, allocation="split", shares="60, 40")
    bill = xero.add_bill(
        _tenant(connected),
        contact_id=vendor,
        date=dt.date(2026, 11, 3),
        number="NTN-3002",
        lines=[{"Description": "Team plan, 10 seats", "Quantity": "1", "UnitAmount": "200.00",
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    _sync(connected)
    before = {r.id: r.amount for r in _recharges(connected, status=RechargeStatus.PROPOSED)}
    credit = xero.add_supplier_credit(
        _tenant(connected),
        contact_id=vendor,
        date=dt.date(2026, 11, 12),
        number="NTN-CR-10",
        lines=[{"Description": "2 unused seats", "Quantity": "1", "UnitAmount": "40.00",
                "AccountCode": "463", "TaxType": "INPUT2"}],
        allocate_to=bill["InvoiceID"],
    )  # fmt: skip
    _sync(connected)
    assert all(r.amount < before[r.id] for r in _recharges(connected, status=RechargeStatus.PROPOSED))

    _void_in_xero(connected, credit, "VOIDED")
    _sync(connected)

    after = _recharges(connected, status=RechargeStatus.PROPOSED)
    assert {r.id: r.amount for r in after} == before
    assert all(r.amount == r.base_amount + r.markup for r in after)
    assert len(_said(connected, "voided in Xero")) == 1


# --- after invoicing -----------------------------------------------------------------------------


@both_databases
@pytest.mark.parametrize("fault", [None, "500", "429"])
def test_refund_after_invoicing_credits_the_client_once(connected: Running, fault: str | None) -> None:
    services, xero = connected.services, connected.xero
    invoice = raise_recharge_invoice(connected)
    [recharge] = _recharges(connected, invoice_id=invoice.id)
    assert recharge.status == RechargeStatus.INVOICED
    if fault:
        xero.faults.add(fault, method="PUT", path="/CreditNotes", times=1)
    refund = _refund_from(
        connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 21), lines=[REFUND_LINE]
    )

    _sync(connected)
    _sync(connected)

    data = xero.store[_tenant(connected)]
    notes = [n for n in data.credit_notes.values() if n["Type"] == "ACCRECCREDIT"]
    assert len(notes) == 1, notes
    [note] = notes
    assert note["Contact"]["ContactID"].lower() == invoice.client_contact_xero_id
    assert note["SubTotal"] == recharge.amount and note["Total"] == invoice.total
    assert data.invoices[invoice.xero_invoice_id]["AmountCredited"] == note["Total"]  # all it owed
    puts = [
        c for c in xero.calls_to("/api.xro/2.0/CreditNotes") if c.method == "PUT" and c.path.count("/") == 3
    ]
    keys = {c.headers.get("idempotency-key") for c in puts}
    assert len(keys) == 1 and refund["BankTransactionID"] in keys.pop()
    assert len(puts) == (2 if fault else 1)
    [again] = _recharges(connected, id=recharge.id)
    assert again.status == RechargeStatus.REJECTED and "credited on CN-0001" in (again.reject_reason or "")
    with services.db.session() as session:
        [record] = session.exec(select(CreditNoteRecord)).all()
        [effect] = session.exec(select(RefundEffect)).all()
    assert record.state == "allocated" and record.reason == "vendor refund"
    assert (effect.kind, effect.reduction, effect.credit_note_id) == ("credited", recharge.amount, record.id)
    credited = _said(connected, "credit note CN-0001")
    assert len(credited) == 1 and invoice.invoice_number in credited[0]


def test_a_refund_voided_after_the_client_was_credited_is_left_to_a_person(connected: Running) -> None:
    """The client already has the credit note in Xero: Rechargly doesn't take it back by itself, it
    says so once, and changes nothing."""
    invoice = raise_recharge_invoice(connected)
    refund = _refund_from(
        connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 21), lines=[REFUND_LINE]
    )
    _sync(connected)
    [credited] = _recharges(connected, invoice_id=invoice.id)
    _void_in_xero(connected, refund, "DELETED")
    _sync(connected)
    _sync(connected)
    [after] = _recharges(connected, invoice_id=invoice.id)
    assert (after.status, after.amount) == (credited.status, credited.amount)
    with connected.services.db.session() as session:
        assert [e.kind for e in session.exec(select(RefundEffect))] == ["credited"]
    told = _said(connected, "already credited to the client: check it in Xero")
    assert len(told) == 1


def test_refund_credit_waits_for_the_next_sync_when_xero_keeps_failing(connected: Running) -> None:
    """Xero down through every retry: the refund is recorded, no credit note yet; the next sync
    makes it, once."""
    xero = connected.xero
    invoice = raise_recharge_invoice(connected)
    _refund_from(connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 21), lines=[REFUND_LINE])
    xero.faults.add("500", method="PUT", path="/CreditNotes", times=5)
    _sync(connected)
    data = xero.store[_tenant(connected)]
    assert [n for n in data.credit_notes.values() if n["Type"] == "ACCRECCREDIT"] == []
    with connected.services.db.session() as session:
        [record] = session.exec(select(CreditNoteRecord)).all()
    assert record.state == "pending" and record.xero_credit_note_id is None
    _sync(connected)
    _sync(connected)
    assert len([n for n in data.credit_notes.values() if n["Type"] == "ACCRECCREDIT"]) == 1
    assert data.invoices[invoice.xero_invoice_id]["AmountCredited"] == invoice.total
    assert len(_said(connected, "credit note CN-0001")) == 1


def test_part_refund_of_a_part_paid_invoice_credits_its_share(connected: Running) -> None:
    """Half the charge refunded after the client paid part: a credit note for half the recharge,
    allocated to what the invoice still owes. The refund's reference names two charges (the
    firm's November Adobe charges share it); its text describes one of them."""
    services, xero = connected.services, connected.xero
    invoice = raise_recharge_invoice(connected)
    xero.pay_invoice(_tenant(connected), invoice.xero_invoice_id, Decimal("100.00"))
    [recharge] = _recharges(connected, invoice_id=invoice.id)
    half = {**REFUND_LINE, "UnitAmount": "57.50"}
    adobe = _contact(connected, "Adobe")
    _refund_from(connected, adobe, on=dt.date(2026, 11, 22), lines=[half], reference="Adobe Nov 2026")

    _sync(connected)

    data = xero.store[_tenant(connected)]
    [note] = [n for n in data.credit_notes.values() if n["Type"] == "ACCRECCREDIT"]
    assert note["SubTotal"] == to_cents(recharge.amount / 2)
    owed = invoice.total - Decimal("100.00")
    assert data.invoices[invoice.xero_invoice_id]["AmountCredited"] == min(owed, note["Total"])
    [again] = _recharges(connected, id=recharge.id)
    assert again.status == RechargeStatus.INVOICED  # half of it still stands
    with services.db.session() as session:
        [link] = session.exec(select(RefundLink)).all()
    assert link.evidence == "its reference names the charge" and link.spend_line_id == recharge.spend_line_id


# --- unclear ---------------------------------------------------------------------------------------

HOSTILE = "<!channel> *Acme* & <https://evil.example|Cloud> Ltd"


def _asked(connected: Running, vendor_name: str = "Acme Cloud") -> tuple[list[Recharge], Any, Any]:
    """Two $49 seats from a vendor, both recharged to one client, then a $49 refund that could be
    for either: the recharges, the question posted in the channel, and the refund in Xero."""
    xero = connected.xero
    vendor = xero.add_contact(_tenant(connected), vendor_name, is_supplier=True)["ContactID"]
    [client] = _clients(connected, 1)
    _sync(connected)
    _rule(connected, vendor, [client], allocation="whole")
    seat = {"Description": "Cloud seat", "Quantity": "1", "UnitAmount": "49.00", "AccountCode": "463",
            "TaxType": "INPUT2"}  # fmt: skip
    for day, reference in ((10, "ACME-1001"), (17, "ACME-1002")):
        on = dt.date(2026, 11, day)
        xero.add_bank_transaction(
            _tenant(connected), contact_id=vendor, date=on, reference=reference, lines=[seat]
        )
    _sync(connected)
    waiting = _recharges(connected, status=RechargeStatus.PROPOSED)
    assert len(waiting) == 2
    refund_line = {**seat, "Description": "Cloud seat refund"}
    refund = _refund_from(connected, vendor, on=dt.date(2026, 11, 19), lines=[refund_line])
    _sync(connected)
    [question] = [
        m for m in connected.slack.messages(CHANNEL) if "which charge does it refund" in (m.text or "")
    ]
    return waiting, question, refund


def _pick(connected: Running, question: Any, value: str, user_id: str = ADMIN) -> None:
    before = len(connected.slack.responses)
    answer = connected.driver.click(
        "billing_settle_refund", message=question, selected_option=value, user_id=user_id, channel_id=CHANNEL
    )
    assert answer.status == 200
    assert connected.slack.wait_for(lambda: len(connected.slack.responses) > before, timeout=15)


def test_an_approver_settles_an_unclear_refund_in_slack(connected: Running) -> None:
    waiting, question, _refund = _asked(connected)
    with connected.services.db.session() as session:
        refund_id = session.exec(select(SupplierRefund.id)).one()
    second = f"{refund_id}:{waiting[1].spend_line_id}"
    _pick(connected, question, second, user_id=MEMBER)
    assert "Only" in json.dumps(connected.slack.responses[-1])  # approvers only: nothing changed
    assert [r.status for r in _recharges(connected, status=RechargeStatus.PROPOSED)] == ["proposed"] * 2

    _pick(connected, question, second)
    connected.delivered()
    assert [r.status for r in _recharges(connected) if r.id in {w.id for w in waiting}] == [
        RechargeStatus.PROPOSED,
        RechargeStatus.WITHDRAWN,
    ]
    answered = connected.slack.message(question.channel, question.ts)
    assert answered is not None and "refunds Cloud seat" in json.dumps(answered.blocks)
    assert len(_said(connected, "recharge of")) == 1  # what it changed, said once in the channel
    history = connected.services.lists.history(team_id=TEAM, client_query="", offset=0, limit=20)
    assert any(e.action == "vendor refund matched" and e.actor == ADMIN for e in history.entries)

    _pick(connected, question, second)  # the same answer again (a double click, another approver)
    assert "settled already" in json.dumps(connected.slack.responses[-1])
    _sync(connected)
    assert len(_said(connected, "recharge of")) == 1


def test_none_of_these_leaves_the_recharges_alone(connected: Running) -> None:
    _waiting, question, _refund = _asked(connected)
    with connected.services.db.session() as session:
        refund_id = session.exec(select(SupplierRefund.id)).one()
    _pick(connected, question, f"{refund_id}:0")
    _sync(connected)
    assert [r.status for r in _recharges(connected, status=RechargeStatus.PROPOSED)] == ["proposed"] * 2
    with connected.services.db.session() as session:
        assert session.exec(select(SupplierRefund)).one().state == RefundState.UNMATCHED
        assert not session.exec(select(RefundEffect)).all()


def test_unclear_refund_asks_the_channel_and_changes_nothing(connected: Running) -> None:
    services, xero = connected.services, connected.xero
    waiting, _question, refund = _asked(connected, HOSTILE)
    client = waiting[0].client_contact_xero_id
    _sync(connected)  # a second sync: still asked only once

    asked = _said(connected, "could be for any of these charges")
    assert len(asked) == 1  # asked once, however many syncs
    assert "&lt;!channel&gt; *Acme* &amp; &lt;https://evil.example|Cloud&gt; Ltd" in asked[0]
    assert [r.status for r in _recharges(connected, status=RechargeStatus.PROPOSED)] == [
        RechargeStatus.PROPOSED
    ] * 2
    with services.db.session() as session:
        stored = session.exec(select(SupplierRefund)).one()
        assert session.exec(select(RefundEffect)).all() == []
    assert stored.state == RefundState.UNCLEAR and stored.asked_at is not None
    history = services.lists.history(team_id=TEAM, client_query="", offset=0, limit=20)
    assert any(e.action == "vendor refund unclear" for e in history.entries)

    # A person settles it in Xero: the refund's reference names the second charge.
    xero.update_bank_transaction(
        _tenant(connected), refund["BankTransactionID"], Reference="ACME-1002 refund"
    )
    _sync(connected)
    statuses = [
        r.status
        for r in _recharges(connected, client_contact_xero_id=client)
        if r.id in {w.id for w in waiting}
    ]
    assert statuses == [RechargeStatus.PROPOSED, RechargeStatus.WITHDRAWN]
    assert len(_said(connected, "recharge of")) == 1


def test_money_received_from_a_vendor_for_nothing_recharged_is_left_alone(connected: Running) -> None:
    """A vendor's rebate that fits no recharged charge: stored, never announced."""
    propose_adobe_charge(connected.services, connected.xero)
    rebate = {"Description": "Loyalty rebate", "Quantity": "1", "UnitAmount": "7.00", "AccountCode": "463",
              "TaxType": "INPUT2"}  # fmt: skip
    _refund_from(connected, _contact(connected, "Adobe"), on=dt.date(2026, 11, 19), lines=[rebate])
    _sync(connected)
    with connected.services.db.session() as session:
        stored = session.exec(select(SupplierRefund)).one()
        assert session.exec(select(Contact).where(Contact.name == "Adobe")).one()
    assert stored.state == RefundState.UNMATCHED
    assert not _said(connected, "refunded")


def test_a_charge_refunded_before_any_rule_recharged_it_is_never_proposed(connected: Running) -> None:
    """The refund is tied to the charge though nothing recharged it yet; a rule saved later
    proposes the vendor's other charges, never the one given back."""
    xero = connected.xero
    vendor = xero.add_contact(_tenant(connected), "Loom", is_supplier=True)["ContactID"]
    seat = {"Description": "Loom Business, 3 seats", "Quantity": "1", "UnitAmount": "45.00",
            "AccountCode": "463", "TaxType": "INPUT2"}  # fmt: skip
    kept = xero.add_bank_transaction(
        _tenant(connected), contact_id=vendor, date=dt.date(2026, 10, 20), lines=[seat]
    )
    given_back = xero.add_bank_transaction(
        _tenant(connected),
        contact_id=vendor,
        date=dt.date(2026, 11, 12),
        lines=[{**seat, "UnitAmount": "60.00"}],
    )
    _refund_from(connected, vendor, on=dt.date(2026, 11, 14), lines=[{**seat, "UnitAmount": "60.00"}])
    _sync(connected)
    with connected.services.db.session() as session:
        assert session.exec(select(SupplierRefund)).one().state == RefundState.LINKED
    _rule(connected, vendor, _clients(connected, 1), allocation="whole")
    proposed = _recharges(connected)
    assert len(proposed) == 1 and proposed[0].charge_date == kept["Date"] != given_back["Date"]
    assert not _said(connected, "refunded")  # nothing was recharged: nothing to say
