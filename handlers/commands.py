"""The `/rechargly` slash command: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App

from handlers import blocks
from handlers.ids import COMMAND
from handlers.parsing import SlashRequest, parse_slash
from services.status import workspace_status

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


ROUTES: dict[str, Route] = {"help": _help, "status": _status}


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
