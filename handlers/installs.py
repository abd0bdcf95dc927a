"""Slack telling us the app was uninstalled or its bot token revoked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App

if TYPE_CHECKING:
    from bot.container import Services


def on_uninstalled(context: dict[str, Any], services: Services) -> None:
    services.installs.uninstalled(team_id=str(context.get("team_id") or ""))


def on_tokens_revoked(event: dict[str, Any], context: dict[str, Any], services: Services) -> None:
    # Only the bot token matters: Rechargly holds no user tokens.
    if (event.get("tokens") or {}).get("bot"):
        services.installs.uninstalled(team_id=str(context.get("team_id") or ""))


def register(app: App) -> None:
    app.event("app_uninstalled")(on_uninstalled)
    app.event("tokens_revoked")(on_tokens_revoked)
