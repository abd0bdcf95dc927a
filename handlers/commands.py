"""The `/rechargly` slash command: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App

from handlers import blocks
from handlers.ids import COMMAND
from handlers.parsing import SlashRequest, parse_slash
from services.errors import XeroNotConnected
from services.status import workspace_status
from services.sync import SyncBusy

if TYPE_CHECKING:
    from bot.container import Services


@dataclass(frozen=True)
class Invocation:
    """Who typed the command, where, and what."""

    request: SlashRequest
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    response_url: str

    @classmethod
    def from_payload(cls, command: dict[str, Any]) -> Invocation:
        return cls(
            request=parse_slash(command.get("text", "")),
            team_id=command["team_id"],
            user_id=command["user_id"],
            channel_id=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id", ""),
            response_url=command.get("response_url", ""),
        )


Reply = list[dict[str, Any]]
Route = Callable[["Services", Invocation], Reply]


def _help(_services: Services, _inv: Invocation) -> Reply:
    return blocks.help_blocks()


def _status(services: Services, inv: Invocation) -> Reply:
    status = workspace_status(db=services.db, schedule=services.schedule, team_id=inv.team_id)
    return blocks.status_blocks(status)


def _connect(services: Services, inv: Invocation) -> Reply:
    services.permissions.ensure_admin(team_id=inv.team_id, user_id=inv.user_id, doing="connect Xero")
    offer = services.connector.start(team_id=inv.team_id, user_id=inv.user_id, channel_id=inv.channel_id)
    return blocks.connect_offer_blocks(offer)


def _disconnect(services: Services, inv: Invocation) -> Reply:
    services.permissions.ensure_admin(team_id=inv.team_id, user_id=inv.user_id, doing="disconnect Xero")
    connections = services.connector.active_connections(inv.team_id)
    if not connections:
        raise XeroNotConnected()
    return blocks.disconnect_blocks([(c.id or 0, c.name) for c in connections])


def _sync(services: Services, inv: Invocation) -> Reply:
    """Start a sync of each organisation (or the one named) in the background; answer at once."""
    started: list[str] = []
    busy: list[SyncBusy] = []
    for connection in services.sync.connections(inv.team_id, inv.request.rest or None):
        begun = services.sync.begin(
            connection.id or 0, trigger="manual", started_by=inv.user_id, channel_id=inv.channel_id
        )
        if isinstance(begun, SyncBusy):
            busy.append(begun)
            continue
        services.background.submit(
            partial(services.sync.run_in_channel, begun, team_id=inv.team_id, channel=inv.channel_id)
        )
        started.append(connection.name)
    return blocks.sync_started_blocks(started, busy)


ROUTES: dict[str, Route] = {
    "help": _help,
    "status": _status,
    "connect": _connect,
    "disconnect": _disconnect,
    "sync": _sync,
}


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def on_rechargly(ack: Ack, command: dict[str, Any]) -> None:
        inv = Invocation.from_payload(command)
        route = ROUTES.get(inv.request.name)
        reply = route(services, inv) if route else blocks.unknown_command_blocks(inv.request.name)
        ack(response_type="ephemeral", blocks=reply, text=_fallback_text(reply))


def _fallback_text(reply: Reply) -> str:
    """The notification text Slack shows where blocks can't be: the first text in the reply."""
    for block in reply:
        text = block.get("text", {}).get("text")
        if text:
            return str(text)[:300]
    return "Rechargly"
