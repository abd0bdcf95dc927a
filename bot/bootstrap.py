"""The composition root: pick the real adapters and wire the services together."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import partial

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore
from sqlalchemy import Engine

from bot.app import notice_renderers
from bot.background import ThreadPoolWork
from bot.container import Services
from bot.db import create_db_engine, upgrade_database
from bot.outbox_worker import OutboxWorker, outbox_for
from bot.scheduler import NoSchedule, SyncScheduler
from bot.settings import Settings
from bot.slack_clients import web_client
from bot.slack_files import SlackFileDownloader
from bot.slack_install import installation_store
from bot.slack_notifier import SlackWebNotifier
from bot.xero_gateway import XeroAccountingGateway
from bot.xero_limits import Limiter, SharedTenantLimiter, TenantLimiter
from services.billing.guard import BillableGuard
from services.billing.refunds import SupplierRefunds
from services.billing.runs import BillingDefaults, BillingRuns
from services.billing.suggestions import RuleSuggester
from services.billing.terms import BillingTerms
from services.billing.undo import InvoiceUndo
from services.connect.service import ConnectConfig, Permissions, XeroConnector
from services.connect.slack_installs import SlackInstalls, slack_uninstalled
from services.connect.tokens import ReconnectNotice, TokenCipher, XeroTokens, encryption_keys
from services.digest import DigestService
from services.errors import SlackUnavailable
from services.lists import Lists
from services.mapping.service import MappingDesk
from services.models import XeroConnection, XeroGrant
from services.notices import XeroNeedsReconnect
from services.outbox import admins_to_tell
from services.payments.reconcile import PaymentReconciler
from services.payments.webhooks import WebhookFetches, prune
from services.ports import Clock, SlackNotifier, SystemClock
from services.recharging.approvals import Approvals
from services.recharging.catalog import SoftwareCatalog
from services.recharging.csv_import import CsvImporter
from services.recharging.invoicing import Invoicer
from services.recharging.proposals import ProposalPublisher
from services.recharging.proposing import RechargeProposer
from services.recharging.rules import RuleBook
from services.status import SyncSchedule
from services.storage import Database
from services.sync.service import SyncService
from services.workspace_settings import WorkspaceSettings

# How often each replica looks for invoices a dead replica left half-way.
TAKE_OVER_EVERY_SECONDS = 5
PRUNE_EVERY_SECONDS = 3600  # webhook receipts and Slack event ids past any replay


def build_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    schedule: SyncSchedule | None = None,
    scheduled: bool = False,
    limiter: Limiter | None = None,
) -> Services:
    """Open the database (upgrading its schema) and build every service for this process.

    `scheduled` adds the nightly sync scheduler (serve and socket modes; `start_scheduler` starts
    it). `limiter` replaces Xero's 60 calls a minute per organisation (the benchmark only).
    """
    settings.require("token_encryption_key", "xero_client_id", "xero_client_secret")
    assert settings.token_encryption_key and settings.xero_client_id and settings.xero_client_secret
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine)
    db = Database(engine)
    clock = clock or SystemClock()

    store = installation_store(settings, engine) if settings.installs_into_many_workspaces else None
    client_for = _clients(settings, store, db)
    renderers = notice_renderers()
    notifier = SlackWebNotifier(client_for, renderers)
    permissions = Permissions(notifier=notifier, admins=settings.admins, approvers=settings.approvers, db=db)
    gateway = XeroAccountingGateway(
        client_id=settings.xero_client_id,
        client_secret=settings.xero_client_secret,
        api_base=settings.xero_api_base,
        identity_base=settings.xero_identity_base,
        limiter=limiter or _limiter(engine, settings.xero_timeout_seconds),
        timeout=settings.xero_timeout_seconds,
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
        permissions=permissions,
        config=ConnectConfig(
            client_id=settings.xero_client_id,
            redirect_uri=settings.xero_redirect_uri,
            scopes=settings.xero_scopes,
            login_base=settings.xero_login_base,
            state_key=_state_key(settings.token_encryption_key),
        ),
    )
    catalog = SoftwareCatalog.load()
    billing_terms = BillingTerms(
        mode=settings.billing_mode,
        day=settings.billing_day,
        admin_fee=settings.admin_fee,
        send_invoices=settings.send_invoices,
    )
    invoicer = Invoicer(
        db=db,
        tokens=tokens,
        xero=gateway,
        clock=clock,
        default_status=settings.invoice_status,
        min_invoice_amount=settings.min_invoice_amount,
        sales=gateway,
        billing=billing_terms,
        notifier=notifier,
    )
    publisher = ProposalPublisher(
        db=db,
        min_invoice_amount=settings.min_invoice_amount,
        billing=billing_terms,
        clock=clock,
    )
    approvals = Approvals(
        db=db, notifier=notifier, clock=clock, permissions=permissions, invoicer=invoicer, publisher=publisher
    )
    background = ThreadPoolWork()
    connector.on_connected = lambda connection_id: background.submit(
        partial(approvals.resume_waiting, connection_id=connection_id)
    )
    # The sync's listener: register it with the sync service (listeners=[recharges]).
    recharges = RechargeProposer(
        db=db,
        catalog=catalog,
        approvals=approvals,
        publisher=publisher,
        notifier=notifier,
        default_channel=settings.approvals_channel,
    )
    reconciler = PaymentReconciler(
        db=db,
        xero=gateway,
        tokens=tokens,
        notifier=notifier,
        clock=clock,
        permissions=permissions,
        default_channel=settings.approvals_channel,
    )
    digest = DigestService(
        db=db,
        notifier=notifier,
        clock=clock,
        catalog=catalog,
        default_channel=settings.digest_channel,
        approvals_default=settings.approvals_channel,
        skip_empty=settings.digest_skip_empty,
        billing=billing_terms,
    )
    workspace_settings = WorkspaceSettings(db=db, permissions=permissions, billing=billing_terms)
    billing = BillingRuns(
        db=db,
        invoicer=invoicer,
        permissions=permissions,
        notifier=notifier,
        clock=clock,
        defaults=BillingDefaults(approvals_channel=settings.approvals_channel),
    )
    guard = BillableGuard(db=db, tokens=tokens, xero=gateway, repropose=recharges.repropose)
    suggester = RuleSuggester(
        db=db,
        tokens=tokens,
        xero=gateway,
        catalog=catalog,
        notifier=notifier,
        clock=clock,
        default_channel=settings.approvals_channel,
    )
    undo = InvoiceUndo(
        db=db, tokens=tokens, sales=gateway, payments=gateway, permissions=permissions, clock=clock
    )
    refunds = SupplierRefunds(
        db=db,
        undo=undo,
        publisher=publisher,
        clock=clock,
        permissions=permissions,
        default_channel=settings.approvals_channel,
        accruing_changed=billing.refresh_open,
    )
    sync = SyncService(
        db=db,
        xero=gateway,
        tokens=tokens,
        notifier=notifier,
        clock=clock,
        listeners=[guard, recharges, refunds, reconciler, billing, suggester],
    )
    rules = RuleBook(db=db, tokens=tokens, xero=gateway, catalog=catalog, permissions=permissions)
    # In the background: a rule covering 2,000 clients proposes thousands of charges, and the modal
    # that saved it must be acknowledged within Slack's 3 seconds.
    rules.on_saved = lambda connection_id, rule_id: background.submit(
        lambda: recharges.backfill(connection_id=connection_id, today=clock.now().date(), rule_id=rule_id)
    )
    webhooks = WebhookFetches(
        db=db, clock=clock, refresh=reconciler.refresh_invoices, submit=background.submit
    )
    installs = SlackInstalls(db=db, clock=clock, forget=_forget_installation(store))
    if store is not None:
        store.on_saved = lambda team_id: installs.installed(team_id=team_id)
    if scheduled:
        schedule = SyncScheduler(
            db=db,
            sync=sync,
            cron=settings.sync_cron,
            digest=digest,
            digest_cron=settings.digest_cron,
            billing=billing,
        )
        connector.on_change = schedule.connection_changed
        workspace_settings.on_change = schedule.connection_changed
        installs.on_change = schedule.connection_changed
        schedule.every(TAKE_OVER_EVERY_SECONDS, approvals.take_over_abandoned, "take over invoices")
        schedule.every(PRUNE_EVERY_SECONDS, lambda: prune(db=db, now=clock.now()), "prune receipts")
    schedule = schedule or NoSchedule()
    outbox_worker = OutboxWorker(
        outbox=outbox_for(db, lease=settings.outbox_lease_seconds, retry=settings.outbox_retry_seconds),
        client_for=client_for,
        render=renderers.render,
        admins=lambda team_id: admins_to_tell(db=db, team_id=team_id, configured=settings.admins),
        interval=settings.slack_post_interval_seconds,
    )
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        notifier=notifier,
        schedule=schedule,
        permissions=permissions,
        tokens=tokens,
        connector=connector,
        installation_store=store,
        catalog=catalog,
        rules=rules,
        approvals=approvals,
        recharges=recharges,
        sync=sync,
        background=background,
        reconciler=reconciler,
        digest=digest,
        workspace_settings=workspace_settings,
        mapping=MappingDesk(db=db, catalog=catalog, permissions=permissions, repropose=recharges.repropose),
        imports=CsvImporter(
            db=db, permissions=permissions, post_new=recharges.post_new, files=SlackFileDownloader(client_for)
        ),
        lists=Lists(db=db, catalog=catalog, schedule=schedule, clock=clock),
        installs=installs,
        webhooks=webhooks,
        billing=billing,
        suggester=suggester,
        undo=undo,
        refunds=refunds,
        outbox=outbox_worker,
    )


def start_background(services: Services) -> None:
    """Start delivering the outbox (every process that serves Slack), and the nightly jobs when this
    process was built with a scheduler."""
    services.outbox.start()
    start_scheduler(services)


def start_scheduler(services: Services) -> None:
    """Start the nightly jobs when this process was built with a scheduler."""
    if isinstance(services.schedule, SyncScheduler):
        services.schedule.start()


def _clients(settings: Settings, store: InstallationStore | None, db: Database) -> Callable[[str], WebClient]:
    """A Web API client per workspace: the installed bot's token, or the single bot token; never a
    token Slack revoked (the workspace uninstalled Rechargly)."""

    def client_for(team_id: str) -> WebClient:
        with db.session() as session:
            if slack_uninstalled(session, team_id):
                raise SlackUnavailable(f"Rechargly was uninstalled from Slack workspace {team_id}")
        token = settings.slack_bot_token
        if store is not None:
            bot = store.find_bot(enterprise_id=None, team_id=team_id)
            if bot is None:
                raise SlackUnavailable(f"Rechargly is not installed in Slack workspace {team_id}")
            token = bot.bot_token
        return web_client(token=token, base_url=settings.slack_api_url)

    return client_for


def _limiter(engine: Engine, timeout: float) -> Limiter:
    """Xero's limits per organisation: shared by every replica on PostgreSQL, in-process on SQLite."""
    if engine.dialect.name == "postgresql":
        return SharedTenantLimiter(engine=engine, hold=timeout + 10)
    return TenantLimiter()


def _forget_installation(store: InstallationStore | None) -> Callable[[str], None]:
    """Delete a workspace's stored installation and bot token (multi-workspace mode)."""

    def forget(team_id: str) -> None:
        if store is not None:
            store.delete_all(enterprise_id=None, team_id=team_id)

    return forget


def _state_key(encryption_key: str) -> bytes:
    """The HMAC key for Xero's consent state, derived from the newest encryption key."""
    newest = encryption_keys(encryption_key)[0]
    return hmac.new(newest.encode(), b"xero-oauth-state", hashlib.sha256).digest()


def _tell_channel(notifier: SlackNotifier) -> ReconnectNotice:
    """Post the one "needs reconnect" notice where the organisation was connected from."""

    def notify(grant: XeroGrant, connections: list[XeroConnection]) -> None:
        names = tuple(c.name for c in connections)
        channels: set[str | None] = {c.notice_channel for c in connections if c.notice_channel}
        for channel in channels or {None}:
            notice = XeroNeedsReconnect(organisations=names)
            if channel:
                notifier.post(team_id=grant.team_id, channel=channel, notice=notice)
            else:
                notifier.dm(team_id=grant.team_id, user=grant.authorised_by, notice=notice)

    return notify
