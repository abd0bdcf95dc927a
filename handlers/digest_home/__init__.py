"""The overview: `/rechargly status`, `history`, `digest`, and the App Home tab."""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import ids
from handlers.digest_home.blocks import (
    HISTORY_PAGE,
    NOTICES,
    digest_posted_blocks,
    history_blocks,
    home_view,
    status_blocks,
)
from handlers.errors import error_blocks, on_click
from handlers.kit import Block, Page, md, section
from handlers.payloads import STALE_BUTTON, number, respond_with, user_and_team
from handlers.slash import Invocation, reply, slash
from services.errors import RecharglyError

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]


def on_status(ack: Ack, command: dict[str, Any], services: Services) -> None:
    inv = Invocation.of(command)
    reply(ack, status_blocks(services.lists.status(team_id=inv.team_id)))


def _history_page(services: Services, team_id: str, query: str, offset: int) -> list[Block]:
    found = services.lists.history(team_id=team_id, client_query=query, offset=offset, limit=HISTORY_PAGE)
    return history_blocks(found, Page(offset=found.offset, size=HISTORY_PAGE, total=found.total))


def on_history(ack: Ack, command: dict[str, Any], services: Services) -> None:
    """`history` for everyone, `history <client>` for one client (any part of the name)."""
    inv = Invocation.of(command)
    reply(ack, _history_page(services, inv.team_id, inv.request.rest, 0))


def on_history_page(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    offset, _, query = str(action.get("value", "")).partition(":")
    blocks = _history_page(services, team_id, query, number(offset, stale=STALE_BUTTON))
    respond_with(respond, blocks, md("History"), replace=True)


def on_digest(ack: Ack, command: dict[str, Any], respond: Respond, services: Services) -> None:
    """Acknowledge at once; each organisation's digest is built and posted after, then we say where."""
    inv = Invocation.of(command)
    inv.no_arguments()
    reply(ack, [section(md(":hourglass_flowing_sand: Posting the digest…"))])
    services.background.submit(partial(_post_digest, services, respond, team_id=inv.team_id))


def _post_digest(services: Services, respond: Respond, *, team_id: str) -> None:
    try:
        outcomes = services.digest.post_for_team(team_id=team_id)
    except RecharglyError as error:  # after the acknowledgement: the error handler can't answer any more
        respond_with(respond, error_blocks(error), md("The digest wasn't posted"))
        return
    respond_with(respond, digest_posted_blocks(outcomes), md("Digest posted"))


def on_home_opened(
    event: dict[str, Any], context: dict[str, Any], client: WebClient, services: Services
) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab needs nothing from us
    summary = services.lists.home(team_id=str(context.get("team_id") or ""))
    client.views_publish(user_id=event["user"], view=home_view(summary))


def register(app: App) -> None:
    slash(app, "status", on_status)
    slash(app, "history", on_history)
    slash(app, "digest", on_digest)
    on_click(app, re.compile(f"^{ids.PAGE_HISTORY}:"), on_history_page)
    app.event("app_home_opened")(on_home_opened)
