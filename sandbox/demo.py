"""`rechargly demo`: the product's real code against the Xero sandbox and a Slack fake, as a story."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bot.container import Services
from bot.server import start_local
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.slack.transcript import plain, render
from sandbox.xero import XeroSandbox

Say = Callable[[str], None]
TEAM = "T0DEMO"
PARTNER, PARTNER_NAME = "U0ANA", "ana"
CHANNEL, CHANNEL_NAME = "C0BILLING", "billing"
SIGNING_SECRET = "demo-signing-secret-not-for-production"
BOT_TOKEN = "xoxb-demo-bot-token"


@dataclass
class Conversation:
    """Prints what people type and what Rechargly says, in order, as plain text."""

    slack: SlackFake
    say: Say
    settle: Callable[[], object] = lambda: None  # wait until what Rechargly queued has reached Slack
    _seen: dict[tuple[str, str], int] = field(default_factory=dict)
    _responses_seen: int = 0

    def name(self, user_id: str) -> str:
        user = self.slack.user(user_id) or {}
        return str(user.get("name", user_id))

    def types(self, user_id: str, text: str) -> None:
        self.say(f"\n@{self.name(user_id)} › {text}")

    def narrate(self, text: str) -> None:
        self.say(f"\n  ({text})")

    def reply(self, body: dict[str, Any]) -> None:
        """The synchronous answer to a slash command: only the person who typed it sees it."""
        self.say("Rechargly (only visible to you):")
        self.say(render(body.get("text"), body.get("blocks"), self.name))

    def news(self) -> None:
        """Messages posted or edited, and response_url replies, since the last look."""
        self.settle()
        for message in self.slack.messages():
            if message.ephemeral:
                continue  # a response_url reply: shown below, as only the person who asked sees it
            key = (message.channel, message.ts)
            edits = len(message.edits)
            if key in self._seen and self._seen[key] == edits:
                continue
            verb = "edited its message" if key in self._seen else "posted"
            where = self._where(message.channel)
            self.say(f"Rechargly {verb} in {where}:")
            self.say(render(message.text, message.blocks, self.name))
            self._seen[key] = edits
        responses = self.slack.responses
        for body in responses[self._responses_seen :]:
            self.say("Rechargly (only visible to you):")
            self.say(render(body.get("text"), body.get("blocks"), self.name))
        self._responses_seen = len(responses)

    def _where(self, channel_id: str) -> str:
        channel = self.slack.channel(channel_id) or {}
        if channel.get("is_im") or channel_id.startswith("D"):
            return "your direct messages"
        return f"#{channel.get('name', channel_id)}"


@contextmanager
def demo_world(folder: Path) -> Iterator[tuple[XeroSandbox, SlackFake, Services, SlackDriver]]:
    """The sandbox, the Slack fake and Rechargly itself on loopback ports; all stopped afterwards."""
    # Seeded up to yesterday: the seed stamps a day's records late that day (UTC), and a stamp in the
    # future would hide changes made during the demo from the sync's If-Modified-Since.
    xero = XeroSandbox(seed=1, clients=12, months=3, today=date.today() - timedelta(days=1))
    slack = SlackFake(team_id=TEAM, team_name="Kauri & Co", bot_user_id="U0BOT", bot_token=BOT_TOKEN)
    xero.start()
    slack.start()
    slack.add_user(PARTNER, PARTNER_NAME, "Ana Partner", is_admin=True)
    slack.add_channel(CHANNEL, CHANNEL_NAME)
    settings = Settings().with_overrides(
        database_url=f"sqlite:///{folder / 'demo.db'}",
        slack_signing_secret=SIGNING_SECRET,
        slack_bot_token=BOT_TOKEN,
        slack_api_url=slack.api_url,
        xero_client_id=xero.client_id,
        xero_client_secret=xero.client_secret,
        xero_api_base=xero.base_url,
        xero_identity_base=xero.base_url,
        xero_login_base=xero.base_url,
        token_encryption_key=Fernet.generate_key().decode(),  # throwaway: the demo keeps nothing
        approvals_channel=CHANNEL,
        digest_channel=CHANNEL,
    )
    services, server = start_local(settings)
    try:
        yield xero, slack, services, SlackDriver(f"{server.url}/slack/events", SIGNING_SECRET, slack, TEAM)
    finally:
        server.stop()
        services.close()  # the outbox worker, background work and scheduler too, then the database
        slack.stop()
        xero.stop()


def run_demo(say: Say) -> int:
    say("Rechargly demo — the real app, a Xero sandbox and a Slack stand-in, all on this machine.")
    with (
        tempfile.TemporaryDirectory() as folder,
        demo_world(Path(folder)) as (xero, slack, services, driver),
    ):
        chat = Conversation(slack, say, settle=lambda: _settle(services))
        say(f"Sandbox firm: {xero.tenants[0].name}, with its clients and a few months of software bills.")
        _command(chat, driver, "help")
        _command(chat, driver, "status")
        _connect(chat, driver)
        _command(chat, driver, "status")
        _recharge(chat, driver, xero, services)
        _partner_bill(chat, driver, xero, services)
        _paid(chat, driver, xero, services)
        _billing_run(chat, driver, xero, services)
    say("\nDemo finished: everything it started has stopped.")
    return 0


def _settle(services: Services) -> None:
    """Let background work finish and the outbox deliver what it queued (paced at Slack's one message
    a second per channel), so the story is told in the order it happened."""
    services.background.drain(timeout=120)
    services.outbox.wait_idle(timeout=60)


def _command(chat: Conversation, driver: SlackDriver, text: str) -> dict[str, Any]:
    chat.types(PARTNER, f"/rechargly {text}")
    response = driver.command("/rechargly", text, user_id=PARTNER, channel_id=CHANNEL)
    if response.status != 200:
        raise RuntimeError(f"Rechargly answered {response.status} to /rechargly {text}")
    body: dict[str, Any] = response.json() or {}
    if body:
        chat.reply(body)
    chat.news()
    return body


def _connect(chat: Conversation, driver: SlackDriver) -> None:
    import urllib.request

    reply = _command(chat, driver, "connect")
    url = next(e["url"] for b in reply["blocks"] for e in b.get("elements", []) if e.get("url"))
    chat.narrate("@ana presses Connect Xero; her browser opens Xero, she consents, Xero sends her back")
    with urllib.request.urlopen(url, timeout=30) as page:  # noqa: S310 - the loopback sandbox
        html = page.read().decode()
    chat.say("Browser: " + plain(html.split("<p>")[1].split("</p>")[0]))
    chat.news()


def _recharge(chat: Conversation, driver: SlackDriver, xero: XeroSandbox, services: Services) -> None:
    """Sync, a rule, a new charge with its receipt, the proposal, Approve, and the invoice read back."""
    from sqlmodel import select

    from services.models import Contact, SyncRun

    def finished_runs() -> int:
        with services.db.session() as session:
            return len(session.exec(select(SyncRun).where(SyncRun.status != "running")).all())

    def sync() -> None:
        before = finished_runs()
        _command(chat, driver, "sync")
        driver.fake.wait_for(lambda: finished_runs() > before, timeout=60)
        driver.fake.wait_for(lambda: False, timeout=0.5)  # let the proposals' messages land
        chat.news()

    tenant = xero.tenants[0].tenant_id
    data = xero.store[tenant]
    client = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))[0]
    sync()
    _command(chat, driver, "unmatched")
    with services.db.session() as session:
        adobe = session.exec(select(Contact).where(Contact.name == "Adobe")).one()
    chat.types(PARTNER, "/rechargly rules add")
    driver.command("/rechargly", "rules add", user_id=PARTNER, channel_id=CHANNEL)
    chat.narrate(f"@ana fills the form: Adobe → {client[0]}, whole charge, 10% markup, account 200, OUTPUT2")
    option = {"text": {"type": "plain_text", "text": ""}}
    driver.submit_view(
        slack_view(driver),
        {
            "name": {"name": f"Adobe for {client[0]}"},
            "supplier": {"rule_supplier": {"selected_option": {**option, "value": adobe.xero_id}}},
            "allocation": {"allocation": "whole"},
            "basis": {"basis": "net"},
            "clients": {"rule_clients": {"selected_options": [{**option, "value": client[1]}]}},
            "markup_percent": {"markup_percent": "10"},
            "revenue_account_code": {"revenue_account_code": "200"},
            "tax_type": {"tax_type": "OUTPUT2"},
        },
        user_id=PARTNER,
    )
    chat.news()
    adobe_id = next(c["ContactID"] for c in data.contacts.values() if c["Name"] == "Adobe")
    receipt = ("Adobe-receipt.pdf", XeroSandbox.receipt_pdf(["Adobe - Tax receipt", "NZD 115.00"]))
    chat.narrate("Adobe charges the firm's card NZD 115.00 (GST incl.); the receipt is attached in Xero")
    xero.add_bank_transaction(
        tenant,
        contact_id=adobe_id,
        date=xero.today,
        lines=[
            {
                "Description": "Adobe Acrobat Pro",
                "Quantity": "1",
                "UnitAmount": "115.00",
                "AccountCode": "463",
                "TaxType": "INPUT2",
            }
        ],
        attachment=receipt,
    )
    sync()
    # The newest proposal: the new charge (saving the rule already proposed the earlier ones).
    proposal = [m for m in driver.fake.messages(CHANNEL) if m.buttons() and "Recharge" in (m.text or "")][-1]
    chat.narrate("@ana presses Approve all")
    driver.click_button(proposal, "approve_all", user_id=PARTNER)
    card = lambda: str((driver.fake.message(CHANNEL, proposal.ts) or proposal).blocks)  # noqa: E731
    driver.fake.wait_for(lambda: _invoiced(card()), timeout=30)
    chat.news()
    invoice = next(i for i in data.invoices.values() if i["Type"] == "ACCREC")
    files = [a.file_name for a in data.list_attachments("invoices", invoice["InvoiceID"])]
    chat.say(
        f"Read back from the Xero sandbox: {invoice['InvoiceNumber']} to {invoice['Contact']['Name']}, "
        f"total NZD {invoice['Total']:.2f} ({invoice['Status']}), attachment: {', '.join(files) or 'none'}"
    )


def _invoiced(card: str) -> bool:
    """The card says Approved, past "creating the invoice in Xero…" (said before Xero is called)."""
    return "Approved by" in card and "creating the invoice" not in card


def _sync_and_wait(chat: Conversation, driver: SlackDriver, services: Services) -> None:
    from sqlmodel import select

    from services.models import SyncRun

    def finished() -> int:
        with services.db.session() as session:
            return len(session.exec(select(SyncRun).where(SyncRun.status != "running")).all())

    before = finished()
    _command(chat, driver, "sync")
    driver.fake.wait_for(lambda: finished() > before, timeout=60)
    driver.fake.wait_for(lambda: False, timeout=0.5)  # let the proposals' messages land
    chat.news()


def _uncertain_spelling(names: list[str]) -> tuple[str, str]:
    """A client's name as a bill might garble it so that Rechargly asks: (line text, client name)."""
    from services.mapping.names import ClientMatcher, MatchLevel

    matcher = ClientMatcher((name, name) for name in names)
    for name in names:
        words = name.split()
        for index, word in enumerate(words):
            if len(word) < 5:
                continue
            garbled = " ".join([*words[:index], word[:-2] + word[-1], *words[index + 1 :]])
            if matcher.match(garbled).level is MatchLevel.MEDIUM:
                return f"{garbled} - Standard", name
    return f"{names[0].split()[0]} Holdings - Standard", names[0]


