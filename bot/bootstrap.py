"""The composition root: pick the real adapters and wire the services together."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.container import Services
from bot.db import create_db_engine, upgrade_database
from bot.scheduler import NoSchedule
from bot.settings import Settings
from bot.slack_notifier import SlackWebNotifier
from services.ports import Clock, SystemClock
from services.status import SyncSchedule
from services.storage import Database


def build_services(
    settings: Settings, *, clock: Clock | None = None, schedule: SyncSchedule | None = None
) -> Services:
    """Open the database (upgrading its schema) and build every service for this process."""
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine)

    def client_for(_team_id: str) -> WebClient:
        return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)

    return Services(
        settings=settings,
        db=Database(engine),
        clock=clock or SystemClock(),
        notifier=SlackWebNotifier(client_for),
        schedule=schedule or NoSchedule(),
    )
