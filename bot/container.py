"""The bundle of services the composition root builds and hands to every listener."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.oauth.installation_store import InstallationStore

from bot.background import ThreadPoolWork
from bot.outbox_worker import OutboxWorker
from bot.settings import Settings
from services.billing.refunds import SupplierRefunds
from services.billing.runs import BillingRuns
from services.billing.suggestions import RuleSuggester
from services.billing.undo import InvoiceUndo
from services.connect.service import Permissions, XeroConnector
from services.connect.slack_installs import SlackInstalls
from services.connect.tokens import XeroTokens
from services.digest import DigestService
from services.lists import Lists
from services.mapping.service import MappingDesk
from services.payments.reconcile import PaymentReconciler
from services.payments.webhooks import WebhookFetches
from services.ports import Clock, SlackNotifier
from services.recharging.approvals import Approvals
from services.recharging.catalog import SoftwareCatalog
from services.recharging.csv_import import CsvImporter
from services.recharging.proposing import RechargeProposer
from services.recharging.rules import RuleBook
from services.status import SyncSchedule
from services.storage import Database
from services.sync.service import SyncService
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
    billing: BillingRuns  # monthly billing runs: build, approve once, finish
    undo: InvoiceUndo  # void an unpaid invoice, or credit a paid one
    refunds: SupplierRefunds  # the sync's listener for vendors' refunds: withdraw, reduce or credit
    suggester: RuleSuggester  # rules suggested from last year's sales invoices, after the first sync
    outbox: OutboxWorker  # delivers queued Slack messages; started by start_background/start_local

    def close(self) -> None:
        """Stop background work and the scheduler, then close the database (tests, the demo, exit)."""
        self.outbox.stop()
        self.background.shutdown()
        shutdown = getattr(self.schedule, "shutdown", None)
        if shutdown is not None:
            shutdown()
        self.db.engine.dispose()
