"""Monthly billing in Slack: the run card's Approve run and Review, removing a line, Void…/credit
note, `/rechargly billing [month]`, and Create rule on the rules suggested from the firm's history.
Module-level listeners: ack, parse, call one service, render (handlers/billing/blocks.py)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from handlers.billing import blocks, ids
from handlers.billing.blocks import NOTICES
from handlers.errors import on_click
from handlers.kit import md
from handlers.payloads import number, respond_with, user_and_team
from handlers.rules import open_rule_modal
from handlers.slash import Invocation, reply, slash
from services.errors import BadRequest, RecharglyError
from services.workspaces import active_connection

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]

STALE = "That button is out of date. Type `/rechargly billing` again."
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_month(text: str, today: date) -> str | None:
    """ "2026-11", "november", "nov" → "2026-11"; empty → None; anything else → a clear error."""
    value = text.strip().lower()
    if not value:
        return None
    if _MONTH.match(value):
        return value
    if not (value.isalpha() and len(value) >= 3 and value[:3] in _MONTHS):
        raise BadRequest("Try `/rechargly billing`, or `/rechargly billing 2026-11` for another month.")
    month = _MONTHS.index(value[:3]) + 1
    year = today.year if month <= today.month else today.year - 1
    return f"{year}-{month:02d}"


def _after(month: str) -> date:
    """The first day after the month: its run bills it (billing day 1)."""
    year, month_number = (int(part) for part in month.split("-"))
    return date(year + 1, 1, 1) if month_number == 12 else date(year, month_number + 1, 1)


def on_billing(ack: Ack, command: dict[str, Any], services: Services) -> None:
    """`/rechargly billing [month]`: the run for that month (the latest when none is named)."""
    inv = Invocation.of(command)
    today = services.clock.now().date()
    month = parse_month(inv.request.rest, today)
    run_id = services.billing.find(team_id=inv.team_id, month=month)
    if run_id is not None:
        reply(ack, blocks.run_card_blocks(services.billing.card(run_id, team_id=inv.team_id)))
        return
    with services.db.session() as session:
        connection = active_connection(session, inv.team_id)
    on = _after(month) if month else today
    reply(ack, blocks.run_card_blocks(services.billing.preview(connection_id=connection.id or 0, on=on)))


def _run_and_page(value: str) -> tuple[int, int]:
    run, _, page = value.partition(":")
    return number(run, stale=STALE), number(page or "1", stale=STALE)


def on_approve_run(body: dict[str, Any], action: dict[str, Any], services: Services) -> None:
    """Acknowledged already; raising the invoices takes longer than 3 s: the card is edited when done.
    (The History note names the approver as Slack shows them: the invoicer asks users.info.)"""
    user_id, team_id = user_and_team(body)
    run_id = number(action.get("value", ""), stale=STALE)
    services.billing.approve(team_id=team_id, user_id=user_id, run_id=run_id)


def on_review_run(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    run_id, page = _run_and_page(str(action.get("value", "")))
    card = services.billing.card(run_id, team_id=team_id)
    client.views_open(trigger_id=body["trigger_id"], view=blocks.review_modal(card, page))


def on_review_page(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    run_id, page = _run_and_page(str(action.get("value", "")))
    card = services.billing.card(run_id, team_id=team_id)
    client.views_update(view_id=body["view"]["id"], view=blocks.review_modal(card, page))


def on_remove_line(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    run, _, rest = str(action.get("value", "")).partition(":")
    recharge, _, page = rest.partition(":")
    run_id = number(run, stale=STALE)
    services.billing.remove_line(
        team_id=team_id, user_id=user_id, run_id=run_id, recharge_id=number(recharge, stale=STALE)
    )
    card = services.billing.card(run_id, team_id=team_id)
    view = blocks.review_modal(card, number(page or "1", stale=STALE))
    client.views_update(view_id=body["view"]["id"], view=view)


def on_void(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    invoice_id = number(action.get("value", ""), stale=STALE)
    plan = services.undo.plan(team_id=team_id, user_id=user_id, invoice_id=invoice_id)
    view = blocks.undo_modal(plan)
    if body.get("view"):  # from the review modal: stack the confirm on top of it
        client.views_push(trigger_id=body["trigger_id"], view=view)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=view)


def on_undo(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    values = view["state"]["values"]
    invoice_id = number(view.get("private_metadata", ""), stale=STALE)
    try:
        if "then" in values:
            then = values["then"]["then"]["selected_option"]["value"]
            result = services.undo.void(team_id=team_id, user_id=user_id, invoice_id=invoice_id, then=then)
        else:
            chosen = [o["value"] for o in values["lines"]["lines"].get("selected_options") or []]
            lines = [number(value, stale=STALE) for value in chosen]
            result = services.undo.credit(
                team_id=team_id, user_id=user_id, invoice_id=invoice_id, recharge_ids=lines
            )
    except RecharglyError as error:
        ack(response_action="errors", errors={next(iter(values), "then"): error.message[:150]})
        return
    ack(response_action="clear")
    services.billing.invoice_changed(result.invoice_id)
    said = blocks.undone_message(result.summary)
    client.chat_postMessage(channel=user_id, text=said.fallback, blocks=said.blocks)


def on_create_suggested(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    services.permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="manage recharge rules")
    event, _, index = str(action.get("value", "")).partition(":")
    form = services.suggester.form(
        team_id=team_id, event_id=number(event, stale=STALE), index=number(index, stale=STALE)
    )
    channel = (body.get("channel") or {}).get("id", "")
    open_rule_modal(
        services, client, team_id=team_id, trigger_id=body["trigger_id"], channel_id=channel, form=form
    )


def on_settle_refund(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    """An approver picks the charge an unclear vendor refund refunds (or none of them)."""
    user_id, team_id = user_and_team(body)
    refund, _, line = str((action.get("selected_option") or {}).get("value", "")).partition(":")
    line_id = number(line, stale=STALE)
    settled = services.refunds.settle(
        team_id=team_id, user_id=user_id, refund_id=number(refund, stale=STALE), line_id=line_id or None
    )
    said = blocks.refund_settled_blocks(settled, user_id)
    respond_with(respond, said, md("Refund settled"), replace=True)


def register(app: App) -> None:
    slash(app, "billing", on_billing)
    on_click(app, ids.APPROVE_RUN, on_approve_run)
    on_click(app, ids.REVIEW_RUN, on_review_run)
    on_click(app, ids.REVIEW_RUN_PAGE, on_review_page)
    on_click(app, ids.REMOVE_RUN_LINE, on_remove_line)
    on_click(app, ids.VOID_INVOICE, on_void)
    on_click(app, ids.CREATE_SUGGESTED_RULE, on_create_suggested)
    on_click(app, ids.SETTLE_REFUND, on_settle_refund)
    app.view(ids.UNDO_MODAL)(on_undo)
