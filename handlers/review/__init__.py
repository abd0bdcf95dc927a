"""A run's review: one summary message for many clients, and a paged modal to approve them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers.blocks import render_notice
from handlers.payloads import number, user_and_team
from handlers.review import blocks, ids
from services.errors import RecharglyError
from services.notices import ChannelUnreachable, RechargesWaiting
from services.review import review_page

if TYPE_CHECKING:
    from bot.container import Services

STALE = "That review is out of date. Open it again from the summary message."


def register(app: App, services: Services) -> None:
    """The review's listeners, and its two notices' renderers (the outbox worker posts them)."""
    render_notice.register(RechargesWaiting, blocks.summary_message)
    render_notice.register(ChannelUnreachable, blocks.channel_problem)

    @app.action(ids.OPEN)
    def on_open(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        _user, team_id = user_and_team(body)
        batch_id = number(action.get("value", ""), stale=STALE)
        page = review_page(db=services.db, team_id=team_id, batch_id=batch_id, page=0)
        client.views_open(trigger_id=body["trigger_id"], view=blocks.review_modal(page))

    @app.action(ids.PREVIOUS)
    @app.action(ids.NEXT)
    def on_page(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        _user, team_id = user_and_team(body)
        batch, _, page = str(action.get("value", "")).partition(":")
        batch_id, page_no = number(batch, stale=STALE), number(page, stale=STALE)
        _show(services, client, body, team_id, batch_id, page_no)

    @app.action(ids.APPROVE_CLIENT)
    def on_approve_client(body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        user_id, team_id = user_and_team(body)
        batch_id, page_no = _where(body)
        note = ""
        try:
            message_id = number(action.get("value", ""), stale=STALE)
            services.approvals.approve(team_id=team_id, user_id=user_id, message_id=message_id)
        except RecharglyError as error:  # a modal has no thread to reply in: say it in the modal
            note = f":warning: {error.message}"
        _show(services, client, body, team_id, batch_id, page_no, note=note)

    @app.action(ids.APPROVE_ALL)
    def on_approve_all(body: dict[str, Any], client: WebClient) -> None:
        user_id, team_id = user_and_team(body)
        batch_id, page_no = _where(body)
        _show(services, client, body, team_id, batch_id, page_no, note=":hourglass: Approving every client…")

        def approve_all() -> None:  # one invoice per client in Xero: minutes for a large firm
            try:
                done = services.approvals.approve_batch(team_id=team_id, user_id=user_id, batch_id=batch_id)
                note = f":white_check_mark: Approved {done} client{'s' if done != 1 else ''}."
            except RecharglyError as error:
                note = f":warning: {error.message}"
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
    note: str = "",
    latest: bool = False,
) -> None:
    """Redraw the modal in place (with the hash Slack sent, unless this is a late update)."""
    page = review_page(db=services.db, team_id=team_id, batch_id=batch_id, page=page_no)
    view = body["view"]
    client.views_update(
        view_id=view["id"],
        hash=None if latest else view.get("hash"),
        view=blocks.review_modal(page, note=note),
    )
