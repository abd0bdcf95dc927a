"""The server process killed (SIGKILL) between each step of approve → create invoice → attach receipt
→ save → edit the Slack message, and during a sync. After a restart and a new sync, the database and
the Xero sandbox agree, no invoice is duplicated and no approval is lost.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fault_table import tried
from harness import (
    ADMIN,
    CHANNEL,
    SIGNING_SECRET,
    TEAM,
    connect_services,
    make_settings,
    posted_proposal,
    propose_adobe_charge,
)
from sqlalchemy import update
from sqlmodel import col, select

from bot.bootstrap import build_services
from bot.container import Services
from sandbox.process import ServeProcess, serve_environment
from sandbox.slack import PostedMessage, SlackDriver, SlackFake
from sandbox.xero import XeroSandbox
from services.models import (
    ClientInvoice,
    Contact,
    InvoiceState,
    Recharge,
    RechargeStatus,
    SpendTransaction,
    SyncRun,
    XeroConnection,
)

RECEIPT = ("Adobe-receipt.pdf", XeroSandbox.receipt_pdf(["Adobe Systems", "Acrobat Pro", "NZD 115.00"]))
HANG = 60.0  # long enough that the process is certainly killed while waiting


@dataclass
class World:
    xero: XeroSandbox
    slack: SlackFake
    services: Services  # the test's own view of the same database the server uses
    server: ServeProcess

    @property
    def driver(self) -> SlackDriver:
        return SlackDriver(f"{self.server.url}/slack/events", SIGNING_SECRET, self.slack, TEAM)

    @property
    def connection_id(self) -> int:
        with self.services.db.session() as session:
            return session.exec(select(XeroConnection.id)).one() or 0


@pytest.fixture
def world(database_url: str, xero: XeroSandbox, slack: SlackFake, tmp_path: Path) -> Iterator[World]:
    settings = make_settings(database_url, xero, slack)
    services = build_services(settings)
    env = serve_environment(
        xero, slack, signing_secret=SIGNING_SECRET, encryption_key=settings.token_encryption_key,
        DATABASE_URL=database_url, APPROVALS_CHANNEL=CHANNEL, DIGEST_CHANNEL=CHANNEL,
        OUTBOX_LEASE_SECONDS="2", SLACK_POST_INTERVAL_SECONDS="0.02",
    )  # fmt: skip
    server = ServeProcess(env, tmp_path)
    server.start()
    connect_services(services)
    yield World(xero=xero, slack=slack, services=services, server=server)
    server.stop()
    services.close()


def propose(world: World) -> PostedMessage:
    """The Adobe charge with its receipt, proposed by the test's own services on the shared database."""
    message_id = propose_adobe_charge(world.services, world.xero, receipt=RECEIPT)
    return posted_proposal(world.services, world.slack, message_id)


def accrec(xero: XeroSandbox) -> list[dict[str, Any]]:
    data = xero.store[xero.tenants[0].tenant_id]
    return [i for i in data.invoices.values() if i["Type"] == "ACCREC" and i["Status"] != "DELETED"]


def after_restart(world: World) -> None:
    """Restart the server, let the stuck invoice's age pass, and run a sync from Slack."""
    world.server.start()
    with world.services.db.session() as session:  # "five minutes later": the crash is now stuck work
        session.execute(
            update(ClientInvoice).values(created_at=world.services.clock.now() - timedelta(hours=1))
        )
    reply = world.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    assert reply.status == 200
    assert world.slack.wait_for(lambda: _manual_sync_done(world), timeout=60)


def _manual_sync_done(world: World) -> bool:
    with world.services.db.session() as session:
        run = session.exec(select(SyncRun).order_by(col(SyncRun.id).desc())).first()
    return run is not None and run.finished_at is not None and run.trigger == "manual"


def assert_one_invoice_everywhere(world: World, message: PostedMessage) -> None:
    created = accrec(world.xero)
    assert len(created) == 1, f"{len(created)} invoices in Xero"
    with world.services.db.session() as session:
        invoices = session.exec(select(ClientInvoice)).all()
        recharges = session.exec(select(Recharge).where(Recharge.status == RechargeStatus.INVOICED)).all()
    assert len(invoices) == 1 and invoices[0].state == InvoiceState.DONE, invoices
    assert invoices[0].xero_invoice_id == created[0]["InvoiceID"]
    assert len(recharges) >= 1 and all(r.invoice_id == invoices[0].id for r in recharges)
    attached = world.xero.store[world.xero.tenants[0].tenant_id].list_attachments(
        "invoices", created[0]["InvoiceID"]
    )
    assert len(attached) == 1 and attached[0].data == RECEIPT[1] and attached[0].include_online
    notes = world.xero.store[world.xero.tenants[0].tenant_id].history[created[0]["InvoiceID"]]
    assert len(notes) == 1, notes  # the History note, once
    edited = world.slack.message(message.channel, message.ts)
    assert edited is not None and "Approved" in (edited.text or "") + str(edited.blocks)


Arm = Callable[[World], threading.Event]


