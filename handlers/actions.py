"""Buttons and selects: ack at once, parse, call one service, reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond

from handlers import blocks, ids
from services.errors import BadRequest

if TYPE_CHECKING:
    from bot.container import Services


def _user_team(body: dict[str, Any]) -> tuple[str, str]:
    return body["user"]["id"], (body.get("team") or {}).get("id") or body["user"].get("team_id", "")


def _int_value(action: dict[str, Any]) -> int:
    value = str(action.get("value", ""))
    if not value.isdigit():
        raise BadRequest("That button is out of date. Run the command again.")
    return int(value)


def register(app: App, services: Services) -> None:
    @app.action(ids.PICK_TENANTS)
    def on_pick_tenants(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = _user_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="connect Xero")
        grant_id = str(action.get("block_id", "")).removeprefix("grant:")
        if not grant_id.isdigit():
            raise BadRequest("That choice is out of date. Start again with /rechargly connect.")
        picked = [option["value"] for option in action.get("selected_options", [])]
        names = services.connector.choose(
            team_id=team_id, user_id=user_id, grant_id=int(grant_id), tenant_ids=picked
        )
        respond(
            blocks=blocks.picked_organisations_blocks(names),
            replace_original=True,
            text="Organisations chosen",
        )

    @app.action(ids.RECONNECT_XERO)
    @app.action(ids.CONNECT_XERO)
    def on_connect(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        if action["action_id"] == ids.CONNECT_XERO:
            return  # a URL button: Slack opens the link; nothing to do here
        user_id, team_id = _user_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="reconnect Xero")
        channel = (body.get("channel") or {}).get("id", "")
        offer = services.connector.start(team_id=team_id, user_id=user_id, channel_id=channel)
        respond(
            blocks=blocks.connect_offer_blocks(offer),
            response_type="ephemeral",
            replace_original=False,
            text="Reconnect Xero",
        )

    @app.action(ids.CONFIRM_DISCONNECT)
    def on_disconnect(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = _user_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="disconnect Xero")
        name = services.connector.disconnect(team_id=team_id, connection_id=_int_value(action))
        respond(blocks=blocks.disconnected_blocks(name), replace_original=True, text=f"Disconnected {name}")
