"""Approval mode (one invoice per approval): the invoice carries the History note and its online link,
and the invoiced proposal card offers Void… (approvers only, after a confirm)."""

from __future__ import annotations

from harness import ADMIN, MEMBER, Running, posted_proposal, raise_recharge_invoice
from sqlmodel import select

from services.models import Recharge, RechargeStatus


def test_invoice_gets_history_note_and_online_link(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    data = connected.xero.store[connected.xero.tenants[0].tenant_id]
    [note] = data.history[invoice.xero_invoice_id]
    # The approver's name as Slack shows it (users.info), not their user id.
    assert note["Details"].startswith("Raised by Rechargly; approved by Ana Admin in Slack on ")
    assert invoice.online_url.endswith(f"/online/invoice/{invoice.xero_invoice_id}")
    assert invoice.email_state == ""  # SEND_INVOICES defaults to none: nothing emailed
    assert not data.emails


def test_void_from_the_invoiced_card(connected: Running) -> None:
    invoice = raise_recharge_invoice(connected)
    with connected.services.db.session() as session:
        message_id = session.exec(
            select(Recharge.proposal_message_id).where(Recharge.invoice_id == invoice.id)
        ).first()
    card = posted_proposal(connected.services, connected.slack, message_id or 0)
    connected.driver.click_button(card, "billing_void_invoice", user_id=MEMBER)
    assert connected.slack.wait_for(lambda: any("Only" in str(r) for r in connected.slack.responses), 10)
    assert not connected.slack.views  # no confirm for someone who may not void
    connected.driver.click_button(card, "billing_void_invoice", user_id=ADMIN)
    assert connected.slack.wait_for(lambda: len(connected.slack.views) == 1, 10)
    answer = connected.driver.submit_view(
        connected.slack.views[-1],
        {"then": {"then": {"selected_option": {"value": "rejected"}}}},
        user_id=ADMIN,
    )
    assert answer.status == 200 and not answer.slack_error
    data = connected.xero.store[connected.xero.tenants[0].tenant_id]
    assert data.invoices[invoice.xero_invoice_id]["Status"] == "VOIDED"
    with connected.services.db.session() as session:
        statuses = {r.status for r in session.exec(select(Recharge).where(Recharge.invoice_id.is_(None)))}
    assert RechargeStatus.REJECTED in statuses
