"""Last in line: clicks on buttons we no longer have get a clear answer; other events are acked."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond

from handlers import ids
from handlers.errors import on_click
from handlers.kit import md, section
from handlers.payloads import respond_with

STALE = "That button is no longer available (Rechargly was updated). Run the command again."


# Every id our buttons and selects carry (a pager's buttons add ":next"/":prev"). Only others are
# stale: a known button whose listener failed after acknowledging must not get this reply as well.
KNOWN_IDS = frozenset(v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str))


def _unknown(action: dict[str, Any]) -> bool:
    return str(action.get("action_id", "")).split(":")[0] not in KNOWN_IDS


def on_unknown_action(respond: Respond) -> None:
    respond_with(respond, [section(md(":warning: {m}", m=STALE))], md("{m}", m=STALE))


def on_other_event() -> None:
    """Subscribed but not acted on: Bolt acknowledges events itself, so Slack doesn't resend it."""


def register(app: App) -> None:
    on_click(app, re.compile(".*"), on_unknown_action, matchers=[_unknown])
    app.event(re.compile(".*"))(on_other_event)
