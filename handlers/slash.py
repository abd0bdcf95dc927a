"""The `/rechargly` slash command: each feature listens for its own subcommands; help and the rest here.

A feature registers `slash(app, "rules", on_rules)`; Bolt routes by the first word the person
typed. A subcommand listener acks once, with its reply (an ephemeral message): slow work is handed
to the background first and edits or posts its message when done.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App

from handlers.ids import COMMAND
from handlers.kit import Block, Mrkdwn, first_text, header, join, md, message, section
from handlers.parsing import SUBCOMMANDS, SlashRequest, parse_slash
from services.errors import BadRequest, RecharglyError


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
    def of(cls, command: dict[str, Any]) -> Invocation:
        return cls(
            request=parse_slash(command.get("text", "")),
            team_id=command["team_id"],
            user_id=command["user_id"],
            channel_id=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id", ""),
            response_url=command.get("response_url", ""),
        )

    def no_arguments(self) -> None:
        if self.request.args:
            raise BadRequest(
                f"`/rechargly {self.request.name}` takes no arguments (you typed “{self.request.rest[:60]}”)."
            )


def _subcommand(text: str) -> str | None:
    try:
        return parse_slash(text).name
    except RecharglyError:
        return None  # the fallback listener parses it again and explains


def slash(app: App, name: str, listener: Callable[..., None]) -> None:
    """Route `/rechargly <name> …` to `listener`."""

    def is_name(command: dict[str, Any]) -> bool:
        return _subcommand(command.get("text", "")) == name

    app.command(COMMAND, matchers=[is_name])(listener)


def reply(ack: Ack, blocks: list[Block], text: Mrkdwn | None = None) -> None:
    """Answer a slash command in its acknowledgement (ephemeral), within a message's limits."""
    sent = message(text or first_text(blocks, md("Rechargly")), blocks)
    ack(response_type="ephemeral", blocks=sent.blocks, text=sent.fallback)


# --- help, and whatever no feature knows ---------------------------------------------------------------


def help_blocks() -> list[Block]:
    lines = join(
        md("• `/rechargly {name}` — {what}", name=name, what=what) for name, what in SUBCOMMANDS.items()
    )
    return [
        header("Rechargly — recharge the software you pay for your clients"),
        section(
            md(
                "Rechargly finds the software subscriptions your firm pays for clients in Xero, "
                "proposes who to recharge and how much, and raises the invoice with the receipt "
                "attached once you approve."
            )
        ),
        section(lines),
    ]


def unknown_command_blocks(name: str) -> list[Block]:
    valid = ", ".join(f"`{n}`" for n in SUBCOMMANDS)
    return [section(md("I don't know `{name}`. Try one of: {valid}.", name=name[:40], valid=valid))]


def on_help(ack: Ack) -> None:
    reply(ack, help_blocks())


def on_unknown(ack: Ack, command: dict[str, Any]) -> None:
    """Last in line: a subcommand no feature knows (or text that can't be read)."""
    request = parse_slash(command.get("text", ""))
    reply(ack, unknown_command_blocks(request.name))


def register(app: App) -> None:
    slash(app, "help", on_help)


def register_last(app: App) -> None:
    app.command(COMMAND)(on_unknown)
