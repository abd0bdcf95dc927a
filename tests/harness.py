"""What tests share besides fixtures: constants, the running app's handle, Slack/Xero round trips."""

from __future__ import annotations

import datetime as dt
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.container import Services
from bot.server import BackgroundServer
from bot.settings import Settings
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox

SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-test-bot-token-0123456789"
TEAM = "T0001"
ADMIN = "U1ADMIN"
MEMBER = "U2MEMBER"
CHANNEL = "C1BILLING"
TODAY = dt.date(2026, 11, 20)
POSTGRES_ENV = "RECHARGLY_TEST_POSTGRES_URL"


def postgres_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


both_databases = pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)


def make_settings(database_url: str, xero: XeroSandbox, slack: SlackFake, **overrides: object) -> Settings:
    base = xero.base_url
    env = {
        "DATABASE_URL": database_url,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "XERO_CLIENT_ID": xero.client_id,
        "XERO_CLIENT_SECRET": xero.client_secret,
        "XERO_API_BASE": base,
        "XERO_IDENTITY_BASE": base,
        "XERO_LOGIN_BASE": base,
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "APPROVALS_CHANNEL": CHANNEL,
        "DIGEST_CHANNEL": CHANNEL,
        "SLACK_POST_INTERVAL_SECONDS": "0.02",  # the fake doesn't pace channels; tests needn't wait
    }
    return Settings.from_env(env).with_overrides(**overrides)


@dataclass
class Running:
    """Rechargly served over real HTTP, with everything a test needs to drive it."""

    services: Services
    server: BackgroundServer
    slack: SlackFake
    xero: XeroSandbox
    driver: SlackDriver

    @property
    def url(self) -> str:
        return self.server.url

    def delivered(self, timeout: float = 30.0) -> None:
        """Wait for background work (a rule's back-fill, a sync) and for the outbox to post what it
        queued."""
        assert self.services.background.drain(timeout), "background work didn't finish"
        assert self.services.outbox.wait_idle(timeout), "the outbox didn't empty"


def connect_button_url(reply: dict[str, Any]) -> str:
    """The Connect Xero button's URL in a `/rechargly connect` reply."""
    for block in reply["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == "connect_xero":
                return str(element["url"])
    raise AssertionError("no Connect Xero button")


def open_page(url: str) -> tuple[int, str]:
    """GET a page as a browser would (following redirects); returns (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def connect(rechargly: Running, user_id: str = ADMIN, channel_id: str = CHANNEL) -> tuple[int, str]:
    """Connect the sandbox's organisation the way a partner does: command, button, Xero, callback."""
    reply = rechargly.driver.command("/rechargly", "connect", user_id=user_id, channel_id=channel_id).json()
    return open_page(connect_button_url(reply))


def connect_services(services: Services, user_id: str = ADMIN, channel_id: str = CHANNEL) -> int:
    """Connect the sandbox's organisation through the services alone (no web server); its connection id."""
    from sqlmodel import select

    from sandbox.xero.testkit import consent
    from services.models import XeroConnection

    offer = services.connector.start(team_id=TEAM, user_id=user_id, channel_id=channel_id)
    answer = consent(offer.authorize_url)
    services.connector.complete(state=answer["state"], code=answer.get("code"), error=answer.get("error"))
    with services.db.session() as session:
        return session.exec(select(XeroConnection.id).where(XeroConnection.team_id == TEAM)).one() or 0


def sync_to_the_end(services: Services, connection_id: int, timeout: float = 60.0) -> None:
    """A sync run to its end here: a replica's own sync may hold the organisation's lease a moment."""
    from services.sync.service import SyncBusy

    deadline = time.monotonic() + timeout
    outcome = services.sync.run(connection_id, trigger="cli", started_by=ADMIN)
    while isinstance(outcome, SyncBusy) and time.monotonic() < deadline:
        time.sleep(0.2)
        outcome = services.sync.run(connection_id, trigger="cli", started_by=ADMIN)
    assert not isinstance(outcome, SyncBusy) and outcome.state == "ok", outcome


def propose_adobe_charge(
    services: Services,
    xero: XeroSandbox,
    *,
    amount: str = "115.00",
    on: dt.date = dt.date(2026, 11, 18),
    receipt: tuple[str, bytes] | None = None,
) -> int:
    """What a firm sees before approving: sync, an Adobe rule for the first client (once), an Adobe
    charge on the card (with `receipt` attached), a sync. Returns the new proposal message's id."""
    from sqlmodel import col, select

    from services.models import Contact, ProposalMessage, RechargeRule, XeroConnection
    from services.recharging.rules import RuleForm

    tenant = xero.tenants[0].tenant_id
    with services.db.session() as session:
        cid = session.exec(select(XeroConnection.id)).one() or 0
    sync_to_the_end(services, cid)
    data = xero.store[tenant]
    client = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))[0][1]
    with services.db.session() as session:
        adobe = session.exec(select(Contact).where(Contact.name == "Adobe")).one()
        has_rule = session.exec(select(RechargeRule)).first() is not None
    if not has_rule:
        form = RuleForm(
            name="Adobe for one client",
            supplier_contact=adobe.xero_id,
            allocation="whole",
            clients=(client,),
            markup_percent="10",
            revenue_account_code="200",
            tax_type="OUTPUT2",
            basis="net",
        )
        services.rules.save(team_id=TEAM, user_id=ADMIN, form=form)
        services.background.drain()  # the rule's back-fill
    with services.db.session() as session:  # after the rule: saving it proposes recent charges already
        seen = set(session.exec(select(ProposalMessage.id)).all())
    xero.add_bank_transaction(
        tenant,
        contact_id=adobe.xero_id,
        date=on,
        reference=f"Adobe {on:%b %Y}",
        attachment=receipt,
        lines=[{"Description": "Adobe Acrobat Pro", "Quantity": "1", "UnitAmount": amount,
                "AccountCode": "463", "TaxType": "INPUT2"}],
    )  # fmt: skip
    services.sync.run(cid, trigger="cli", started_by=ADMIN)
    with services.db.session() as session:
        message_id = session.exec(
            select(ProposalMessage.id).where(col(ProposalMessage.id).not_in(seen))
        ).one()
    return message_id or 0


