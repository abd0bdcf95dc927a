"""The composition root: pick the real adapters and wire the services together."""

from __future__ import annotations

import hashlib
import hmac

from slack_sdk import WebClient

from bot.container import Services
from bot.db import create_db_engine, upgrade_database
from bot.scheduler import NoSchedule
from bot.settings import Settings
from bot.slack_notifier import SlackWebNotifier
from bot.xero_gateway import XeroAccountingGateway
from services.connect import ConnectConfig, Permissions, XeroConnector
from services.models import XeroConnection, XeroGrant
from services.notices import XeroNeedsReconnect
from services.ports import Clock, SlackNotifier, SystemClock
from services.status import SyncSchedule
from services.storage import Database
from services.tokens import ReconnectNotice, TokenCipher, XeroTokens


def build_services(
    settings: Settings, *, clock: Clock | None = None, schedule: SyncSchedule | None = None
) -> Services:
    """Open the database (upgrading its schema) and build every service for this process."""
    settings.require("token_encryption_key", "xero_client_id", "xero_client_secret")
    assert settings.token_encryption_key and settings.xero_client_id and settings.xero_client_secret
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine)
    db = Database(engine)
    clock = clock or SystemClock()

    def client_for(_team_id: str) -> WebClient:
        return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url)

    notifier = SlackWebNotifier(client_for)
    gateway = XeroAccountingGateway(
        client_id=settings.xero_client_id,
        client_secret=settings.xero_client_secret,
        api_base=settings.xero_api_base,
        identity_base=settings.xero_identity_base,
    )
    cipher = TokenCipher(settings.token_encryption_key)
    tokens = XeroTokens(
        db=db, cipher=cipher, identity=gateway, clock=clock, on_needs_reconnect=_tell_channel(notifier)
    )
    connector = XeroConnector(
        db=db,
        identity=gateway,
        tokens=tokens,
        cipher=cipher,
        notifier=notifier,
        clock=clock,
        config=ConnectConfig(
            client_id=settings.xero_client_id,
            redirect_uri=settings.xero_redirect_uri,
            scopes=settings.xero_scopes,
            login_base=settings.xero_login_base,
            state_key=hmac.new(
                settings.token_encryption_key.encode(), b"xero-oauth-state", hashlib.sha256
            ).digest(),
        ),
    )
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        notifier=notifier,
        schedule=schedule or NoSchedule(),
        permissions=Permissions(notifier=notifier, admins=settings.admins),
        tokens=tokens,
        connector=connector,
    )


def _tell_channel(notifier: SlackNotifier) -> ReconnectNotice:
    """Post the one "needs reconnect" notice where the organisation was connected from."""

    def notify(grant: XeroGrant, connections: list[XeroConnection]) -> None:
        names = tuple(c.name for c in connections)
        channels = {c.notice_channel for c in connections if c.notice_channel}
        for channel in channels or {None}:
            notice = XeroNeedsReconnect(organisations=names)
            if channel:
                notifier.post(team_id=grant.team_id, channel=channel, notice=notice)
            else:
                notifier.dm(team_id=grant.team_id, user=grant.authorised_by, notice=notice)

    return notify
