"""Last in line: clicks on buttons we no longer have get a clear answer; other events are acked."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond

from handlers import blocks, ids

if TYPE_CHECKING:
    from bot.container import Services

STALE = "That button is no longer available (Rechargly was updated). Run the command again."


# Every id our buttons and selects carry. Only others are stale: a known button whose listener
# failed after acknowledging must not get this reply as well.
KNOWN_IDS = frozenset(v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str))


def _unknown(action: dict[str, Any]) -> bool:
    return action.get("action_id") not in KNOWN_IDS


def register(app: App, _services: Services) -> None:
    @app.action(re.compile(".*"), matchers=[_unknown])
    def on_unknown_action(ack: Ack, respond: Respond) -> None:
        ack()
        respond(
            text=STALE, blocks=blocks.error_blocks(STALE), response_type="ephemeral", replace_original=False
        )

    @app.event(re.compile(".*"))
    def on_other_event(ack: Ack) -> None:
        ack()  # subscribed but not acted on: acknowledge so Slack does not resend it
