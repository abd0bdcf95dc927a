"""The bundle of services the composition root builds and hands to every listener."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.oauth.installation_store import InstallationStore

from bot.background import ThreadPoolWork
from bot.settings import Settings
from services.approvals import Approvals
from services.catalog import SoftwareCatalog
from services.connect import Permissions, XeroConnector
from services.csv_import import CsvImporter
from services.digest import DigestService
from services.lists import Lists
from services.mapping import MappingDesk
from services.ports import Clock, SlackNotifier
from services.recharge import RechargeProposer
from services.reconcile import PaymentReconciler
from services.rules import RuleBook
from services.slack_installs import SlackInstalls
from services.status import SyncSchedule
from services.storage import Database
from services.sync import SyncService
from services.tokens import XeroTokens
from services.webhooks import WebhookFetches
from services.workspace_settings import WorkspaceSettings


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
    installation_store: InstallationStore | None  # set when installing into many workspaces
    catalog: SoftwareCatalog
    rules: RuleBook
    approvals: Approvals
    recharges: RechargeProposer  # the sync's listener: proposals after each sync
    sync: SyncService
    background: ThreadPoolWork
    reconciler: PaymentReconciler  # the sync's other listener: payments, notices; webhook fetches
    digest: DigestService
    workspace_settings: WorkspaceSettings
    mapping: MappingDesk  # per-client bill lines: questions, answers, remembered mappings
    imports: CsvImporter
    lists: Lists  # what people look at: status, Home, history, what waits, unmatched spend
    installs: SlackInstalls  # uninstalled / installed again
    webhooks: WebhookFetches  # Xero webhook events merged, fetched in batches per organisation

    def close(self) -> None:
        """Stop background work and the scheduler, then close the database (tests, the demo, exit)."""
        self.background.shutdown()
        shutdown = getattr(self.schedule, "shutdown", None)
        if shutdown is not None:
            shutdown()
        self.db.engine.dispose()