def posted_proposal(services: Services, slack: SlackFake, message_id: int) -> Any:
    """The Slack message (as the fake holds it) of a proposal, so a test can press its buttons."""
    from services.models import ProposalMessage

    def posted() -> ProposalMessage | None:
        with services.db.session() as session:
            proposal = session.get(ProposalMessage, message_id)
        return proposal if proposal is not None and proposal.message_ts else None

    assert slack.wait_for(posted, timeout=30), "the proposal was never posted"
    proposal = posted()
    assert proposal is not None and proposal.message_ts
    posted = slack.message(proposal.channel_id, proposal.message_ts)
    assert posted is not None
    return posted


def raise_recharge_invoice(
    rechargly: Running,
    *,
    amount: str = "115.00",
    on: dt.date = dt.date(2026, 11, 18),
    receipt: tuple[str, bytes] | None = None,
) -> Any:
    """A recharge invoice made the way a firm makes one: the Adobe proposal, then Approve.
    Returns the ClientInvoice, once its card says so (the outbox edits it)."""
    from services.models import ClientInvoice

    services = rechargly.services
    message_id = propose_adobe_charge(services, rechargly.xero, amount=amount, on=on, receipt=receipt)
    result = services.approvals.approve(team_id=TEAM, user_id=ADMIN, message_id=message_id)
    assert services.outbox.wait_idle(30), "the card's edit was never delivered"
    with services.db.session() as session:
        return session.get(ClientInvoice, result.invoice_id)


@dataclass
class RuleSubmitted:
    """What submitting the rule form did: field errors at once (`ack`), or the modal as it ended
    after saving in the background ("Rule saved", or the form again saying what is wrong)."""

    ack: dict[str, Any]
    final: dict[str, Any] | None

    @property
    def saved(self) -> bool:
        return self.final is not None and self.final["title"]["text"] == "Rule saved"

    @property
    def problems(self) -> str:
        """What the form says is wrong: on its fields at once, or in the form shown again after a
        save that was refused in the background (empty when saved)."""
        if self.ack.get("response_action") == "errors":
            return " ".join(str(v) for v in self.ack.get("errors", {}).values())
        if self.final is None or self.saved:
            return ""
        return " ".join(str(b["text"]["text"]) for b in self.final["blocks"] if b.get("type") == "section")


def submit_rule_form(
    rechargly: Running,
    view: Any,
    values: dict[str, dict[str, Any]],
    user_id: str = ADMIN,
    *,
    ack_applied_after: float = 0.0,
    timeout: float = 30.0,
) -> RuleSubmitted:
    """Submit the rule modal the way a person does and wait for the background save to finish."""
    from sandbox.slack import SlackView

    view_id = view.view_id if isinstance(view, SlackView) else view if isinstance(view, str) else view["id"]
    answer = rechargly.driver.submit_view(view, values, user_id=user_id, ack_applied_after=ack_applied_after)
    assert answer.status == 200 and answer.slack_error is None, (answer.body, answer.slack_error)
    ack = answer.json() or {}
    if ack.get("response_action") != "update":
        return RuleSubmitted(ack=ack, final=None)

    def settled() -> dict[str, Any] | None:
        live = rechargly.slack.view(view_id)
        return live if live is not None and live["title"]["text"] != "Saving the rule" else None

    assert rechargly.slack.wait_for(settled, timeout=timeout), "the modal still says it is saving the rule"
    return RuleSubmitted(ack=ack, final=settled())


def recharged_xero_last_year(xero: XeroSandbox) -> list[str]:
    """Sales history to suggest rules from: three clients invoiced October's Xero plan plus 10%,
    as the firm did by hand. Returns the clients' names."""
    tenant = xero.tenants[0].tenant_id
    data = xero.store[tenant]
    bill = next(
        i for i in data.invoices.values()
        if i["Type"] == "ACCPAY" and i["Contact"]["Name"] == "Xero" and i["Date"].month == 10
    )  # fmt: skip
    prices = [line["UnitAmount"] for line in bill["LineItems"] if line["UnitAmount"] > 0][:3]
    clients = sorted((c["Name"], c["ContactID"]) for c in data.contacts.values() if c.get("IsCustomer"))[:3]
    for (_name, contact_id), price in zip(clients, prices, strict=True):
        amount = (price * Decimal("1.10")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        xero.add_sales_invoice(
            tenant,
            contact_id=contact_id,
            date=dt.date(2026, 10, 20),
            lines=[{"Description": "Xero subscription, Oct 2026", "Quantity": "1", "UnitAmount": str(amount),
                    "AccountCode": "200", "TaxType": "OUTPUT2"}],
        )  # fmt: skip
    return [name for name, _id in clients]
