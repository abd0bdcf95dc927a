"""The one place where errors become replies a person can read: messages, ephemeral replies and forms."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.context.respond import Respond
from slack_bolt.kwargs_injection.utils import build_required_kwargs
from slack_bolt.util.utils import get_arg_names_of_callable
from slack_sdk.errors import SlackApiError

from handlers.kit import Block, Mrkdwn, channel_link, escape, md, mention, message, section
from services.errors import BotNotInChannel, FormInvalid, RecharglyError

UNEXPECTED = (
    "Something went wrong on Rechargly's side and nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell your Rechargly admin."
)


def _as_channel_error(error: Exception, body: dict[str, Any]) -> Exception:
    """A listener's own Slack call refused for the channel (the bot isn't in it): say how to fix it."""
    if isinstance(error, SlackApiError):
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        return BotNotInChannel.from_slack(error.response.get("error"), channel) or error
    return error


def error_text(error: RecharglyError | None) -> Mrkdwn:
    """The service's own words, escaped; the people it names (approvers, admins) stay mentions."""
    if error is None:
        return md(":warning: {m}", m=UNEXPECTED)
    text = md(":warning: {m}", m=Mrkdwn(escape(error.message[:2000])))
    for ref in error.mentions:  # users as <@U…>, channels as <#C…>
        text = Mrkdwn(
            text.replace(escape(f"<@{ref}>"), mention(ref)).replace(escape(f"<#{ref}>"), channel_link(ref))
        )
    return text


def error_blocks(error: RecharglyError | None) -> list[Block]:
    return [section(error_text(error))]


def _json(payload: dict[str, Any]) -> BoltResponse:
    return BoltResponse(status=200, body=json.dumps(payload), headers={"content-type": "application/json"})


def _form_errors(error: RecharglyError | None, view: dict[str, Any]) -> dict[str, str]:
    """Where a form shows what's wrong: each field's own message, or the whole on the first input."""
    if isinstance(error, FormInvalid):
        return {field: text[:2000] for field, text in error.errors.items()}
    inputs = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input" and b.get("block_id")]
    said = error.message if error is not None else UNEXPECTED
    return {inputs[0]: said[:2000]} if inputs else {}


def handle_error(
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    response: BoltResponse | None,
    logger: logging.Logger,
) -> BoltResponse | None:
    """Reply with the service's own words, or a plain apology for the unexpected.

    A slash command isn't acknowledged yet: the reply is the HTTP answer. A form's errors go on the
    form (response_action: errors). A click was acknowledged already: the reply goes to its
    response_url, for the clicker alone."""
    error = _as_channel_error(error, body)
    known = error if isinstance(error, RecharglyError) else None
    if known is None:
        logger.exception("unhandled error in a Slack listener (type=%s)", body.get("type", "command"))
    if body.get("type") == "view_submission" and response is not None:
        errors = _form_errors(known, body.get("view") or {})
        if errors:
            return _json({"response_action": "errors", "errors": errors})
    sent = message(error_text(known), error_blocks(known))
    if response is not None and "command" in body:
        return _json({"response_type": "ephemeral", "text": sent.fallback, "blocks": sent.blocks})
    if respond is not None:
        respond(text=sent.fallback, blocks=sent.blocks, response_type="ephemeral", replace_original=False)
    return BoltResponse(status=200, body="") if response is not None else None


def on_click(
    app: App,
    action_id: str | re.Pattern[str],
    listener: Callable[..., None],
    *,
    matchers: Sequence[Callable[..., bool]] | None = None,
) -> None:
    """Register a click listener whose errors reach `handle_error` inside the listener's own thread.

    Clicks are acknowledged before their listener runs (bot.app). Left to Bolt (1.30), a listener's
    error sets status 500 on the very response Bolt is handing back to Slack, so the clicker saw
    Slack's own failure on top of our reply whenever the thread won that race (it did, under load)."""
    wanted = get_arg_names_of_callable(listener)

    def answered(request: BoltRequest, response: BoltResponse | None, logger: logging.Logger) -> None:
        kwargs = build_required_kwargs(
            logger=logger,
            required_arg_names=list(wanted),
            request=request,
            response=response,
            this_func=listener,
            next_keys_required=False,
        )
        try:
            listener(**kwargs)
        except Exception as error:  # not swallowed: the one error handler replies and logs
            handle_error(error, request.body, request.context.respond, None, logger)

    answered.__name__ = answered.__qualname__ = listener.__name__  # Bolt's logs name the listener
    app.action(action_id, matchers=list(matchers) if matchers else None)(answered)
