"""The one place where errors become replies a person can read."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.context.respond import Respond
from slack_sdk.errors import SlackApiError

from handlers.blocks import error_blocks
from services.errors import CHANNEL_ERRORS, BotNotInChannel, RecharglyError

UNEXPECTED = (
    "Something went wrong on Rechargly's side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell your Rechargly admin."
)


def _as_channel_error(error: Exception, body: dict[str, Any]) -> Exception:
    """A listener's own Slack call refused for the channel (the bot isn't in it): say how to fix it."""
    if isinstance(error, SlackApiError) and error.response.get("error") in CHANNEL_ERRORS:
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id") or ""
        return BotNotInChannel(str(channel), str(error.response.get("error")))
    return error


def handle_error(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    response: BoltResponse | None,
    logger: logging.Logger,
) -> BoltResponse | None:
    """Reply ephemerally with the service's own words, or a plain apology for the unexpected."""
    error = _as_channel_error(error, body)
    if isinstance(error, RecharglyError):
        message = error.message
    else:
        logger.exception("unhandled error in a Slack listener (type=%s)", body.get("type", "command"))
        message = UNEXPECTED
    reply_blocks = error_blocks(message)
    payload = {"response_type": "ephemeral", "text": message, "blocks": reply_blocks}
    is_command = "command" in body
    if response is not None and is_command:
        # Not acknowledged yet: the reply travels in the HTTP answer itself.
        return BoltResponse(
            status=200, body=json.dumps(payload), headers={"content-type": "application/json"}
        )
    if respond is not None:
        respond(text=message, blocks=reply_blocks, response_type="ephemeral", replace_original=False)
    return BoltResponse(status=200, body="") if response is not None else None
