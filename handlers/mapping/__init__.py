"""Per-client bills: `/rechargly mapping` and `mappings`; answer a line, exclude it, edit mappings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond

from handlers import ids
from handlers.errors import on_click
from handlers.kit import Block, Mrkdwn, md
from handlers.mapping.blocks import NOTICES, alias_note, mapping_blocks, mappings_blocks, resolved_note
from handlers.payloads import STALE_BUTTON, number, respond_with, user_and_team
from handlers.slash import Invocation, reply, slash
from services.errors import BadRequest
from services.mapping.service import MAPPINGS_PAGE

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]

STALE_MAPPING = "That mapping is out of date. Run `/rechargly mappings` again."


def mapping_reply(
    services: Services, *, team_id: str, month: str | None, note: Mrkdwn | None = None
) -> list[Block]:
    """The month's open questions as blocks (this month when ``month`` is None)."""
    today = services.clock.now().date()
    label, questions = services.mapping.questions(team_id=team_id, month=month, today=today)
    return mapping_blocks(month or f"{today:%Y-%m}", label, questions, note)


def _mappings_reply(services: Services, team_id: str, page: int, note: Mrkdwn | None = None) -> list[Block]:
    return mappings_blocks(services.mapping.mappings(team_id=team_id, page=page), MAPPINGS_PAGE, note)


def _question_block(action: dict[str, Any]) -> tuple[int, str]:
    """(question id, month) from the block id "question:{id}:{YYYY-MM}"."""
    _, question, month = [*str(action.get("block_id", "")).split(":"), "", ""][:3]
    return number(question, stale="That line is out of date. Run `/rechargly mapping` again."), month


def on_mapping(ack: Ack, command: dict[str, Any], services: Services) -> None:
    """This month's bill lines without a sure client (`mapping 2026-10` for another month)."""
    inv = Invocation.of(command)
    if len(inv.request.args) > 1:
        raise BadRequest("Try `/rechargly mapping`, or `/rechargly mapping 2026-10` for another month.")
    reply(ack, mapping_reply(services, team_id=inv.team_id, month=inv.request.rest or None))


def on_mappings(ack: Ack, command: dict[str, Any], services: Services) -> None:
    """Remembered mappings and exclusions, a page at a time (`mappings 2` for the second page)."""
    inv = Invocation.of(command)
    page = inv.request.rest or "1"
    if not page.isdigit():
        raise BadRequest("Try `/rechargly mappings`, or `/rechargly mappings 2` for the next page.")
    reply(ack, _mappings_reply(services, inv.team_id, int(page)))


def on_mappings_page(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    offset = number(action.get("value", ""), stale=STALE_BUTTON)
    page = offset // MAPPINGS_PAGE + 1
    respond_with(respond, _mappings_reply(services, team_id, page), md("Remembered mappings"), replace=True)


def on_pick_client(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    question_id, month = _question_block(action)
    client_id = str((action.get("selected_option") or {}).get("value", ""))
    resolved = services.mapping.answer(
        team_id=team_id, user_id=user_id, question_id=question_id, client_id=client_id
    )
    blocks = mapping_reply(services, team_id=team_id, month=month or None, note=resolved_note(resolved))
    respond_with(respond, blocks, md("Bill line mapped"), replace=True)


def on_exclude(body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    scope, _, question = str((action.get("selected_option") or {}).get("value", "")).partition(":")
    if scope not in ("line", "vendor") or not question.isdigit():
        raise BadRequest("That choice is out of date. Run `/rechargly mapping` again.")
    _, month = _question_block(action)
    resolved = services.mapping.exclude(
        team_id=team_id, user_id=user_id, question_id=int(question), whole_vendor=scope == "vendor"
    )
    blocks = mapping_reply(services, team_id=team_id, month=month or None, note=resolved_note(resolved))
    respond_with(respond, blocks, md("Bill line excluded"), replace=True)


def on_change(body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    mapping_id = number(str(action.get("block_id", "")).removeprefix("mapping:"), stale=STALE_MAPPING)
    client_id = str((action.get("selected_option") or {}).get("value", ""))
    name = services.mapping.change(
        team_id=team_id, user_id=user_id, mapping_id=mapping_id, client_id=client_id
    )
    note = md(":white_check_mark: Changed: those lines now go to *{name}*.", name=name)
    respond_with(respond, _mappings_reply(services, team_id, 1, note), md("Mapping changed"), replace=True)


def on_remove(body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    mapping_id = number(action.get("value", ""), stale=STALE_MAPPING)
    key = services.mapping.remove(team_id=team_id, user_id=user_id, mapping_id=mapping_id)
    note = md(":wastebasket: Removed `{key}`: the next bill asks about it again.", key=key)
    respond_with(respond, _mappings_reply(services, team_id, 1, note), md("Mapping removed"), replace=True)


def on_remove_alias(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    alias_id = number(action.get("value", ""), stale=STALE_MAPPING)
    name = services.mapping.remove_alias(team_id=team_id, user_id=user_id, alias_id=alias_id)
    note = alias_note(name, removed=True)
    blocks = _mappings_reply(services, team_id, 1, note)
    respond_with(respond, blocks, md("Learnt name removed"), replace=True)


def register(app: App) -> None:
    slash(app, "mapping", on_mapping)
    slash(app, "mappings", on_mappings)
    on_click(app, re.compile(f"^{ids.PAGE_MAPPINGS}:"), on_mappings_page)
    on_click(app, ids.PICK_CLIENT_FOR_LINE, on_pick_client)
    on_click(app, ids.EXCLUDE_LINE, on_exclude)
    on_click(app, ids.CHANGE_MAPPING, on_change)
    on_click(app, ids.REMOVE_MAPPING, on_remove)
    on_click(app, ids.REMOVE_ALIAS, on_remove_alias)
