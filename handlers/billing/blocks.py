"""Block Kit for monthly billing: the run card, its review modal, and the void/credit confirm.

Pure functions of the services' data. Every name that comes from Xero (organisation, client,
vendor, line text) is escaped before it reaches mrkdwn.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from handlers.billing import ids
from handlers.blocks import Rendered, actions, button, context, header, mrkdwn, render_notice
from services.allocation import format_money
from services.billing.notices import BillingRunCard, ClientBill
from services.billing.suggestions import RuleSuggestions
from services.billing.undo import UndoPlan

Block = dict[str, Any]
SHOWN_ON_CARD = 10  # clients listed on the card; the rest are in Review
CLIENTS_PER_PAGE = 5
LINES_PER_CLIENT = 8
MAX_CHECKBOXES = 10  # Slack's limit per checkboxes element


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _money(card: BillingRunCard, amount: Decimal) -> str:
    return format_money(amount, card.currency, card.currency)


def _noun(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def run_title(card: BillingRunCard) -> str:
    """ "November billing run: 38 invoices, $4,210.50"."""
    invoices = _noun(len(card.bills), "invoice", "invoices")
    return f"{card.label} billing run: {invoices}, {_money(card, card.total)}"


@render_notice.register
def _run_card(card: BillingRunCard) -> Rendered:
    return run_title(card), run_card_blocks(card)


def run_card_blocks(card: BillingRunCard) -> list[Block]:
    blocks: list[Block] = [header(run_title(card)), mrkdwn(_state_line(card))]
    if card.bills:
        blocks.append(mrkdwn("\n".join(_bill_line(card, bill) for bill in card.bills[:SHOWN_ON_CARD])))
    if len(card.bills) > SHOWN_ON_CARD:
        blocks.append(
            context(f"…and {_noun(len(card.bills) - SHOWN_ON_CARD, 'more client', 'more clients')}")
        )
    if card.sends_email and card.without_email:
        names = ", ".join(escape(name) for name in card.without_email[:20])
        blocks.append(context(f":email: No email address in Xero, so not emailed: {names}"))
    if card.carried:
        total = _money(card, sum((bill.total - bill.admin_fee for bill in card.carried), Decimal(0)))
        blocks.append(
            context(
                f":hourglass: Below the minimum invoice amount ({_money(card, card.minimum)}), waiting for "
                f"the next run: {_noun(len(card.carried), 'client', 'clients')}, {total}"
            )
        )
    buttons = _card_buttons(card)
    if buttons:
        blocks.append(actions(*buttons, block_id=f"run:{card.run_id}"))
    return blocks


def _state_line(card: BillingRunCard) -> str:
    org = escape(card.organisation)
    if card.preview:
        return f":mag: Preview for *{org}*: nothing was saved and nothing goes to Xero."
    if card.state == "open":
        if not card.bills:
            return f"Nothing to invoice for *{org}* this period."
        return f"Built for *{org}*. Nothing goes to Xero until an approver approves the run."
    failed = [bill for bill in card.bills if bill.error and bill.invoice_state != "done"]
    if failed:
        return (
            f":warning: Approved by <@{card.approved_by}>; {_noun(len(failed), 'invoice', 'invoices')} "
            "failed in Xero. *Approve run* again to finish them (nothing is raised twice)."
        )
    if card.state == "approved":
        return f":hourglass_flowing_sand: Approved by <@{card.approved_by}>; raising the invoices in Xero…"
    return f":white_check_mark: Approved by <@{card.approved_by}>; every invoice is in Xero."


def _bill_line(card: BillingRunCard, bill: ClientBill) -> str:
    charges = _noun(len(bill.lines), "charge", "charges")
    fee = f" + {_money(card, bill.admin_fee)} fee" if bill.admin_fee else ""
    text = f"• *{escape(bill.client_name)}* — {charges}{fee} — {_money(card, bill.total)}"
    if bill.invoice_number:
        number = escape(bill.invoice_number)
        text += f" · <{bill.online_url}|{number}>" if bill.online_url else f" · {number}"
    if bill.email_state == "sent":
        text += " · emailed"
    if bill.undone:
        text += f" · _{bill.undone}_"
    if bill.error:
        text += f" · :warning: {escape(bill.error)[:200]}"
    return text


def _card_buttons(card: BillingRunCard) -> list[Block]:
    if card.preview or not card.bills:
        return []
    review = button("Review", ids.REVIEW_RUN, f"{card.run_id}:1")
    failed = any(bill.error and bill.invoice_state != "done" for bill in card.bills)
    if card.state != "open" and not failed:
        return [review]
    approve = button("Approve run", ids.APPROVE_RUN, str(card.run_id), style="primary")
    approve["confirm"] = {
        "title": {"type": "plain_text", "text": "Approve the billing run?"},
        "text": {"type": "mrkdwn", "text": f"This raises {run_title(card)} in Xero."[:300]},
        "confirm": {"type": "plain_text", "text": "Approve run"},
        "deny": {"type": "plain_text", "text": "Not yet"},
    }
    return [approve, review]


# --- review ---------------------------------------------------------------------------------------


def review_modal(card: BillingRunCard, page: int) -> Block:
    """One page of clients; lines removable while the run is open, invoices voidable after."""
    pages = max(1, -(-len(card.bills) // CLIENTS_PER_PAGE))
    page = min(max(1, page), pages)
    shown = card.bills[(page - 1) * CLIENTS_PER_PAGE : page * CLIENTS_PER_PAGE]
    blocks: list[Block] = [mrkdwn(f"*{escape(run_title(card))}* — page {page} of {pages}")]
    for bill in shown:
        blocks += _review_client(card, bill, page)
    nav = []
    if page > 1:
        nav.append(button("Previous", ids.REVIEW_RUN_PAGE, f"{card.run_id}:{page - 1}"))
    if page < pages:
        nav.append(button("Next", ids.REVIEW_RUN_PAGE, f"{card.run_id}:{page + 1}"))
    if nav:
        blocks.append(actions(*nav))
    return {
        "type": "modal",
        "callback_id": ids.RUN_REVIEW_MODAL,
        "private_metadata": str(card.run_id),
        "title": {"type": "plain_text", "text": "Review billing run"},
        "close": {"type": "plain_text", "text": "Done"},
        "blocks": blocks,
    }


def _review_client(card: BillingRunCard, bill: ClientBill, page: int) -> list[Block]:
    title = mrkdwn(_bill_line(card, bill))
    if bill.invoice_id and bill.invoice_state == "done" and not bill.undone:
        title["accessory"] = button("Void…", ids.VOID_INVOICE, str(bill.invoice_id), style="danger")
    blocks = [title]
    for line in bill.lines[:LINES_PER_CLIENT]:
        text = f"{escape(line.vendor)}: {escape(line.description)} — {_money(card, line.amount)}"
        block = context(text) if card.state != "open" else mrkdwn(text)
        if card.state == "open":
            block["accessory"] = button(
                "Remove", ids.REMOVE_RUN_LINE, f"{card.run_id}:{line.recharge_id}:{page}"
            )
        blocks.append(block)
    if len(bill.lines) > LINES_PER_CLIENT:
        blocks.append(context(f"…and {len(bill.lines) - LINES_PER_CLIENT} more"))
    return blocks


# --- undo -----------------------------------------------------------------------------------------


def undo_modal(plan: UndoPlan) -> Block:
    """Void (unpaid) or credit note (paid or part-paid), after a confirm; approvers only."""
    who = escape(plan.client_name)
    number = escape(plan.invoice_number)
    if plan.voidable:
        intro = f"Void *{number}* for *{who}* ({plan.total}) in Xero? It isn't paid yet."
        choice = _radio(
            "then",
            "Its charges then",
            [("pending", "Go back to pending (propose them again)"), ("rejected", "Are rejected")],
        )
        submit = "Void invoice"
    else:
        intro = (
            f"*{number}* for *{who}* is {plan.paid_text}. Choose the lines to credit; "
            "the credit note is allocated to what it still owes."
        )
        choice = _checkboxes("lines", "Lines to credit", plan.lines[:MAX_CHECKBOXES])
        submit = "Raise credit note"
    return {
        "type": "modal",
        "callback_id": ids.UNDO_MODAL,
        "private_metadata": str(plan.invoice_id),
        "title": {"type": "plain_text", "text": "Undo invoice"},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [mrkdwn(intro), choice],
    }


def _radio(block_id: str, label: str, options: Sequence[tuple[str, str]]) -> Block:
    choices = [_option(text, value) for value, text in options]
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "radio_buttons",
            "action_id": block_id,
            "options": choices,
            "initial_option": choices[0],
        },
    }


def _checkboxes(block_id: str, label: str, lines: Sequence[tuple[int, str]]) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "checkboxes",
            "action_id": block_id,
            "options": [_option(text, str(recharge_id)) for recharge_id, text in lines],
        },
    }


def _option(text: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": text[:75]}, "value": value[:150]}


def undone_blocks(summary: str) -> list[Block]:
    return [mrkdwn(f":leftwards_arrow_with_hook: {escape(summary)}")]


# --- rules suggested from the firm's history --------------------------------------------------------


@render_notice.register
def _suggestions(notice: RuleSuggestions) -> Rendered:
    first = notice.suggestions[0]
    text = (
        f"You recharged {first.vendor} to {_noun(len(first.clients), 'client', 'clients')} last year: "
        "create these rules?"
    )
    blocks: list[Block] = [mrkdwn(f":bulb: {escape(text)}")]
    for index, suggestion in enumerate(notice.suggestions):
        names = ", ".join(escape(name) for _id, name in suggestion.clients[:5])
        more = f" and {len(suggestion.clients) - 5} more" if len(suggestion.clients) > 5 else ""
        markup = (
            f"{suggestion.markup_percent.normalize():f}% markup" if suggestion.markup_percent else "no markup"
        )
        clients = _noun(len(suggestion.clients), "client", "clients")
        section = mrkdwn(
            f"*{escape(suggestion.vendor)}* → {clients}, {markup} "
            f"({_noun(suggestion.invoice_lines, 'invoice line', 'invoice lines')} in "
            f"{escape(notice.organisation)})\n{names}{more}"
        )
        section["accessory"] = button("Create rule", ids.CREATE_SUGGESTED_RULE, f"{notice.event_id}:{index}")
        blocks.append(section)
    blocks.append(context("Each rule opens in the rule form to check before it is saved."))
    return text, blocks
