"""Connecting Xero: `/rechargly connect`, `disconnect`, picking organisations, Reconnect."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond

from handlers import ids
from handlers.connect.blocks import (
    NOTICES,
    connect_offer_blocks,
    disconnect_blocks,
    disconnected_blocks,
    picked_organisations_blocks,
)
from handlers.errors import on_click
from handlers.kit import md
from handlers.payloads import STALE_BUTTON, channel_of, number, respond_with, user_and_team
from handlers.slash import Invocation, reply, slash

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]


def on_connect(ack: Ack, command: dict[str, Any], services: Services) -> None:
    inv = Invocation.of(command)
    offer = services.connector.start(team_id=inv.team_id, user_id=inv.user_id, channel_id=inv.channel_id)
    reply(ack, connect_offer_blocks(offer))


def on_disconnect(ack: Ack, command: dict[str, Any], services: Services) -> None:
    inv = Invocation.of(command)
    organisations = services.connector.disconnect_choices(team_id=inv.team_id, user_id=inv.user_id)
    reply(ack, disconnect_blocks(organisations))


def on_pick_tenants(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    grant_id = number(
        str(action.get("block_id", "")).removeprefix("grant:"),
        stale="That choice is out of date. Start again with /rechargly connect.",
    )
    picked = [option["value"] for option in action.get("selected_options", [])]
    names = services.connector.choose(team_id=team_id, user_id=user_id, grant_id=grant_id, tenant_ids=picked)
    respond_with(respond, picked_organisations_blocks(names), md("Organisations chosen"), replace=True)


def on_reconnect(body: dict[str, Any], respond: Respond, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    offer = services.connector.start(team_id=team_id, user_id=user_id, channel_id=channel_of(body))
    respond_with(respond, connect_offer_blocks(offer), md("Reconnect Xero"))


def on_connect_link(body: dict[str, Any]) -> None:
    """A URL button: Slack opens the link; the click is acknowledged and nothing else is to do."""


def on_confirm_disconnect(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    connection_id = number(action.get("value", ""), stale=STALE_BUTTON)
    name = services.connector.disconnect(team_id=team_id, user_id=user_id, connection_id=connection_id)
    respond_with(respond, disconnected_blocks(name), md("Disconnected {name}", name=name), replace=True)


def register(app: App) -> None:
    slash(app, "connect", on_connect)
    slash(app, "disconnect", on_disconnect)
    on_click(app, ids.PICK_TENANTS, on_pick_tenants)
    on_click(app, ids.RECONNECT_XERO, on_reconnect)
    on_click(app, ids.CONNECT_XERO, on_connect_link)
    on_click(app, ids.CONFIRM_DISCONNECT, on_confirm_disconnect)
