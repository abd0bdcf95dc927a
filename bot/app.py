"""The Bolt app factory: one App per process, built from settings and services."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.container import Services
from handlers import actions, commands
from handlers.errors import handle_error

LISTENER_MODULES = (commands, actions)


def slack_client(services: Services, token: str | None) -> WebClient:
    return WebClient(token=token, base_url=services.settings.slack_api_url)


def create_bolt_app(services: Services) -> App:
    """Build the Bolt app with every listener registered; nothing is sent until a request comes."""
    settings = services.settings
    settings.require("slack_signing_secret", "slack_bot_token")
    app = App(
        signing_secret=settings.slack_signing_secret,
        client=slack_client(services, settings.slack_bot_token),
        token_verification_enabled=False,
        logger=logging.getLogger("rechargly.slack"),
    )
    app.error(handle_error)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