def hang_xero(kind: str, method: str, path: str) -> Arm:
    def arm(world: World) -> threading.Event:
        return world.xero.faults.add(kind, method=method, path=path, delay=HANG).fired

    return arm


def hang_slack_edit(world: World) -> threading.Event:
    return world.slack.hang_next("chat.update", HANG)


STEPS = [
    ("after approve, before the invoice reaches Xero", hang_xero("slow", "PUT", "/Invoices")),
    ("after Xero created the invoice, before we saved it", hang_xero("hang_after", "PUT", "/Invoices")),
    ("while fetching the receipt", hang_xero("slow", "GET", "/Attachments/")),
    ("after Xero attached the receipt, before we saved it", hang_xero("hang_after", "PUT", "/Attachments/")),
    ("after Xero kept the History note, before we saved it", hang_xero("hang_after", "PUT", "/History")),
    ("while asking for the online invoice link", hang_xero("slow", "GET", "/OnlineInvoice")),
    ("after saving, before the Slack message is edited", hang_slack_edit),
]


@pytest.mark.parametrize(("where", "arm"), STEPS, ids=[s[0] for s in STEPS])
def test_kill_during_approval_then_restart(world: World, where: str, arm: Arm) -> None:
    message = propose(world)
    fired = arm(world)
    response = world.driver.click_button(message, "approve_all", user_id=ADMIN)
    assert response.status == 200
    assert fired.wait(30), f"the approval never reached: {where}"
    world.server.kill()
    world.xero.faults.clear()
    after_restart(world)
    world.slack.wait_for(lambda: _approved(world, message), timeout=30)
    assert_one_invoice_everywhere(world, message)
    tried("SIGKILL", where, "restart + sync: one invoice, receipt once, message edited")


def _approved(world: World, message: PostedMessage) -> bool:
    edited = world.slack.message(message.channel, message.ts)
    return edited is not None and "Approved" in (edited.text or "") + str(edited.blocks)


def test_kill_during_sync_then_resume(world: World) -> None:
    world.services.sync.run(world.connection_id, trigger="cli")  # a first full sync
    tenant = world.xero.tenants[0].tenant_id
    for day in range(1, 4):
        line = {"Description": "Zoom Pro", "Quantity": "1", "UnitAmount": "20.00", "AccountCode": "463",
                "TaxType": "INPUT2"}  # fmt: skip
        world.xero.add_bank_transaction(tenant, contact_id=_supplier(world), date=dt.date(2026, 11, day),
                                        lines=[line])  # fmt: skip
    fired = world.xero.faults.add("slow", method="GET", path="/BankTransactions", delay=HANG).fired
    world.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    assert fired.wait(30)
    assert world.slack.wait_for(lambda: _progress_messages(world), timeout=10)
    [killed] = _progress_messages(world)
    world.server.kill()
    world.xero.faults.clear()
    after_restart(world)
    # The killed sync's message doesn't say "Syncing…" for good: the sync that took over ends it.
    assert world.services.outbox.wait_idle(30)
    ended = world.slack.message(killed.channel, killed.ts)
    assert ended is not None and "Interrupted" in str(ended.blocks) and "Syncing" not in (ended.text or "")
    data = world.xero.store[tenant]
    with world.services.db.session() as session:
        stored = session.exec(
            select(SpendTransaction).where(SpendTransaction.source == "bank_transaction")
        ).all()
    assert len(stored) == sum(1 for t in data.bank_transactions.values() if t["Type"] == "SPEND")
    assert len({t.xero_id for t in stored}) == len(stored)
    tried(
        "SIGKILL",
        "during a sync (bank transactions page)",
        "restart + sync: complete, no duplicates; the killed sync's message says interrupted",
    )


def _progress_messages(world: World) -> list[PostedMessage]:
    return [m for m in world.slack.messages(CHANNEL) if "from Xero" in (m.text or "")]


def _supplier(world: World) -> str:
    with world.services.db.session() as session:
        return session.exec(select(Contact.xero_id).where(Contact.is_supplier)).first() or ""


POSTS = [
    ("before Slack got the card", True),
    ("after Slack posted the card, before we recorded it", False),
]


@pytest.mark.parametrize(("where", "lost_on_the_way"), POSTS, ids=[p[0] for p in POSTS])
def test_kill_between_proposing_and_posting_then_restart(
    world: World, where: str, lost_on_the_way: bool
) -> None:
    propose(world)  # the rule, its back-fill and a first card: all posted
    assert world.services.outbox.wait_idle(30)
    fired = world.slack.hang_next("chat.postMessage", HANG, before=lost_on_the_way)
    message_id = propose_adobe_charge(world.services, world.xero, amount="230.00", on=dt.date(2026, 11, 19))
    assert fired.wait(30), "the card was never sent"
    world.server.kill()
    world.server.start()
    card = posted_proposal(world.services, world.slack, message_id)
    assert world.services.outbox.wait_idle(30)
    keys = [((m.metadata or {}).get("event_payload") or {}).get("key") for m in world.slack.messages(CHANNEL)]
    assert keys.count(f"proposal:{message_id}") == 1, "the card was posted twice (or never)"
    assert any(e["action_id"] == "approve_all" for _b, e in card.buttons())
    tried("SIGKILL", f"proposal saved, {where}", "restart: the card posted exactly once, with its buttons")


