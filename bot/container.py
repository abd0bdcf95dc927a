"""The bundle of services the composition root builds and hands to every listener."""

from __future__ import annotations

from dataclasses import dataclass

from bot.settings import Settings
from services.connect import Permissions, XeroConnector
from services.ports import Clock, SlackNotifier
from services.status import SyncSchedule
from services.storage import Database
from services.tokens import XeroTokens


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    notifier: SlackNotifier
    schedule: SyncSchedule
    permissions: Permissions
    tokens: XeroTokens
    connector: XeroConnector
