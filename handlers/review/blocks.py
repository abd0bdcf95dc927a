"""Block Kit for a run's review: the one summary message, the paged modal, the channel problem note.

Pure functions of service data, built with the kit: every interpolated name is escaped."""

from __future__ import annotations

from handlers.kit import (
    Block,
    Message,
    Mrkdwn,
    actions,
    button,
    channel_link,
    confirm,
    context,
    join,
    md,
    message,
    modal,
    section,
)
from handlers.review import ids
from services.errors import CHANNEL_FIXES
from services.notices import ChannelUnreachable, RechargesWaiting
from services.outbox import OutboxStatus
from services.recharging.review import ReviewClient, ReviewPage

_DECIDED = {"approved": ":white_check_mark: Approved", "rejected": ":x: Rejected"}


def _clients(count: int) -> str:
    return f"{count:,} client{'s' if count != 1 else ''}"


def summary_message(notice: RechargesWaiting) -> Message:
    """ "38 clients have recharges waiting, $4,210.50" with one Review button, instead of 38 cards."""
    org = notice.organisation
    if notice.pending_clients:
        headline = f"{_clients(notice.pending_clients)} have recharges waiting, {notice.total}"
        body = md(":inbox_tray: *{h}* in {org}.", h=headline, org=org)
        if notice.pending_clients != notice.clients:
            decided = notice.clients - notice.pending_clients
            body = md("{b} {d} of {n} decided already.", b=body, d=decided, n=notice.clients)
        blocks = [
            section(body),
            actions(button("Review", ids.OPEN, str(notice.batch_id), style="primary")),
            context(md("Approve client by client, or all at once, in the review.")),
        ]
        return message(md("{h} ({org})", h=headline, org=org), blocks)
    text = md("All {c} of this run were decided ({org})", c=_clients(notice.clients), org=org)
    return message(
        text,
        [
            section(md(":white_check_mark: {t}.", t=text)),
            actions(button("Review", ids.OPEN, str(notice.batch_id))),
        ],
    )


def _channel_fix(channel: Mrkdwn, error: str) -> Mrkdwn:
    fix = CHANNEL_FIXES.get(error)
    if fix is None:
        return md("Slack said `{e}` for {c}.", e=error, c=channel)
    before, _, after = fix.partition("{channel}")
    return md("{b}{c}{a}", b=before, c=channel, a=after)


def channel_problem(notice: ChannelUnreachable) -> Message:
    """Told to each admin once: what Slack said, in plain words, and how to fix it."""
    channel = channel_link(notice.channel)
    fix = _channel_fix(channel, notice.error)
    waiting = f"{notice.waiting:,} message{'s' if notice.waiting != 1 else ''}"
    return message(
        md("Rechargly can't post in {c}: {f}", c=channel, f=fix),
        [
            section(md(":warning: *Rechargly can't post in {c}.* {f}", c=channel, f=fix)),
            context(md("{w} (proposals, notices) wait and are posted as soon as it works.", w=waiting)),
        ],
    )


def outbox_status_blocks(status: OutboxStatus) -> list[Block]:
    """For `/rechargly status`: Slack messages still to post, and why they wait."""
    if not status.waiting and not status.blocked_channels and not status.failed:
        return []
    lines = [md("*Slack messages waiting to be posted:* {n}", n=f"{status.waiting:,}")]
    lines += [
        md(":warning: {c}: Slack says `{e}`", c=channel_link(channel), e=error)
        for channel, error in status.blocked_channels[:10]
    ]
    if status.failed:
        lines.append(md("*Refused by Slack for good:* {n} (see the logs)", n=f"{status.failed:,}"))
    return [section(join(lines))]


def review_modal(page: ReviewPage, *, note: Mrkdwn | None = None) -> Block:
    summary = page.summary
    blocks: list[Block] = [
        section(
            md(
                "*{waiting}* of {clients} waiting, {total} · {org}",
                waiting=_clients(summary.pending_clients),
                clients=f"{summary.clients:,}",
                total=summary.total,
                org=summary.organisation,
            )
        )
    ]
    if note:
        blocks.append(context(note))
    blocks.extend(_client_block(client) for client in page.clients)
    blocks.append(context(md("Page {p} of {n}", p=page.page + 1, n=page.pages)))
    buttons = []
    if page.page > 0:
        buttons.append(button("Previous", ids.PREVIOUS, f"{summary.batch_id}:{page.page - 1}"))
    if page.page + 1 < page.pages:
        buttons.append(button("Next", ids.NEXT, f"{summary.batch_id}:{page.page + 1}"))
    if summary.pending_clients:
        approve_all = button(
            f"Approve all {summary.pending_clients:,}",
            ids.APPROVE_ALL,
            str(summary.batch_id),
            style="primary",
        )
        question = md("Invoice {c} for {t} in Xero?", c=_clients(summary.pending_clients), t=summary.total)
        approve_all["confirm"] = confirm("Approve all?", question, "Approve all", "Cancel")
        buttons.append(approve_all)
    if buttons:
        blocks.append(actions(*buttons))
    view = modal(ids.MODAL, "Review recharges", blocks, metadata=f"{summary.batch_id}:{page.page}")
    return view


def _client_block(client: ReviewClient) -> Block:
    charges = f"{client.charges} charge{'s' if client.charges != 1 else ''}"
    text = md("*{name}* — {charges}, {total}", name=client.client_name, charges=charges, total=client.total)
    if client.state in ("open", "partly"):
        return section(text, accessory=button("Approve", ids.APPROVE_CLIENT, str(client.message_id)))
    return section(md("{t}\n{d}", t=text, d=_DECIDED.get(client.state, client.state)))


NOTICES = {RechargesWaiting: summary_message, ChannelUnreachable: channel_problem}