def _partner_bill(chat: Conversation, driver: SlackDriver, xero: XeroSandbox, services: Services) -> None:
    """Xero's partner bill: a line per client, mapped by name; one line asked about and answered."""
    import json

    tenant = xero.tenants[0].tenant_id
    data = xero.store[tenant]
    vendor = next(c["ContactID"] for c in data.contacts.values() if c["Name"] == "Xero")
    clients = sorted(c["Name"] for c in data.contacts.values() if c.get("IsCustomer"))
    chat.types(PARTNER, "/rechargly rules add")
    driver.command("/rechargly", "rules add", user_id=PARTNER, channel_id=CHANNEL)
    chat.narrate("@ana fills the form: supplier Xero, no clients (each line of Xero's bill names one)")
    option = {"text": {"type": "plain_text", "text": "Xero"}, "value": vendor}
    driver.submit_view(
        slack_view(driver),
        {
            "supplier": {"rule_supplier": {"selected_option": option}},
            "allocation": {"allocation": "whole"},
            "basis": {"basis": "net"},
            "revenue_account_code": {"revenue_account_code": "200"},
            "tax_type": {"tax_type": "OUTPUT2"},
        },
        user_id=PARTNER,
    )
    driver.fake.wait_for(lambda: False, timeout=0.5)
    chat.news()
    text, client = _uncertain_spelling(clients)
    chat.narrate(f"Xero's next partner bill arrives with a line for “{text}”")
    line = {"Quantity": "1", "UnitAmount": "65.00", "AccountCode": "485", "TaxType": "INPUT2"}
    xero.add_bill(
        tenant,
        contact_id=vendor,
        date=xero.today,
        number="XERO-DEMO-1",
        lines=[{**line, "Description": f"{clients[0].upper()} - Standard"}, {**line, "Description": text}],
    )
    _sync_and_wait(chat, driver, services)
    reply = _command(chat, driver, "mapping")
    sections = reply["blocks"]
    mentioned = next(i for i, b in enumerate(sections) if text.split(" - ")[0] in json.dumps(b))
    question = next(b for b in sections[mentioned:] if b.get("type") == "actions")
    picker = question["elements"][0]
    chosen = picker.get("initial_option") or {"value": client}
    chat.narrate(f"@ana picks {chosen['text']['text'] if 'text' in chosen else client} in the select")
    before = len(driver.fake.responses)
    driver.click(
        picker["action_id"],
        block_id=question["block_id"],
        selected_option=chosen,
        user_id=PARTNER,
        channel_id=CHANNEL,
    )
    driver.fake.wait_for(lambda: len(driver.fake.responses) > before, timeout=30)
    chat.news()


