"""Recharge proposals: Approve all, Review, Reject, Retry on the card; `/rechargly pending`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import ids
from handlers.errors import on_click
from handlers.forms import Values, selected_many, text
from handlers.kit import Page, md
from handlers.payloads import STALE_BUTTON, number, respond_with, user_and_team
from handlers.recharges.blocks import NOTICES, pending_blocks, reject_modal, review_modal
from handlers.slash import Invocation, reply, slash
from services.errors import FormInvalid
from services.recharging.allocation import parse_money
from services.recharging.approvals import LineEdit

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]

STALE_FORM = "That form is out of date. Open it again from the message."
PAGE_SIZE = 20


def _pending_page(services: Services, team_id: str, offset: int) -> list[dict[str, Any]]:
    waiting = services.lists.pending(team_id=team_id, offset=offset, limit=PAGE_SIZE)
    return pending_blocks(waiting.rows, Page(offset=waiting.offset, size=PAGE_SIZE, total=waiting.total))


def on_pending(ack: Ack, command: dict[str, Any], services: Services) -> None:
    inv = Invocation.of(command)
    inv.no_arguments()
    reply(ack, _pending_page(services, inv.team_id, 0))


def on_open_pending(body: dict[str, Any], respond: Respond, services: Services) -> None:
    """Review, in the digest and on the Home tab: the list of what waits, just for the clicker."""
    _user_id, team_id = user_and_team(body)
    respond_with(respond, _pending_page(services, team_id, 0), md("Waiting for approval"))


def on_pending_page(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    offset = number(action.get("value", ""), stale=STALE_BUTTON)
    respond_with(respond, _pending_page(services, team_id, offset), md("Waiting for approval"), replace=True)


def on_approve(body: dict[str, Any], action: dict[str, Any], services: Services) -> None:
    """Acknowledged already; invoicing may take longer than 3 seconds: the card is edited when done."""
    user_id, team_id = user_and_team(body)
    message_id = number(action.get("value", ""), stale=STALE_BUTTON)
    services.approvals.approve(team_id=team_id, user_id=user_id, message_id=message_id)


def on_review(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    message_id = number(action.get("value", ""), stale=STALE_BUTTON)
    lines = services.approvals.review_lines(team_id=team_id, user_id=user_id, message_id=message_id)
    client.views_open(trigger_id=body["trigger_id"], view=review_modal(message_id, lines))


def on_reject(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    message_id = number(action.get("value", ""), stale=STALE_BUTTON)
    services.approvals.check_may_decide(team_id=team_id, user_id=user_id)
    client.views_open(trigger_id=body["trigger_id"], view=reject_modal(message_id))


def on_retry(body: dict[str, Any], action: dict[str, Any], services: Services) -> None:
    user_id, team_id = user_and_team(body)
    invoice_id = number(action.get("value", ""), stale=STALE_BUTTON)
    services.approvals.retry(team_id=team_id, user_id=user_id, invoice_id=invoice_id)


def review_edits(values: Values) -> list[LineEdit]:
    """The Review modal's lines, or FormInvalid naming each amount that can't be used."""
    errors: dict[str, str] = {}
    edits: list[LineEdit] = []
    for block_id in values:
        if not block_id.startswith("amount:"):
            continue
        recharge_id = block_id.removeprefix("amount:")
        drop = bool(selected_many(values, f"drop:{recharge_id}", f"drop:{recharge_id}"))
        try:
            amount = parse_money(text(values, block_id))
        except ValueError as error:
            errors[block_id] = str(error)
            continue
        if amount <= 0 and not drop:
            errors[block_id] = "The amount must be more than zero (tick the box to drop the line instead)"
            continue
        edits.append(LineEdit(int(recharge_id), amount, text(values, f"description:{recharge_id}"), drop))
    if errors:
        raise FormInvalid(errors)
    return edits


def on_review_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    """Acknowledged once the changes are saved (what's wrong goes back on the form); the card's edit
    is queued with them and sent after, by the outbox: Slack editing it never delays the answer."""
    user_id, team_id = user_and_team(body)
    edits = review_edits(view["state"]["values"])
    message_id = number(view.get("private_metadata", ""), stale=STALE_FORM)
    services.approvals.review(team_id=team_id, user_id=user_id, message_id=message_id, edits=edits)
    ack()


def on_reject_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    """Like the review: acknowledged once the decision is saved, the card edited after by the outbox."""
    user_id, team_id = user_and_team(body)
    message_id = number(view.get("private_metadata", ""), stale=STALE_FORM)
    reason = text(view["state"]["values"], "reason")
    services.approvals.reject(team_id=team_id, user_id=user_id, message_id=message_id, reason=reason)
    ack()


def register(app: App) -> None:
    slash(app, "pending", on_pending)
    on_click(app, ids.OPEN_PENDING, on_open_pending)
    on_click(app, re.compile(f"^{ids.PAGE_PENDING}:"), on_pending_page)
    on_click(app, ids.APPROVE_ALL, on_approve)
    on_click(app, ids.REVIEW, on_review)
    on_click(app, ids.REJECT, on_reject)
    on_click(app, ids.RETRY_INVOICE, on_retry)
    app.view(ids.REVIEW_MODAL)(on_review_saved)
    app.view(ids.REJECT_MODAL)(on_reject_saved)
