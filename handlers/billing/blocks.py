"""Block Kit for monthly billing: the run card, its review modal, the void/credit confirm, and the
rules suggested from the firm's history.

Pure functions of the services' data, built from handlers.kit: every name that comes from Xero
(organisation, client, vendor, line text) goes through md(), which escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from handlers.billing import ids
from handlers.kit import (
    Block,
    Message,
    Mrkdwn,
    actions,
    button,
    confirm,
    context,
    header,
    join,
    link,
    md,
    mention,
    message,
    modal,
    option,
    plain,
    section,
)
from services.billing.notices import BillingRunCard, ClientBill, RunComparison, RunDifference
from services.billing.refunds import RefundSettled
from services.billing.suggestions import RuleSuggestions
from services.billing.undo import UndoPlan
from services.notices import RefundOutcome, SupplierRefundApplied, SupplierRefundUnclear, SupplierRefundVoided
from services.recharging.allocation import format_money

SHOWN_ON_CARD = 10  # clients listed on the card; the rest are in Review
CLIENTS_PER_PAGE = 5
LINES_PER_CLIENT = 8
MAX_CHECKBOXES = 10  # Slack's limit per checkboxes element


def _money(card: BillingRunCard, amount: Decimal) -> str:
    return format_money(amount, card.currency, card.currency)


def _noun(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def run_title(card: BillingRunCard) -> str:
    """ "November billing run: 38 invoices, $4,210.50"."""
    invoices = _noun(len(card.bills), "invoice", "invoices")
    return f"{card.label} billing run: {invoices}, {_money(card, card.total)}"


def render_run_card(card: BillingRunCard) -> Message:
    return message(md("{title}", title=run_title(card)), run_card_blocks(card))


def run_card_blocks(card: BillingRunCard) -> list[Block]:
    blocks: list[Block] = [header(run_title(card)), section(_state_line(card))]
    if card.bills:
        blocks.append(section(join(_bill_line(card, bill) for bill in card.bills[:SHOWN_ON_CARD])))
    if len(card.bills) > SHOWN_ON_CARD:
        more = _noun(len(card.bills) - SHOWN_ON_CARD, "more client", "more clients")
        blocks.append(context(md("…and {more}", more=more)))
    if card.sends_email and card.without_email:
        names = ", ".join(card.without_email[:20])
        blocks.append(context(md(":email: No email address in Xero, so not emailed: {names}", names=names)))
    if card.carried:
        total = _money(card, sum((bill.total - bill.admin_fee for bill in card.carried), Decimal(0)))
        blocks.append(
            context(
                md(
                    ":hourglass: Below the minimum invoice amount ({minimum}), waiting for the next run: "
                    "{clients}, {total}",
                    minimum=_money(card, card.minimum),
                    clients=_noun(len(card.carried), "client", "clients"),
                    total=total,
                )
            )
        )
    if card.state == "open" and not card.preview and card.comparison is not None and card.bills:
        blocks.append(context(_why_a_person(card.comparison)))
    buttons = _card_buttons(card)
    if buttons:
        blocks.append(actions(*buttons, block_id=f"run:{card.run_id}"))
    return blocks


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


MAX_DIFFERENCES = 5


def _difference(difference: RunDifference) -> Mrkdwn:
    if difference.kind == "new":
        return md("{client} is new", client=difference.client_name)
    if difference.kind == "gone":
        return md("{client} isn't in it", client=difference.client_name)
    change = difference.change_percent
    return md(
        "{client} {way} {change}",
        client=difference.client_name,
        way="went up" if change > 0 else "went down",
        change=_percent(abs(change)),
    )


def _why_a_person(comparison: RunComparison) -> Mrkdwn:
    """Auto-approval is on, yet this run waits for a person: why."""
    if not comparison.against:
        return md(":raised_hand: Not approved automatically: there is no approved run for the period before.")
    shown = join((_difference(d) for d in comparison.differences[:MAX_DIFFERENCES]), "; ")
    more = len(comparison.differences) - MAX_DIFFERENCES
    if more > 0:
        shown += md("; and {n}", n=_noun(more, "more client", "more clients"))
    return md(
        ":raised_hand: Not approved automatically (more than {tolerance} from {against}'s run): {shown}.",
        against=comparison.against,
        tolerance=_percent(comparison.tolerance_percent),
        shown=shown,
    )


def _approver(card: BillingRunCard) -> Mrkdwn:
    """Who approved the run: a person (a mention), or Rechargly, saying which run it matched."""
    if not card.auto_approved:
        return mention(card.approved_by or "")
    against = card.comparison.against if card.comparison else ""
    tolerance = card.comparison.tolerance_percent if card.comparison else Decimal(0)
    if not against:
        return md("Rechargly (auto-approval)")
    return md(
        "Rechargly automatically, as every client's invoice is within {tolerance} of {against}'s run",
        tolerance=_percent(tolerance),
        against=against,
    )


def _failed(bill: ClientBill) -> bool:
    return bool(bill.error) and bill.invoice_state != "done"


def _state_line(card: BillingRunCard) -> Mrkdwn:
    org = card.organisation
    if card.preview:
        return md(":mag: Preview for *{org}*: nothing was saved and nothing goes to Xero.", org=org)
    if card.state == "open":
        if not card.bills:
            return md("Nothing to invoice for *{org}* this period.", org=org)
        return md("Built for *{org}*. Nothing goes to Xero until an approver approves the run.", org=org)
    who = _approver(card)
    failed = [bill for bill in card.bills if _failed(bill)]
    if failed:
        return md(
            ":warning: Approved by {who}; {count} failed in Xero. *Approve run* again to finish them "
            "(nothing is raised twice).",
            who=who,
            count=_noun(len(failed), "invoice", "invoices"),
        )
    if card.state == "approved":
        done = sum(bill.invoice_state == "done" for bill in card.bills)
        return md(
            ":hourglass_flowing_sand: Approved by {who}; raising the invoices in Xero: {done} of {count} in "
            "Xero so far. Xero takes 60 calls a minute, so a long run takes a few minutes.",
            who=who,
            done=str(done),
            count=str(len(card.bills)),
        )
    return md(":white_check_mark: Approved by {who}; every invoice is in Xero.", who=who)


def _bill_line(card: BillingRunCard, bill: ClientBill) -> Mrkdwn:
    fee = f" + {_money(card, bill.admin_fee)} fee" if bill.admin_fee else ""
    text = md(
        "• *{client}* — {charges}{fee} — {total}",
        client=bill.client_name,
        charges=_noun(len(bill.lines), "charge", "charges"),
        fee=fee,
        total=_money(card, bill.total),
    )
    if bill.invoice_number:
        number = link(bill.online_url or "", bill.invoice_number)
        text += md(" · {number}", number=number)
    if bill.email_state == "sent":
        text += md(" · emailed")
    if bill.undone:
        text += md(" · _{undone}_", undone=bill.undone)
    if bill.error:
        text += md(" · :warning: {error}", error=bill.error[:200])
    return text


def _card_buttons(card: BillingRunCard) -> list[Block]:
    if card.preview or not card.bills:
        return []
    review = button("Review", ids.REVIEW_RUN, f"{card.run_id}:1")
    if card.state != "open" and not any(_failed(bill) for bill in card.bills):
        return [review]
    approve = button("Approve run", ids.APPROVE_RUN, str(card.run_id), style="primary")
    approve["confirm"] = confirm(
        "Approve the billing run?",
        md("This raises {title} in Xero.", title=run_title(card)),
        "Approve run",
        "Not yet",
    )
    return [approve, review]


# --- review ---------------------------------------------------------------------------------------


def review_modal(card: BillingRunCard, page: int) -> Block:
    """One page of clients; lines removable while the run is open, invoices voidable after."""
    pages = max(1, -(-len(card.bills) // CLIENTS_PER_PAGE))
    page = min(max(1, page), pages)
    shown = card.bills[(page - 1) * CLIENTS_PER_PAGE : page * CLIENTS_PER_PAGE]
    blocks: list[Block] = [
        section(md("*{title}* — page {page} of {pages}", title=run_title(card), page=page, pages=pages))
    ]
    for bill in shown:
        blocks += _review_client(card, bill, page)
    nav = []
    if page > 1:
        nav.append(button("Previous", ids.REVIEW_RUN_PAGE, f"{card.run_id}:{page - 1}"))
    if page < pages:
        nav.append(button("Next", ids.REVIEW_RUN_PAGE, f"{card.run_id}:{page + 1}"))
    if nav:
        blocks.append(actions(*nav))
    return modal(ids.RUN_REVIEW_MODAL, "Review billing run", blocks, metadata=str(card.run_id))


def _review_client(card: BillingRunCard, bill: ClientBill, page: int) -> list[Block]:
    voidable = bill.invoice_id and bill.invoice_state == "done" and not bill.undone
    accessory = button("Void…", ids.VOID_INVOICE, str(bill.invoice_id), style="danger") if voidable else None
    blocks = [section(_bill_line(card, bill), accessory=accessory)]
    for line in bill.lines[:LINES_PER_CLIENT]:
        text = md(
            "{vendor}: {description} — {amount}",
            vendor=line.vendor,
            description=line.description,
            amount=_money(card, line.amount),
        )
        if card.state == "open":
            remove = button("Remove", ids.REMOVE_RUN_LINE, f"{card.run_id}:{line.recharge_id}:{page}")
            blocks.append(section(text, accessory=remove))
        else:
            blocks.append(context(text))
    if len(bill.lines) > LINES_PER_CLIENT:
        blocks.append(context(md("…and {count} more", count=len(bill.lines) - LINES_PER_CLIENT)))
    return blocks


# --- undo -----------------------------------------------------------------------------------------


def undo_modal(plan: UndoPlan) -> Block:
    """Void (unpaid) or credit note (paid or part-paid), after a confirm; approvers only."""
    if plan.voidable:
        intro = md(
            "Void *{number}* for *{client}* ({total}) in Xero? It isn't paid yet.",
            number=plan.invoice_number,
            client=plan.client_name,
            total=plan.total,
        )
        choice = _radio(
            "then",
            "Its charges then",
            [("pending", "Go back to pending (propose them again)"), ("rejected", "Are rejected")],
        )
        submit = "Void invoice"
    else:
        intro = md(
            "*{number}* for *{client}* is {paid}. Choose the lines to credit; "
            "the credit note is allocated to what it still owes.",
            number=plan.invoice_number,
            client=plan.client_name,
            paid=plan.paid_text,
        )
        choice = _checkboxes("lines", "Lines to credit", plan.lines[:MAX_CHECKBOXES])
        submit = "Raise credit note"
    return modal(
        ids.UNDO_MODAL, "Undo invoice", [section(intro), choice], submit=submit, metadata=str(plan.invoice_id)
    )


def _radio(block_id: str, label: str, choices: Sequence[tuple[str, str]]) -> Block:
    options = [option(text, value) for value, text in choices]
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "radio_buttons",
            "action_id": block_id,
            "options": options,
            "initial_option": options[0],
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
            "options": [option(text, str(recharge_id)) for recharge_id, text in lines],
        },
    }


def undone_message(summary: str) -> Message:
    text = md(":leftwards_arrow_with_hook: {summary}", summary=summary)
    return message(text, [section(text)])


# --- rules suggested from the firm's history --------------------------------------------------------


def render_suggestions(notice: RuleSuggestions) -> Message:
    first = notice.suggestions[0]
    text = md(
        "You recharged {vendor} to {clients} last year: create these rules?",
        vendor=first.vendor,
        clients=_noun(len(first.clients), "client", "clients"),
    )
    blocks: list[Block] = [section(md(":bulb: {text}", text=text))]
    for index, suggestion in enumerate(notice.suggestions):
        names = ", ".join(name for _id, name in suggestion.clients[:5])
        more = f" and {len(suggestion.clients) - 5} more" if len(suggestion.clients) > 5 else ""
        markup = (
            f"{suggestion.markup_percent.normalize():f}% markup" if suggestion.markup_percent else "no markup"
        )
        body = md(
            "*{vendor}* → {clients}, {markup} ({lines} in {org})\n{names}{more}",
            vendor=suggestion.vendor,
            clients=_noun(len(suggestion.clients), "client", "clients"),
            markup=markup,
            lines=_noun(suggestion.invoice_lines, "invoice line", "invoice lines"),
            org=notice.organisation,
            names=names,
            more=more,
        )
        create = button("Create rule", ids.CREATE_SUGGESTED_RULE, f"{notice.event_id}:{index}")
        blocks.append(section(body, accessory=create))
    blocks.append(context(md("Each rule opens in the rule form to check before it is saved.")))
    return message(text, blocks)


# --- vendors' refunds ------------------------------------------------------------------------------

SHOWN_OUTCOMES = 10


def _refund_headline(notice: SupplierRefundApplied | SupplierRefundUnclear) -> Mrkdwn:
    reference = md(" (“{r}”)", r=notice.reference) if notice.reference else md("")
    return md(
        "*{supplier}* refunded {amount} on {on} — {document}{reference}",
        supplier=notice.supplier or "A vendor",
        amount=notice.amount,
        on=f"{notice.received_on:%-d %b %Y}",
        document=link(notice.xero_url, notice.document),
        reference=reference,
    )


def _outcome(outcome: RefundOutcome) -> Mrkdwn:
    parts = {"client": outcome.client_name, "charge": outcome.charge, "amount": outcome.amount}
    if outcome.what == "withdrawn":
        return md("• {client}: {charge} — recharge of {amount} withdrawn", **parts)
    if outcome.what == "reduced":
        return md(
            "• {client}: {charge} — {amount} taken off, {left} left to recharge", left=outcome.left, **parts
        )
    if outcome.what == "crediting":
        return md(
            "• {client}: {charge} — already invoiced on {number}: a credit note for {amount} is being raised",
            number=outcome.invoice_number,
            **parts,
        )
    return md(
        "• {client}: credit note {note} for {amount} (with tax) against {number}, "
        "{allocated} of it allocated",
        note=outcome.credit_note,
        number=outcome.invoice_number,
        allocated=outcome.allocated,
        **parts,
    )


def render_refund_applied(notice: SupplierRefundApplied) -> Message:
    headline = _refund_headline(notice)
    lines = [_outcome(o) for o in notice.outcomes[:SHOWN_OUTCOMES]]
    more = len(notice.outcomes) - len(lines)
    if more > 0:
        lines.append(md("_…and {n} more_", n=more))
    blocks: list[Block] = [section(md(":leftwards_arrow_with_hook: {h}", h=headline)), section(join(lines))]
    if notice.evidence:
        blocks.append(
            context(
                md("Matched to the charge: {e}. Every change is in `/rechargly history`.", e=notice.evidence)
            )
        )
    return message(headline, blocks)


def _undone(outcome: RefundOutcome) -> Mrkdwn:
    parts = {"client": outcome.client_name, "charge": outcome.charge, "amount": outcome.amount}
    if outcome.what == "restored":
        return md("• {client}: {charge} — recharge back for approval", **parts)
    if outcome.what == "reinstated":
        return md(
            "• {client}: {charge} — {amount} given back, {left} to recharge", left=outcome.left, **parts
        )
    return md(
        "• {client}: {charge} — {amount} was already credited to the client: check it in Xero "
        "(void that credit note if the client shouldn't keep it)",
        **parts,
    )


def render_refund_voided(notice: SupplierRefundVoided) -> Message:
    headline = md(
        "*{supplier}*'s {document} for {amount} was voided in Xero",
        supplier=notice.supplier or "A vendor",
        document=link(notice.xero_url, notice.document),
        amount=notice.amount,
    )
    lines = [_undone(o) for o in notice.outcomes[:SHOWN_OUTCOMES]]
    more = len(notice.outcomes) - len(lines)
    if more > 0:
        lines.append(md("_…and {n} more_", n=more))
    blocks: list[Block] = [
        section(md(":arrows_counterclockwise: {h}: what it did is undone.", h=headline)),
        section(join(lines)),
        context(md("Every change is in `/rechargly history`.")),
    ]
    return message(headline, blocks)


def render_refund_unclear(notice: SupplierRefundUnclear) -> Message:
    headline = _refund_headline(notice)
    rows = [
        md(
            "• {charge} — {amount}{recharged} · {view}",
            charge=c.charge,
            amount=c.amount,
            recharged=md(", recharged to {r}", r=c.recharged) if c.recharged else md(""),
            view=link(c.xero_url, "View in Xero"),
        )
        for c in notice.candidates
    ]
    if notice.more:
        rows.append(md("_…and {n} more_", n=notice.more))
    how = (
        "Allocate the credit note to the bill it refunds in Xero"
        if notice.is_credit_note
        else "Put the charge's reference or bill number in the refund's reference in Xero"
    )
    blocks: list[Block] = [
        section(
            md(":mag: {h} — but it could be for any of these charges, so nothing was changed:", h=headline)
        ),
        section(join(rows)),
    ]
    if notice.refund_id:
        blocks.append(actions(_which_charge(notice), block_id=f"refund:{notice.refund_id}"))
    blocks.append(
        context(
            md(
                "An approver picks the charge above; or {how}, and the next sync withdraws or credits "
                "the recharge it refunds.",
                how=how[:1].lower() + how[1:],
            )
        )
    )
    return message(md("{h}: which charge does it refund?", h=headline), blocks)


MAX_OPTIONS = 100  # in a select, Slack's limit


def _which_charge(notice: SupplierRefundUnclear) -> Block:
    """The question as a select: each charge listed, or none of them (value "<refund>:<line>")."""
    choices = [
        option(f"{c.charge} — {c.amount}", f"{notice.refund_id}:{c.line_id}")
        for c in notice.candidates[: MAX_OPTIONS - 1]
        if c.line_id
    ]
    choices.append(option("None of these: not a charge Rechargly recharged", f"{notice.refund_id}:0"))
    return {
        "type": "static_select",
        "action_id": ids.SETTLE_REFUND,
        "placeholder": plain("Which charge does it refund?", 150),
        "options": choices,
    }


def refund_settled_blocks(settled: RefundSettled, user_id: str) -> list[Block]:
    """The question, answered: what the person said (what it changed follows in the channel)."""
    if settled.charge:
        said = md(
            ":white_check_mark: {who} said {document} from *{supplier}* refunds {charge}; "
            "any recharge it changes is posted in the channel.",
            who=mention(user_id),
            document=settled.document,
            supplier=settled.supplier,
            charge=settled.charge,
        )
    else:
        said = md(
            ":white_check_mark: {who} said {document} from *{supplier}* refunds none of the charges "
            "Rechargly recharged; nothing was changed.",
            who=mention(user_id),
            document=settled.document,
            supplier=settled.supplier,
        )
    return [section(said)]


NOTICES = {
    BillingRunCard: render_run_card,
    RuleSuggestions: render_suggestions,
    SupplierRefundApplied: render_refund_applied,
    SupplierRefundUnclear: render_refund_unclear,
    SupplierRefundVoided: render_refund_voided,
}
