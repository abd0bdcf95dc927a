"""A run's review: one summary message for many clients, and a paged modal to approve them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers.errors import error_text, on_click
from handlers.kit import Mrkdwn, md
from handlers.payloads import number, user_and_team
from handlers.review import ids
from handlers.review.blocks import NOTICES, review_modal
from services.errors import RecharglyError

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]

STALE = "That review is out of date. Open it again from the summary message."


def on_open(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    _user, team_id = user_and_team(body)
    batch_id = number(action.get("value", ""), stale=STALE)
    page = services.lists.review(team_id=team_id, batch_id=batch_id, page=0)
    client.views_open(trigger_id=body["trigger_id"], view=review_modal(page))


def on_page(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    _user, team_id = user_and_team(body)
    batch, _, page = str(action.get("value", "")).partition(":")
    _show(services, client, body, team_id, number(batch, stale=STALE), number(page, stale=STALE))


def on_approve_client(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    batch_id, page_no = _where(body)
    note: Mrkdwn | None = None
    try:
        message_id = number(action.get("value", ""), stale=STALE)
        services.approvals.approve(team_id=team_id, user_id=user_id, message_id=message_id)
    except RecharglyError as error:  # a modal has no thread to reply in: the refusal shows in the modal
        note = error_text(error)
    _show(services, client, body, team_id, batch_id, page_no, note=note)


def on_approve_all(body: dict[str, Any], client: WebClient, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    batch_id, page_no = _where(body)
    _show(services, client, body, team_id, batch_id, page_no, note=md(":hourglass: Approving every client…"))

    def approve_all() -> None:  # one invoice per client in Xero: minutes for a large firm
        try:
            done = services.approvals.approve_batch(team_id=team_id, user_id=user_id, batch_id=batch_id)
            note = md(":white_check_mark: Approved {n} client{s}.", n=f"{done:,}", s="s" if done != 1 else "")
        except RecharglyError as error:  # after the click was answered: the modal says it
            note = error_text(error)
        _show(services, client, body, team_id, batch_id, page_no, note=note, latest=True)

    services.background.submit(approve_all)


def _where(body: dict[str, Any]) -> tuple[int, int]:
    batch, _, page = str((body.get("view") or {}).get("private_metadata", "")).partition(":")
    return number(batch, stale=STALE), number(page or "0", stale=STALE)


def _show(
    services: Services,
    client: WebClient,
    body: dict[str, Any],
    team_id: str,
    batch_id: int,
    page_no: int,
    *,
    note: Mrkdwn | None = None,
    latest: bool = False,
) -> None:
    """Redraw the modal in place (with the hash Slack sent, unless this is a late update)."""
    page = services.lists.review(team_id=team_id, batch_id=batch_id, page=page_no)
    view = body["view"]
    client.views_update(
        view_id=view["id"], hash=None if latest else view.get("hash"), view=review_modal(page, note=note)
    )


def register(app: App) -> None:
    on_click(app, ids.OPEN, on_open)
    on_click(app, ids.PREVIOUS, on_page)
    on_click(app, ids.NEXT, on_page)
    on_click(app, ids.APPROVE_CLIENT, on_approve_client)
    on_click(app, ids.APPROVE_ALL, on_approve_all)
