"""Block Kit for recharge proposals: the card per client, its decisions, Review and Reject, what waits."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import ids
from handlers.kit import (
    Block,
    Message,
    Mrkdwn,
    Page,
    actions,
    button,
    context,
    header,
    link,
    md,
    mention,
    message,
    modal,
    option,
    pager,
    section,
    text_input,
)
from services.notices import InvoiceFailed, ProposalDecision, ProposalLine, RechargeProposal
from services.recharging.approvals import ReviewLine
from services.recharging.proposing import PendingClient

MAX_DETAILED_LINES = 20  # keeps a proposal well under Slack's 50 blocks per message
MAX_REVIEW_LINES = 30  # three inputs and a context each: within a modal's 100 blocks
PENDING_PAGE = 20
RECEIPT_ICON = {True: ":paperclip: receipt", False: ":grey_question: no receipt"}
_LINE_TAGS = {
    "approved": " · _approved_",
    "invoiced": " · _invoiced_",
    "rejected": " · ~rejected~",
    "withdrawn": " · _withdrawn (voided in Xero)_",
    "accruing": " · _approved, accruing (below the minimum invoice amount)_",
}


def _proposal_line(line: ProposalLine, billing_run_on: str = "") -> Mrkdwn:
    tag = md(_LINE_TAGS.get(line.status, ""))
    if line.status == "accruing" and billing_run_on:
        tag = md(" · _approved, billed in the next billing run_")
    if line.auto_approved:
        tag = md(" · :repeat: _auto-approved (same as last time)_")
    if line.needs_review:
        tag += md(" · :warning: _changed in Xero after approval — check the invoice_")
    if line.match_note:
        tag = md(" · _{note}_", note=line.match_note) + tag
    text = md(
        "*{vendor}* · {on} · {source} → *{amount}* · {receipt}{link}{tag}",
        vendor=line.vendor,
        on=f"{line.charge_date:%-d %b %Y}",
        source=line.source_amount,
        amount=line.amount,
        receipt=RECEIPT_ICON[line.has_receipt],
        link=md(" · {l}", l=link(line.xero_url, "View in Xero")) if line.xero_url else md(""),
        tag=tag,
    )
    text += md("\n_{e}_", e=line.explanation) if line.explanation else md("")
    return text + (md("\n:label: {d}", d=line.discount_note) if line.discount_note else md(""))


def _receipts_phrase(count: int) -> str:
    return {0: "no receipt", 1: "receipt attached"}.get(count, f"{count} receipts attached")


def _decision_text(decision: ProposalDecision) -> Mrkdwn:
    if decision.kind == "accruing" and decision.billing_run_on:
        return md(
            ":hourglass: Approved — {total}, billed in the next billing run on {on}",
            total=decision.total,
            on=decision.billing_run_on,
        )
    if decision.kind == "accruing":
        return md(
            ":hourglass: Approved — {total} accruing until {until}: "
            "invoiced with this client's next approved charges",
            total=decision.total,
            until=decision.until,
        )
    if decision.kind == "rejected":
        who = mention(decision.by) if decision.by else md("someone")
        return md(
            ":x: Rejected by {who} ({total}) — {reason}",
            who=who,
            total=decision.total,
            reason=decision.reason,
        )
    who = (
        md("Auto-approved (recurring charge)")
        if decision.auto
        else md("Approved by {u}", u=mention(decision.by))
    )
    if decision.access_lost:
        return md(
            ":warning: {who} — Rechargly lost access to Xero, so the invoice ({total}) isn't created yet. "
            "Nothing was lost: it is created by itself once an admin reconnects Xero (`/rechargly connect`).",
            who=who,
            total=decision.total,
        )
    number = decision.invoice_number or "invoice"
    invoice = link(decision.invoice_url, number) if decision.invoice_url else md("{n}", n=number)
    parts = {"who": who, "invoice": invoice, "total": decision.total}
    if decision.invoice_state == "done":
        note = md(" · :warning: {e}", e=decision.error) if decision.error else md("")
        return md(
            ":white_check_mark: {who} — {invoice}, {total}, {receipts}{note}",
            receipts=_receipts_phrase(decision.receipts),
            note=note,
            **parts,
        )
    if decision.invoice_state == "created":
        problem = md(" ({e})", e=decision.error) if decision.error else md("")
        return md(
            ":white_check_mark: {who} — {invoice}, {total}, attaching receipts…{problem}",
            problem=problem,
            **parts,
        )
    if decision.invoice_state == "failed":
        return md(
            ":warning: {who} — Xero didn't create the invoice: {error}. Details and *Retry* in the thread.",
            error=decision.error or "unknown error",
            **parts,
        )
    return md(":hourglass_flowing_sand: {who} — creating the invoice in Xero ({total})…", **parts)


def _void(decision: ProposalDecision) -> Block | None:
    """An invoiced decision offers Void… (handlers/billing: void, or a credit note once paid)."""
    if decision.kind == "approved" and decision.invoice_state == "done" and decision.invoice_id:
        return button("Void…", ids.VOID_INVOICE, str(decision.invoice_id))
    return None


def render_proposal(notice: RechargeProposal) -> Message:
    count = len(notice.lines)
    text = md("Recharge {client}: {count} charge(s)", client=notice.client_name, count=count)
    if notice.pending_count:
        text += md(", {total} waiting for approval", total=notice.pending_total)
    blocks: list[Block] = [
        header(f"Recharge {notice.client_name}"),
        context(
            md(
                "{org} · {count} software charge(s) paid for this client",
                org=notice.organisation,
                count=count,
            )
        ),
    ]
    run_on = next((d.billing_run_on for d in notice.decisions if d.billing_run_on), "")
    blocks += [section(_proposal_line(line, run_on)) for line in notice.lines[:MAX_DETAILED_LINES]]
    if count > MAX_DETAILED_LINES:
        blocks.append(
            context(
                md("…and {n} more charge(s); use *Review* to see them all.", n=count - MAX_DETAILED_LINES)
            )
        )
    blocks += [section(_decision_text(d), accessory=_void(d)) for d in notice.decisions[-10:]]
    if len(notice.decisions) > 10:
        blocks.insert(
            -10, context(md("…and {n} earlier decision(s) in History.", n=len(notice.decisions) - 10))
        )
    if notice.pending_count:
        value = str(notice.message_id)
        blocks += [
            section(
                md(
                    "*Total to invoice, before tax:* {total} ({count} charge(s))",
                    total=notice.pending_total,
                    count=notice.pending_count,
                )
            ),
            actions(
                button("Approve all", ids.APPROVE_ALL, value, style="primary"),
                button("Review", ids.REVIEW, value),
                button("Reject", ids.REJECT, value, style="danger"),
                block_id=f"proposal:{value}",
            ),
        ]
    return message(text, blocks)


def _invoice_waits_for_access(notice: InvoiceFailed) -> Message:
    return message(
        md("Rechargly lost access to Xero; the invoice for {c} waits for a reconnect.", c=notice.client_name),
        [
            section(
                md(
                    ":warning: The invoice for *{c}* isn't created yet: Rechargly lost access to Xero. "
                    "The approval is kept, and the invoice is created by itself (once) as soon as an admin "
                    "reconnects Xero.",
                    c=notice.client_name,
                )
            )
        ],
    )


def render_invoice_failed(notice: InvoiceFailed) -> Message:
    if notice.access_lost:
        return _invoice_waits_for_access(notice)
    text = md(
        "Xero didn't create the invoice for {client}: {error}", client=notice.client_name, error=notice.error
    )
    return message(
        text,
        [
            section(
                md(
                    ":warning: Xero didn't create the invoice for *{client}*. Xero said:\n>{error}\n"
                    + (
                        "*What to do:* {fix}\nThe approval is kept; Retry never creates a second invoice."
                        if notice.fix
                        else "The approval is kept; fix the problem (for example the rule's account code) "
                        "and retry — it never creates a second invoice."
                    ),
                    client=notice.client_name,
                    error=notice.error,
                    fix=notice.fix or "",
                )
            ),
            actions(button("Retry", ids.RETRY_INVOICE, str(notice.invoice_id), style="primary")),
        ],
    )


def pending_blocks(waiting: Sequence[PendingClient], page: Page) -> list[Block]:
    if not waiting:
        return [section(md(":white_check_mark: Nothing waits for approval."))]
    blocks: list[Block] = [header("Waiting for approval")]
    for item in waiting:
        where = md("")
        if item.message_ts:
            permalink = f"https://slack.com/archives/{item.channel_id}/p{item.message_ts.replace('.', '')}"
            where = md(" · {l}", l=link(permalink, "open message"))
        blocks.append(
            section(
                md(
                    "*{client}* — {count} charge(s), {total} · since {since}{where}",
                    client=item.client_name,
                    count=item.count,
                    total=item.total,
                    since=f"{item.oldest:%-d %b %Y}",
                    where=where,
                )
            )
        )
    return blocks + pager(page, ids.PAGE_PENDING)


def review_modal(message_id: int, lines: Sequence[ReviewLine]) -> Block:
    blocks: list[Block] = []
    for line in lines[:MAX_REVIEW_LINES]:
        rid = line.recharge_id
        blocks += [
            context(
                md("*{vendor}* — {explanation}", vendor=line.vendor, explanation=line.explanation)
                + (md("\n:label: {d}", d=line.discount_note) if line.discount_note else md(""))
            ),
            text_input(f"amount:{rid}", "Amount to invoice", initial=f"{line.amount:.2f}", optional=False),
            text_input(
                f"description:{rid}", "Invoice line description", initial=line.description, optional=False
            ),
            {
                "type": "input",
                "block_id": f"drop:{rid}",
                "optional": True,
                "label": {"type": "plain_text", "text": " "},
                "element": {
                    "type": "checkboxes",
                    "action_id": f"drop:{rid}",
                    "options": [option("Don't recharge this charge", "drop")],
                },
            },
        ]
    if len(lines) > MAX_REVIEW_LINES:
        blocks.append(
            context(
                md(
                    "…and {n} more charge(s): save these, then press Review again for the rest.",
                    n=len(lines) - MAX_REVIEW_LINES,
                )
            )
        )
    return modal(
        ids.REVIEW_MODAL, "Review recharges", blocks, submit="Save changes", metadata=str(message_id)
    )


def reject_modal(message_id: int) -> Block:
    reason = text_input(
        "reason",
        "Why shouldn't these be recharged?",
        optional=False,
        multiline=True,
        placeholder="e.g. the client cancelled this subscription in October",
    )
    return modal(ids.REJECT_MODAL, "Reject recharges", [reason], submit="Reject", metadata=str(message_id))


NOTICES = {RechargeProposal: render_proposal, InvoiceFailed: render_invoice_failed}