def _card_edits(world: World, message: PostedMessage, since: float) -> list[Any]:
    """The edits of this card Slack applied since `since`."""
    return [
        call
        for call in world.slack.calls_of("chat.update")
        if call.args.get("ts") == message.ts and call.ok and call.at >= since
    ]


def test_kill_between_approving_and_editing_the_card_then_restart(world: World) -> None:
    message = propose(world)
    # Xero takes a moment, so the card first says the invoice is being created…
    world.xero.faults.add("slow", method="PUT", path="/Invoices", delay=2.0, times=1)
    assert world.driver.click_button(message, "approve_all", user_id=ADMIN).status == 200
    assert world.slack.wait_for(lambda: "creating the invoice" in _shown(world, message), timeout=30)
    # …then the invoice is raised and saved, and the edit saying so never reaches Slack.
    lost = world.slack.hang_next("chat.update", HANG, before=True)
    assert lost.wait(30), "the card was never edited after the invoice"
    assert world.slack.wait_for(lambda: _invoice_done(world), timeout=30)
    world.server.kill()
    killed_at = time.time()
    world.server.start()
    assert world.slack.wait_for(lambda: _invoiced(world, message), timeout=30), _shown(world, message)
    assert world.services.outbox.wait_idle(30)
    time.sleep(1.0)  # anything that would edit it again has had its chance
    edits = _card_edits(world, message, killed_at)
    calls = world.slack.calls_of("chat.update")
    seen = [(c.ok, round(c.at - killed_at, 1), str(c.args.get("text"))[:40]) for c in calls]
    assert len(edits) == 1, f"the card was edited {len(edits)} times after the restart: {seen}"
    assert len(accrec(world.xero)) == 1
    tried("SIGKILL", "invoice saved, before the card's edit reached Slack", "restart: card edited once")


def _shown(world: World, message: PostedMessage) -> str:
    current = world.slack.message(message.channel, message.ts)
    return str(current.blocks) if current is not None else ""


def _invoiced(world: World, message: PostedMessage) -> bool:
    shown = _shown(world, message)
    return "Approved by" in shown and "creating the invoice" not in shown


def _invoice_done(world: World) -> bool:
    with world.services.db.session() as session:
        invoice = session.exec(select(ClientInvoice)).first()
    return invoice is not None and invoice.state == InvoiceState.DONE


def test_kill_after_a_sync_before_its_summary_reached_slack_then_restart(world: World) -> None:
    world.slack.fail_next("chat.update", "internal_error", status=500, times=10_000)  # Slack is down
    reply = world.driver.command("/rechargly", "sync", user_id=ADMIN, channel_id=CHANNEL)
    assert reply.status == 200
    assert world.slack.wait_for(lambda: _manual_sync_done(world), timeout=60)

    def summary_refused() -> bool:  # tried, until the client's own retries gave up
        calls = world.slack.calls_of("chat.update")
        return sum(not c.ok and "Synced" in str(c.args.get("text")) for c in calls) >= 3

    assert world.slack.wait_for(summary_refused, timeout=30)
    world.server.kill()
    world.slack.clear_failures()  # Slack is back
    world.server.start()

    def progress() -> str:
        found = [m.text or "" for m in world.slack.messages(CHANNEL) if "from Xero" in (m.text or "")]
        return found[0] if found else ""

    assert world.slack.wait_for(lambda: "Synced" in progress(), timeout=30), progress()
    summaries = [m for m in world.slack.messages(CHANNEL) if "Synced" in (m.text or "")]
    assert len(summaries) == 1, "the summary was posted again instead of editing the progress message"
    tried("SIGKILL", "sync finished, before its summary reached Slack", "restart: summary delivered once")


def _replies(world: World, card: PostedMessage) -> list[PostedMessage]:
    return [m for m in world.slack.messages(CHANNEL) if m.thread_ts == card.ts]


def test_kill_after_slack_posted_the_failed_invoice_reply_before_we_recorded_it(world: World) -> None:
    card = propose(world)
    assert world.services.outbox.wait_idle(30)
    world.xero.faults.add("500", path="/Invoices", method="PUT", times=50)  # the invoice fails
    posted = world.slack.hang_next("chat.postMessage", HANG)  # Slack posts the reply, we never hear
    assert world.driver.click_button(card, "approve_all", user_id=ADMIN).status == 200
    assert posted.wait(60), "the failed invoice was never told in the card's thread"
    world.server.kill()
    world.server.start()
    assert world.slack.wait_for(lambda: _replies(world, card), timeout=30)
    assert world.services.outbox.wait_idle(30)
    time.sleep(1.0)  # a second reply has had its chance
    assert len(_replies(world, card)) == 1, "the failed invoice was told twice"
    tried("SIGKILL", "invoice failed, Slack posted the thread reply", "restart: reply posted exactly once")
