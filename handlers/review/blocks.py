"""Block Kit for a run's review: the one summary message, the paged modal, the channel problem note.

Pure functions of service data; every interpolated name is escaped (mrkdwn control characters)."""

from __future__ import annotations

from typing import Any

from handlers.blocks import Rendered, actions, button, context, mrkdwn
from handlers.blocks import _escape as escape
from handlers.review import ids
from services.notices import ChannelUnreachable, RechargesWaiting
from services.outbox import OutboxStatus
from services.review import ReviewClient, ReviewPage

Block = dict[str, Any]
MODAL_BLOCK_LIMIT = 100
_DECIDED = {"approved": ":white_check_mark: Approved", "rejected": ":x: Rejected"}


def _clients(count: int) -> str:
    return f"{count} client{'s' if count != 1 else ''}"


def summary_message(notice: RechargesWaiting) -> Rendered:
    """ "38 clients have recharges waiting, $4,210.50" with one Review button, instead of 38 cards."""
    org = escape(notice.organisation)
    if notice.pending_clients:
        headline = f"{_clients(notice.pending_clients)} have recharges waiting, {notice.total}"
        text = f"{headline} ({org})"
        body = f":inbox_tray: *{headline}* in {org}."
        if notice.pending_clients != notice.clients:
            body += f" {notice.clients - notice.pending_clients} of {notice.clients} decided already."
        blocks = [
            mrkdwn(body),
            actions(button("Review", ids.OPEN, str(notice.batch_id), style="primary")),
            context("Approve client by client, or all at once, in the review."),
        ]
        return text, blocks
    text = f"All {_clients(notice.clients)} of this run were decided ({org})"
    return text, [
        mrkdwn(f":white_check_mark: {text}."),
        actions(button("Review", ids.OPEN, str(notice.batch_id))),
    ]


def channel_problem(notice: ChannelUnreachable) -> Rendered:
    """Told to each admin once: what Slack said, in plain words, and how to fix it."""
    channel = f"<#{notice.channel}>"
    fixes = {
        "not_in_channel": f"Invite @Rechargly to {channel} (type `/invite @Rechargly` there).",
        "is_archived": (
            f"{channel} is archived: unarchive it, or pick another channel in `/rechargly settings`."
        ),
        "channel_not_found": (
            f"Rechargly can't see {channel}: it was deleted or is private. Invite @Rechargly to it, or pick "
            "another channel in `/rechargly settings`."
        ),
    }
    fix = fixes.get(notice.error, f"Slack said `{escape(notice.error)}` for {channel}.")
    waiting = f"{notice.waiting} message{'s' if notice.waiting != 1 else ''}"
    text = f"Rechargly can't post in {channel}: {fix}"
    return text, [
        mrkdwn(f":warning: *Rechargly can't post in {channel}.* {fix}"),
        context(f"{waiting} (proposals, notices) wait and are posted as soon as it works."),
    ]


def outbox_status_blocks(status: OutboxStatus) -> list[Block]:
    """For `/rechargly status`: Slack messages still to post, and why they wait."""
    if not status.waiting and not status.blocked_channels and not status.failed:
        return []
    lines = [f"*Slack messages waiting to be posted:* {status.waiting}"]
    lines += [
        f":warning: <#{channel}>: Slack says `{escape(error)}`" for channel, error in status.blocked_channels
    ]
    if status.failed:
        lines.append(f"*Refused by Slack for good:* {status.failed} (see the logs)")
    return [mrkdwn("\n".join(lines))]


def review_modal(page: ReviewPage, *, note: str = "") -> dict[str, Any]:
    summary = page.summary
    blocks: list[Block] = [
        mrkdwn(
            f"*{_clients(summary.pending_clients)}* of {summary.clients} waiting, {summary.total} "
            f"· {escape(summary.organisation)}"
        )
    ]
    if note:
        blocks.append(context(note))
    blocks.extend(_client_block(client) for client in page.clients)
    blocks.append(context(f"Page {page.page + 1} of {page.pages}"))
    buttons = []
    if page.page > 0:
        buttons.append(button("Previous", ids.PREVIOUS, f"{summary.batch_id}:{page.page - 1}"))
    if page.page + 1 < page.pages:
        buttons.append(button("Next", ids.NEXT, f"{summary.batch_id}:{page.page + 1}"))
    if summary.pending_clients:
        approve_all = button(
            f"Approve all {summary.pending_clients}", ids.APPROVE_ALL, str(summary.batch_id), style="primary"
        )
        approve_all["confirm"] = {
            "title": {"type": "plain_text", "text": "Approve all?"},
            "text": {
                "type": "mrkdwn",
                "text": f"Invoice {_clients(summary.pending_clients)} for {summary.total} in Xero?",
            },
            "confirm": {"type": "plain_text", "text": "Approve all"},
            "deny": {"type": "plain_text", "text": "Cancel"},
        }
        buttons.append(approve_all)
    if buttons:
        blocks.append(actions(*buttons))
    assert len(blocks) <= MODAL_BLOCK_LIMIT
    return {
        "type": "modal",
        "callback_id": ids.MODAL,
        "private_metadata": f"{summary.batch_id}:{page.page}",
        "title": {"type": "plain_text", "text": "Review recharges"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": blocks,
    }


def _client_block(client: ReviewClient) -> Block:
    charges = f"{client.charges} charge{'s' if client.charges != 1 else ''}"
    block = mrkdwn(f"*{escape(client.client_name)}* — {charges}, {client.total}")
    if client.state in ("open", "partly"):
        block["accessory"] = button("Approve", ids.APPROVE_CLIENT, str(client.message_id))
    else:
        block["text"]["text"] += f"\n{_DECIDED.get(client.state, client.state)}"
    return block
