"""The Bolt app factory: one App per process, built from settings and services."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_sdk import WebClient

from bot.container import Services
from bot.slack_install import oauth_settings
from handlers import actions, commands, views
from handlers.errors import handle_error

LISTENER_MODULES = (commands, actions, views)


def slack_client(services: Services, token: str | None) -> WebClient:
    return WebClient(token=token, base_url=services.settings.slack_api_url)


def create_bolt_app(services: Services) -> App:
    """Build the Bolt app with every listener registered; nothing is sent until a request comes."""
    settings = services.settings
    settings.require_slack()
    logger = logging.getLogger("rechargly.slack")
    if services.installation_store is not None:
        app = App(
            signing_secret=settings.slack_signing_secret,
            oauth_settings=oauth_settings(settings, services.installation_store, services.db.engine),
            client=slack_client(services, None),
            logger=logger,
        )
    else:
        app = App(
            signing_secret=settings.slack_signing_secret,
            client=slack_client(services, settings.slack_bot_token),
            token_verification_enabled=False,
            logger=logger,
        )
    app.error(handle_error)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
