"""Block Kit builders: pure functions from service results to Slack payloads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from handlers.parsing import SUBCOMMANDS
from services.status import OrganisationStatus, WorkspaceStatus

Block = dict[str, Any]
SECTION_LIMIT = 3000


def mrkdwn(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def slack_date(when: datetime | None, *, fallback_none: str = "never") -> str:
    """A date Slack shows in each reader's own timezone."""
    if when is None:
        return fallback_none
    stamp = int(when.timestamp())
    return f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|{when:%Y-%m-%d %H:%M} UTC>"


def help_blocks() -> list[Block]:
    lines = "\n".join(f"• `/rechargly {name}` — {what}" for name, what in SUBCOMMANDS.items())
    return [
        header("Rechargly — recharge the software you pay for your clients"),
        mrkdwn(
            "Rechargly finds the software subscriptions your firm pays for clients in Xero, "
            "proposes who to recharge and how much, and raises the invoice with the receipt "
            "attached once you approve."
        ),
        mrkdwn(lines),
    ]


def unknown_command_blocks(name: str) -> list[Block]:
    valid = ", ".join(f"`{n}`" for n in SUBCOMMANDS)
    shown = name if len(name) <= 40 else name[:40] + "…"
    return [mrkdwn(f"I don't know `{_escape(shown)}`. Try one of: {valid}.")]


def error_blocks(message: str) -> list[Block]:
    return [mrkdwn(f":warning: {message}")]


def status_blocks(status: WorkspaceStatus) -> list[Block]:
    if not status.organisations:
        return [
            header("Rechargly status"),
            mrkdwn("Not connected to Xero yet. Type `/rechargly connect` to connect an organisation."),
        ]
    blocks: list[Block] = [header("Rechargly status")]
    for org in status.organisations:
        blocks.extend(_organisation_status(org))
    return blocks


def _organisation_status(org: OrganisationStatus) -> Sequence[Block]:
    health = {
        "ok": ":large_green_circle: ok",
        "needs reconnect": ":red_circle: needs reconnect",
        "disconnected": ":white_circle: disconnected",
    }[org.token_health]
    last = slack_date(org.last_sync_at)
    if org.last_sync_status and org.last_sync_at:
        last += f" ({org.last_sync_status})"
    fields = [
        f"*Organisation*\n{_escape(org.name)}",
        f"*Currency · country · entity*\n{org.base_currency} · {org.country_code} · "
        f"{org.organisation_type or '—'}",
        f"*Connected by*\n<@{org.connected_by}> on {slack_date(org.connected_at)}",
        f"*Xero connection*\n{health}",
        f"*Last sync*\n{last}",
        f"*Next sync*\n{slack_date(org.next_sync_at, fallback_none='not scheduled')}",
        f"*Waiting for approval*\n{org.pending_recharges}",
    ]
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
        context("Scopes granted: " + (", ".join(f"`{s}`" for s in org.scopes) or "none")),
        divider(),
    ]


def _escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