def slack_view(driver: SlackDriver) -> Any:
    """The modal Rechargly opened most recently."""
    return driver.fake.views[-1]


def _paid(chat: Conversation, driver: SlackDriver, xero: XeroSandbox, services: Services) -> None:
    """The client pays; the next sync finds it and says so once; then the morning digest."""
    from sqlmodel import select

    from services.models import SyncRun, XeroConnection

    tenant = xero.tenants[0].tenant_id
    invoice = next(i for i in xero.store[tenant].invoices.values() if i["Type"] == "ACCREC")
    chat.narrate(
        f"{invoice['Contact']['Name']} pays {invoice['InvoiceNumber']} (NZD {invoice['AmountDue']:.2f}); "
        "the bookkeeper records the payment in Xero"
    )
    xero.pay_invoice(tenant, invoice["InvoiceID"])
    with services.db.session() as session:
        connection_id = session.exec(select(XeroConnection.id)).one() or 0
        before = len(session.exec(select(SyncRun)).all())
    _command(chat, driver, "sync")

    def synced() -> bool:
        with services.db.session() as session:
            runs = session.exec(select(SyncRun).where(SyncRun.connection_id == connection_id)).all()
            return len(runs) > before and all(r.status != "running" for r in runs)

    driver.fake.wait_for(synced, timeout=60)
    driver.fake.wait_for(lambda: False, timeout=0.5)  # let the payment notice land
    chat.news()
    chat.narrate("the next morning, at 08:00 in the firm's timezone (here: on demand)")
    _command(chat, driver, "digest")


