"""Block Kit for connecting Xero: what we'll access, the organisations to pick, disconnecting."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import ids
from handlers.kit import (
    Block,
    Message,
    Mrkdwn,
    actions,
    button,
    confirm,
    context,
    fields,
    header,
    join,
    md,
    message,
    option,
    plain,
    section,
)
from services.connect.service import ConnectOffer
from services.notices import OptionalAccess, PickOrganisations, XeroConnected, XeroNeedsReconnect

MAX_DISCONNECT_BUTTONS = 5
MAX_ORGANISATION_CHOICES = 100  # a multi_static_select's options


def connect_offer_blocks(offer: ConnectOffer) -> list[Block]:
    table = join(md("• *{what}* — {why}", what=what, why=why) for what, why in offer.data_we_use)
    return [
        header("Connect Xero"),
        section(
            md(
                "Before you say yes at Xero, here is exactly what Rechargly will read and write "
                "in your organisation, and why:\n{table}",
                table=table,
            )
        ),
        *optional_access_blocks(offer.optional),
        section(md("Nothing else: no payroll, no employees, no bank feeds or statements.")),
        context(md("Xero permissions requested: {s}", s=join((md("`{s}`", s=s) for s in offer.scopes), " "))),
        actions(button("Connect Xero", ids.CONNECT_XERO, url=offer.authorize_url, style="primary")),
        context(md("The link works once and expires in 10 minutes.")),
    ]


def _access_status(access: OptionalAccess) -> Mrkdwn:
    if access.granted:
        return md(":white_check_mark: granted: the guard is on")
    if access.granted is None and access.requested:
        return md("requested")
    if access.requested:
        return md(":white_circle: not granted: Xero didn't give it, so the guard is off")
    state = "not requested" if access.granted is None else "not granted"
    return md(
        ":white_circle: {state}: add `{scope}` to XERO_SCOPES (then reconnect) to turn the guard on",
        state=state,
        scope=access.scope,
    )


def optional_access_blocks(optional: Sequence[OptionalAccess]) -> list[Block]:
    """Optional access: what it adds, and whether it is requested and granted."""
    if not optional:
        return []
    lines = join(
        md(
            "• *{name}* (`{scope}`) — {adds}. {status}",
            name=access.name,
            scope=access.scope,
            adds=access.adds,
            status=_access_status(access),
        )
        for access in optional
    )
    return [section(md("Optional:\n{lines}", lines=lines))]


def disconnect_blocks(organisations: Sequence[tuple[int, str]]) -> list[Block]:
    """One Disconnect button per organisation, each in its own block (Slack refuses two buttons with
    the same action id in one block)."""
    blocks = [
        section(
            md(
                "Disconnecting revokes Rechargly's access at Xero and deletes its tokens. "
                "Your recharge history stays, read-only."
            )
        )
    ]
    for connection_id, name in organisations[:MAX_DISCONNECT_BUTTONS]:
        warning = md(
            "Rechargly will stop syncing and invoicing for *{name}*. Your recharge history is kept.",
            name=name,
        )
        disconnect = button(f"Disconnect {name}", ids.CONFIRM_DISCONNECT, str(connection_id), style="danger")
        disconnect["confirm"] = confirm("Disconnect Xero?", warning, "Disconnect", "Keep connected")
        blocks.append(actions(disconnect, block_id=f"disconnect:{connection_id}"))
    if len(organisations) > MAX_DISCONNECT_BUTTONS:
        more = len(organisations) - MAX_DISCONNECT_BUTTONS
        blocks.append(
            context(md("…and {n} more: disconnect these first, then run the command again.", n=more))
        )
    return blocks


def disconnected_blocks(organisation: str) -> list[Block]:
    return [
        section(
            md(
                ":white_circle: Disconnected *{org}*. Rechargly's access at Xero was revoked and its tokens "
                "deleted; your recharge history is kept (read-only). Reconnect any time with "
                "`/rechargly connect`.",
                org=organisation,
            )
        )
    ]


def picked_organisations_blocks(names: Sequence[str]) -> list[Block]:
    listed = join((md("*{n}*", n=n) for n in names), ", ")
    return [section(md(":white_check_mark: Recharging from {listed}.", listed=listed))]


def render_connected(notice: XeroConnected) -> Message:
    text = md(
        "Connected to Xero: {org} ({cur} · {country} · {kind})",
        org=notice.organisation,
        cur=notice.base_currency,
        country=notice.country_code,
        kind=notice.organisation_type or "entity not set",
    )
    return message(
        text,
        [
            section(md(":white_check_mark: Connected to *{org}* in Xero.", org=notice.organisation)),
            fields(
                md("*Currency*\n{v}", v=notice.base_currency),
                md("*Country*\n{v}", v=notice.country_code),
                md("*Entity*\n{v}", v=notice.organisation_type or "—"),
            ),
            *optional_access_blocks(notice.optional),
            context(md("Next: `/rechargly sync` fetches your contacts and spend from Xero.")),
        ],
    )


def render_pick(notice: PickOrganisations) -> Message:
    choices = notice.choices[:MAX_ORGANISATION_CHOICES]
    select = {
        "type": "multi_static_select",
        "action_id": ids.PICK_TENANTS,
        "placeholder": plain("Choose organisations", 150),
        "options": [option(name, tenant_id) for tenant_id, name in choices],
    }
    blocks = [
        section(
            md(
                "Xero gave Rechargly access to several organisations. "
                "Which ones does this workspace recharge from?"
            )
        ),
        {"type": "actions", "block_id": f"grant:{notice.grant_id}", "elements": [select]},
    ]
    if len(notice.choices) > len(choices):
        blocks.append(
            context(
                md(
                    "…and {n} more organisations: choose from these first.",
                    n=len(notice.choices) - len(choices),
                )
            )
        )
    return message(
        md("Xero gave access to several organisations: choose which ones to recharge from."), blocks
    )


def render_needs_reconnect(notice: XeroNeedsReconnect) -> Message:
    names = join((md("{n}", n=n) for n in notice.organisations), ", ") or md("your Xero organisation")
    return message(
        md("Rechargly lost access to {names} in Xero and paused its work there.", names=names),
        [
            section(
                md(
                    ":red_circle: Rechargly lost access to *{names}* in Xero (the connection expired or was "
                    "revoked), so syncing and invoicing are paused. Nothing was lost.",
                    names=names,
                )
            ),
            actions(button("Reconnect Xero", ids.RECONNECT_XERO, style="primary")),
        ],
    )


NOTICES = {
    XeroConnected: render_connected,
    PickOrganisations: render_pick,
    XeroNeedsReconnect: render_needs_reconnect,
}
