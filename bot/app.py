"""The Bolt app factory: one App per process, built from settings and services.

FEATURES lists everything Rechargly does in Slack; each feature folder under handlers/ registers
its own slash subcommands, buttons, forms and events, and renders its own notices."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.container import Services
from bot.slack_install import oauth_settings
from handlers import (
    connect,
    digest_home,
    fallbacks,
    imports,
    installs,
    mapping,
    payments,
    recharges,
    rules,
    settings,
    slash,
    sync,
)
from handlers.errors import handle_error
from handlers.notices import NoticeRenderers
from services.deliveries import first_delivery

FEATURES = (
    slash,  # /rechargly help
    connect,  # /rechargly connect, disconnect; pick organisations; Reconnect
    sync,  # /rechargly sync; the progress message
    rules,  # /rechargly rules, rules add, unmatched; the rule form; contact search
    recharges,  # proposal cards: Approve all, Review, Reject, Retry; /rechargly pending
    mapping,  # /rechargly mapping, mappings; per-client bill lines
    imports,  # /rechargly import; CSV files in the modal or the DM
    payments,  # payment notices; Apply to INV-…
    digest_home,  # /rechargly status, history, digest; the App Home tab
    settings,  # /rechargly settings
    installs,  # app_uninstalled, tokens_revoked
)


def notice_renderers() -> NoticeRenderers:
    """Every notice a service can send, with the feature that renders it."""
    renderers = NoticeRenderers()
    for feature in FEATURES:
        renderers.add(getattr(feature, "NOTICES", {}))
    return renderers


def slack_client(services: Services, token: str | None) -> WebClient:
    return WebClient(token=token, base_url=services.settings.slack_api_url)


def _with_services(services: Services) -> Callable[..., BoltResponse | None]:
    """Every listener gets the services as its `services` argument (Bolt passes context keys by name)."""

    def middleware(context: BoltContext, next_: Callable[[], BoltResponse]) -> BoltResponse | None:
        context["services"] = services
        return next_()

    return middleware


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
    """The one rule for acknowledging: clicks are acknowledged here, before their listener runs, and
    their listeners never ack; commands, forms and option searches ack once, in their listener,
    with their answer; events are acknowledged by Bolt itself.

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
    settings_ = services.settings
    settings_.require("slack")
    logger = logging.getLogger("rechargly.slack")
    if _without_token_warning not in logger.filters:
        logger.addFilter(_without_token_warning)
    if services.installation_store is not None:
        app = App(
            signing_secret=settings_.slack_signing_secret,
            oauth_settings=oauth_settings(settings_, services.installation_store, services.db.engine),
            client=slack_client(services, None),
            logger=logger,
        )
    else:
        app = App(
            signing_secret=settings_.slack_signing_secret,
            client=slack_client(services, settings_.slack_bot_token),
            token_verification_enabled=False,
            logger=logger,
        )
    app.error(handle_error)
    app.middleware(_once_per_event(services))
    app.middleware(_with_services(services))
    app.middleware(_ack_clicks_first)
    for feature in FEATURES:
        feature.register(app)
    slash.register_last(app)  # after every feature: subcommands nobody knows
    fallbacks.register(app)  # last: they match anything
    return app
