"""The App Home tab: published fresh each time someone opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_sdk import WebClient

from handlers import blocks
from services.home import home_summary

if TYPE_CHECKING:
    from bot.container import Services


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], context: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab needs nothing from us
        team_id = str(context.get("team_id") or "")
        summary = home_summary(
            db=services.db, schedule=services.schedule, team_id=team_id, now=services.clock.now()
        )
        client.views_publish(user_id=event["user"], view=blocks.home_view(summary))