def _billing_run(chat: Conversation, driver: SlackDriver, xero: XeroSandbox, services: Services) -> None:
    """Monthly billing: set in the settings modal, approvals accrue, the billing day's run card,
    Approve run, the card following Xero's pace, one invoice each read back."""
    from sqlmodel import col, select

    from services.models import BillingRun, BillingRunState, ClientInvoice, XeroConnection

    with services.db.session() as session:
        connection_id = session.exec(select(XeroConnection.id)).one() or 0
    _command(chat, driver, "settings")
    chat.narrate(
        "@ana switches to monthly billing: one invoice per client on the 1st, a $2.50 admin fee, "
        "emailed by Xero"
    )
    chosen = {"billing_mode": "monthly", "billing_day": "1", "admin_fee": "2.50", "send_invoices": "email"}
    chosen |= {"auto_approve": "off", "tolerance": ""}
    values: dict[str, dict[str, object]] = {"invoice_status": {"invoice_status": "AUTHORISED"}}
    values |= {f"{name}:{connection_id}": {f"{name}:{connection_id}": v} for name, v in chosen.items()}
    driver.submit_view(slack_view(driver), values, user_id=PARTNER)
    chat.news()
    waiting = [m for m in driver.fake.messages(CHANNEL) if "approve_all" in str(m.blocks)]
    chat.narrate(f"@ana presses Approve all on the {len(waiting)} cards waiting: in monthly mode they accrue")
    for card in waiting:
        driver.click_button(card, "approve_all", user_id=PARTNER)
    chat.news()
    first_of_next = (xero.today.replace(day=28) + timedelta(days=4)).replace(day=1)
    chat.narrate(
        f"{first_of_next:%-d %B}, the billing day: the scheduler builds the run (here: `rechargly billing`)"
    )
    run_id = services.billing.build(connection_id=connection_id, on=first_of_next, actor="rechargly")
    services.billing.offer(run_id)
    chat.news()
    card = next(m for m in reversed(driver.fake.messages(CHANNEL)) if "billing run" in (m.text or ""))
    chat.narrate("@ana presses Approve run and confirms")
    driver.click_button(card, "billing_approve_run", user_id=PARTNER)
    driver.fake.wait_for(lambda: "so far" in str((driver.fake.message(CHANNEL, card.ts) or card).blocks), 30)
    chat.news()
    chat.narrate(
        "Xero takes 60 calls a minute per organisation and this demo has used them: Rechargly waits its turn"
    )

    def run_done() -> bool:
        with services.db.session() as session:
            run = session.get(BillingRun, run_id)
            return run is not None and run.state == BillingRunState.DONE

    if not driver.fake.wait_for(run_done, timeout=180):
        raise RuntimeError("the billing run didn't finish in Xero within 3 minutes")
    chat.news()
    data = xero.store[xero.tenants[0].tenant_id]
    with services.db.session() as session:
        raised = session.exec(select(ClientInvoice).where(col(ClientInvoice.billing_run_id) == run_id)).all()
    for invoice in raised[:3]:
        record = data.invoices[invoice.xero_invoice_id or ""]
        notes = [n["Details"] for n in data.history.get(record["InvoiceID"], [])]
        chat.say(
            f"Read back from the Xero sandbox: {record['InvoiceNumber']} to {record['Contact']['Name']}, "
            f"{len(record['LineItems'])} line(s), History: “{notes[0] if notes else '—'}”, "
            f"emailed: {'yes' if invoice.email_state == 'sent' else 'no address'}"
        )
