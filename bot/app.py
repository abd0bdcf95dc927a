"""The Bolt app factory: one App per process, built from settings and services."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.container import Services
from bot.slack_install import oauth_settings
from handlers import actions, commands, fallbacks, home, mapping, views
from handlers.errors import handle_error
from services.deliveries import first_delivery

LISTENER_MODULES = (commands, actions, views, home, mapping, fallbacks)  # fallbacks last: they match anything


def slack_client(services: Services, token: str | None) -> WebClient:
    return WebClient(token=token, base_url=services.settings.slack_api_url)


def _once_per_event(services: Services) -> Callable[..., BoltResponse | None]:
    """Slack resends an event it thinks we missed (X-Slack-Retry-Num); act on each event id once."""

    def middleware(body: dict[str, Any], next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not first_delivery(db=services.db, key=f"event:{event_id}"):
            return BoltResponse(status=200, body="")
        return next_()

    return middleware


def _ack_clicks_first(
    body: dict[str, Any], ack: Ack, next_: Callable[[], BoltResponse]
) -> BoltResponse | None:
    """Acknowledge every click before its listener runs.

    Bolt forgets an acknowledgement when the listener raises right after it (it resets the ack), and
    Slack then gets a 404 three seconds later; acknowledged here, the answer is already on its way."""
    if body.get("type") == "block_actions":
        ack()
    return next_()


def _without_token_warning(record: logging.LogRecord) -> bool:
    """Bolt reads SLACK_BOT_TOKEN from the environment itself and warns that the client we hand it
    (pointed at SLACK_API_URL) wins over it; that is what we want, so the warning says nothing useful."""
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


def create_bolt_app(services: Services) -> App:
    """Build the Bolt app with every listener registered; nothing is sent until a request comes."""
    settings = services.settings
    settings.require("slack")
    logger = logging.getLogger("rechargly.slack")
    if _without_token_warning not in logger.filters:
        logger.addFilter(_without_token_warning)
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
    app.middleware(_once_per_event(services))
    app.middleware(_ack_clicks_first)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
