"""Slack telling us the app was uninstalled or its bot token revoked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App

if TYPE_CHECKING:
    from bot.container import Services


def register(app: App, services: Services) -> None:
    @app.event("app_uninstalled")
    def on_uninstalled(context: dict[str, Any]) -> None:
        services.installs.uninstalled(team_id=str(context.get("team_id") or ""))

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict[str, Any], context: dict[str, Any]) -> None:
        # Only the bot token matters: Rechargly holds no user tokens.
        if (event.get("tokens") or {}).get("bot"):
            services.installs.uninstalled(team_id=str(context.get("team_id") or ""))
