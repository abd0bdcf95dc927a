"""Turning what a person typed after `/rechargly` into a typed request."""

from __future__ import annotations

import shlex
import unicodedata
from dataclasses import dataclass

from services.errors import BadRequest

MAX_COMMAND_TEXT = 500

SUBCOMMANDS: dict[str, str] = {
    "help": "what Rechargly can do",
    "status": "the Xero connection, last and next sync, what waits",
    "connect": "connect this workspace to a Xero organisation",
    "disconnect": "disconnect Xero (keeps your recharge history)",
    "sync": "fetch what changed in Xero now (`sync <organisation>` for one of several)",
    "rules": "your recharge rules (`rules add` creates one)",
    "unmatched": "software charges no rule recharges yet, with a Create rule button",
    "pending": "recharges waiting for approval",
    "history": "the last 20 things that happened (`history <client>` for one client)",
    "digest": "post the daily digest now: what happened, what waits, what is overdue",
    "settings": "channels, digest time, invoice status, markup, approvers, billing (admins; "
    "`settings <organisation>` for one organisation's billing)",
    "mapping": "bill lines that need a client this month (`mapping 2026-10` for another month)",
    "mappings": "remembered bill line → client mappings and exclusions, to change or remove",
    "import": "import charges from a CSV file (or share the CSV with Rechargly in a DM)",
    "billing": "the monthly billing run (`billing 2026-11` for another month)",
}


@dataclass(frozen=True)
class SlashRequest:
    name: str
    args: tuple[str, ...] = ()

    @property
    def rest(self) -> str:
        return " ".join(self.args)


def parse_slash(text: str) -> SlashRequest:
    """Split `/rechargly` text into a subcommand and arguments; empty text means help."""
    cleaned = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf") or ch == " ")
    if len(cleaned) > MAX_COMMAND_TEXT:
        raise BadRequest(f"That's too long for a command (over {MAX_COMMAND_TEXT} characters).")
    try:
        words = shlex.split(cleaned)
    except ValueError:
        raise BadRequest("I couldn't read that — a quote seems to be missing its partner.") from None
    name = "".join(words[0].lower().split()) if words else ""  # '\ ' quotes a blank word
    if not name:
        return SlashRequest("help", tuple(words[1:]))
    return SlashRequest(name, tuple(words[1:]))
