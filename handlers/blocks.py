"""Block Kit builders: pure functions from service results to Slack payloads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import singledispatch
from typing import Any

from handlers import ids
from handlers.parsing import SUBCOMMANDS
from services.connect import ConnectOffer
from services.notices import Notice, PickOrganisations, XeroConnected, XeroNeedsReconnect
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


# --- Xero connection ---------------------------------------------------------------------------


def connect_offer_blocks(offer: ConnectOffer) -> list[Block]:
    table = "\n".join(f"• *{what}* — {why}" for what, why in offer.data_we_use)
    return [
        header("Connect Xero"),
        mrkdwn(
            "Before you say yes at Xero, here is exactly what Rechargly will read and write "
            "in your organisation, and why:\n" + table
        ),
        mrkdwn("Nothing else: no payroll, no employees, no bank feeds or statements."),
        context("Xero permissions requested: " + " ".join(f"`{s}`" for s in offer.scopes)),
        actions(button("Connect Xero", ids.CONNECT_XERO, url=offer.authorize_url, style="primary")),
        context("The link works once and expires in 10 minutes."),
    ]


def disconnect_blocks(organisations: list[tuple[int, str]]) -> list[Block]:
    buttons = [
        {
            **button(f"Disconnect {name}", ids.CONFIRM_DISCONNECT, str(connection_id), style="danger"),
            "confirm": {
                "title": {"type": "plain_text", "text": "Disconnect Xero?"},
                "text": {
                    "type": "mrkdwn",
                    "text": f"Rechargly will stop syncing and invoicing for "
                    f"*{_escape(name)}*. Your recharge history is kept.",
                },
                "confirm": {"type": "plain_text", "text": "Disconnect"},
                "deny": {"type": "plain_text", "text": "Keep connected"},
                "style": "danger",
            },
        }
        for connection_id, name in organisations[:5]
    ]
    return [
        mrkdwn(
            "Disconnecting revokes Rechargly's access at Xero and deletes its tokens. "
            "Your recharge history stays, read-only."
        ),
        actions(*buttons),
    ]


def disconnected_blocks(organisation: str) -> list[Block]:
    return [
        mrkdwn(
            f":white_circle: Disconnected *{_escape(organisation)}*. Rechargly's access at Xero "
            "was revoked and its tokens deleted; your recharge history is kept (read-only). "
            "Reconnect any time with `/rechargly connect`."
        )
    ]


def picked_organisations_blocks(names: list[str]) -> list[Block]:
    listed = ", ".join(f"*{_escape(n)}*" for n in names)
    return [mrkdwn(f":white_check_mark: Recharging from {listed}.")]


Rendered = tuple[str, list[Block]]


@singledispatch
def render_notice(notice: Notice) -> Rendered:
    """Text (for notifications) and blocks for a notice from the services."""
    raise TypeError(f"no Slack rendering for {type(notice).__name__}")


@render_notice.register
def _connected(notice: XeroConnected) -> Rendered:
    text = (
        f"Connected to Xero: {notice.organisation} ({notice.base_currency} · "
        f"{notice.country_code} · {notice.organisation_type or 'entity not set'})"
    )
    return text, [
        mrkdwn(f":white_check_mark: Connected to *{_escape(notice.organisation)}* in Xero."),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*Currency*\n{notice.base_currency}"},
                {"type": "mrkdwn", "text": f"*Country*\n{notice.country_code}"},
                {"type": "mrkdwn", "text": f"*Entity*\n{notice.organisation_type or '—'}"},
            ],
        },
        context("Next: `/rechargly sync` fetches your contacts and spend from Xero."),
    ]


@render_notice.register
def _pick(notice: PickOrganisations) -> Rendered:
    options = [
        {"text": {"type": "plain_text", "text": name[:75]}, "value": tenant_id}
        for tenant_id, name in notice.choices[:100]
    ]
    select = {
        "type": "multi_static_select",
        "action_id": ids.PICK_TENANTS,
        "placeholder": {"type": "plain_text", "text": "Choose organisations"},
        "options": options,
    }
    return "Xero gave access to several organisations: choose which ones to recharge from.", [
        mrkdwn(
            "Xero gave Rechargly access to several organisations. "
            "Which ones does this workspace recharge from?"
        ),
        {"type": "actions", "block_id": f"grant:{notice.grant_id}", "elements": [select]},
    ]


@render_notice.register
def _needs_reconnect(notice: XeroNeedsReconnect) -> Rendered:
    names = ", ".join(notice.organisations) or "your Xero organisation"
    text = f"Rechargly lost access to {names} in Xero and paused its work there."
    return text, [
        mrkdwn(
            f":red_circle: Rechargly lost access to *{_escape(names)}* in Xero (the connection "
            "expired or was revoked), so syncing and invoicing are paused. Nothing was lost."
        ),
        actions(button("Reconnect Xero", ids.RECONNECT_XERO, style="primary")),
    ]
