"""Block Kit for payments: paid, reversed, voided, and money that could pay several invoices."""

from __future__ import annotations

from handlers import ids
from handlers.kit import Block, Message, actions, button, context, link, md, mention, message, section
from services.notices import InvoiceVoided, PaymentMatchChoice, PaymentReceived, PaymentReversed

MAX_PAYMENT_CHOICES = 10  # two blocks each: well within a message's 50 blocks


def _view_in_xero(number: str, url: str) -> Block:
    return context(link(url, f"View {number} in Xero"))


def render_payment_received(notice: PaymentReceived) -> Message:
    parts = {"who": notice.client_name, "number": notice.invoice_number, "amount": notice.amount}
    if notice.remaining is None:
        text = md("💰 {who} paid {number} ({amount}) — {what} reconciled.", what=notice.what, **parts)
    else:
        text = md(
            "💰 {who} paid {amount} of {number} — {remaining} remains to be paid.",
            remaining=notice.remaining,
            **parts,
        )
    how = md("Matched to money received and paid in Xero by Rechargly · ") if notice.applied_by_us else md("")
    return message(
        text,
        [section(text), context(how + link(notice.invoice_url, f"View {notice.invoice_number} in Xero"))],
    )


def render_payment_reversed(notice: PaymentReversed) -> Message:
    text = md(
        ":leftwards_arrow_with_hook: The {amount} payment on {number} ({who}) was removed in Xero — "
        "{remaining} is owed again.",
        amount=notice.amount,
        number=notice.invoice_number,
        who=notice.client_name,
        remaining=notice.remaining,
    )
    return message(text, [section(text), _view_in_xero(notice.invoice_number, notice.invoice_url)])


def render_invoice_voided(notice: InvoiceVoided) -> Message:
    flagged = f" Its {notice.recharges} recharge(s) are flagged for review." if notice.recharges else ""
    text = md(
        ":no_entry_sign: {number} to {who} ({total}) was voided in Xero.{flagged}",
        number=notice.invoice_number,
        who=notice.client_name,
        total=notice.total,
        flagged=flagged,
    )
    return message(text, [section(text), _view_in_xero(notice.invoice_number, notice.invoice_url)])


def render_payment_choice(notice: PaymentMatchChoice) -> Message:
    reference = md(" (reference “{r}”)", r=notice.reference) if notice.reference else md("")
    text = md(
        ":mag: {who} paid {amount} on {on}{reference}, which matches several open recharge invoices. "
        "Which one does it pay?",
        who=notice.client_name,
        amount=notice.amount,
        on=f"{notice.received_on:%-d %b %Y}",
        reference=reference,
    )
    blocks: list[Block] = [section(text)]
    if notice.applied_to:
        applied = md(
            ":white_check_mark: Applied to {number} by {who}",
            number=notice.applied_to,
            who=mention(notice.applied_by or ""),
        )
        return message(text, [*blocks, context(applied)])
    for candidate in notice.candidates[:MAX_PAYMENT_CHOICES]:
        label = f"Apply to {candidate.invoice_number}"
        blocks.append(
            actions(
                button(label, ids.APPLY_PAYMENT, f"{notice.received_id}:{candidate.invoice_id}"),
                block_id=f"apply:{candidate.invoice_id}",
            )
        )
        if candidate.due:
            blocks.append(context(md("{number} · {due}", number=candidate.invoice_number, due=candidate.due)))
    if len(notice.candidates) > MAX_PAYMENT_CHOICES:
        more = len(notice.candidates) - MAX_PAYMENT_CHOICES
        blocks.append(
            context(md("…and {n} more open invoices: apply it in Xero if it pays one of those.", n=more))
        )
    return message(text, blocks)


NOTICES = {
    PaymentReceived: render_payment_received,
    PaymentReversed: render_payment_reversed,
    InvoiceVoided: render_invoice_voided,
    PaymentMatchChoice: render_payment_choice,
}
