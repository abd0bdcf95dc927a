"""Block Kit builders: pure functions from service results to Slack payloads."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import singledispatch
from typing import Any

from handlers import ids
from handlers.parsing import SUBCOMMANDS
from services.approvals import ReviewLine
from services.audit import History, HistoryEntry
from services.connect import ConnectOffer
from services.csv_import import ImportOutcome, describe_errors
from services.digest import DigestOutcome
from services.home import HomeSummary
from services.mapping import MappingPage, OpenQuestion
from services.notices import (
    DailyDigest,
    DigestList,
    EntityProgress,
    InvoiceFailed,
    InvoiceVoided,
    LinesNeedClient,
    Notice,
    PaymentMatchChoice,
    PaymentReceived,
    PaymentReversed,
    PickOrganisations,
    ProposalDecision,
    ProposalLine,
    RechargeProposal,
    SyncProgress,
    XeroConnected,
    XeroNeedsReconnect,
)
from services.recharge import PendingClient, UnmatchedCharge
from services.rules import RuleForm, RuleSummary
from services.status import OrganisationStatus, WorkspaceStatus
from services.sync import SyncBusy
from services.workspace_settings import SettingsForm

Block = dict[str, Any]
SECTION_LIMIT = 3000


def mrkdwn(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": text[:150], "emoji": True}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def slack_date(when: datetime | None, *, fallback_none: str = "never") -> str:
    """A date Slack shows in each reader's own timezone."""
    if when is None:
        return fallback_none
    stamp = int(when.timestamp())
    return f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|{when:%Y-%m-%d %H:%M} UTC>"


def help_blocks() -> list[Block]:
    lines = "\n".join(f"• `/rechargly {name}` — {what}" for name, what in SUBCOMMANDS.items())
    return [
        header("Rechargly — recharge the software you pay for your clients"),
        mrkdwn(
            "Rechargly finds the software subscriptions your firm pays for clients in Xero, "
            "proposes who to recharge and how much, and raises the invoice with the receipt "
            "attached once you approve."
        ),
        mrkdwn(lines),
    ]


def unknown_command_blocks(name: str) -> list[Block]:
    valid = ", ".join(f"`{n}`" for n in SUBCOMMANDS)
    shown = name if len(name) <= 40 else name[:40] + "…"
    return [mrkdwn(f"I don't know `{_escape(shown)}`. Try one of: {valid}.")]


def error_blocks(message: str) -> list[Block]:
    return [mrkdwn(f":warning: {message}")]


def status_blocks(status: WorkspaceStatus) -> list[Block]:
    if not status.organisations:
        return [
            header("Rechargly status"),
            mrkdwn("Not connected to Xero yet. Type `/rechargly connect` to connect an organisation."),
        ]
    blocks: list[Block] = [header("Rechargly status")]
    for org in status.organisations:
        blocks.extend(_organisation_status(org))
    return blocks


def _organisation_status(org: OrganisationStatus) -> Sequence[Block]:
    health = {
        "ok": ":large_green_circle: ok",
        "needs reconnect": ":red_circle: needs reconnect",
        "disconnected": ":white_circle: disconnected",
    }[org.token_health]
    last = slack_date(org.last_sync_at)
    if org.last_sync_status and org.last_sync_at:
        last += f" ({org.last_sync_status})"
    fields = [
        f"*Organisation*\n{_escape(org.name)}",
        f"*Currency · country · entity*\n{org.base_currency} · {org.country_code} · "
        f"{org.organisation_type or '—'}",
        f"*Connected by*\n<@{org.connected_by}> on {slack_date(org.connected_at)}",
        f"*Xero connection*\n{health}",
        f"*Last sync*\n{last}",
        f"*Next sync*\n{slack_date(org.next_sync_at, fallback_none='not scheduled')}",
        f"*Waiting for approval*\n{org.pending_recharges}",
    ]
    limited = (
        [
            mrkdwn(
                ":no_entry: Xero's daily limit for this organisation (5,000 calls) is used up: syncing "
                "and invoicing stop until Xero's day rolls over at "
                f"{org.daily_limit_until:%H:%M} UTC, then resume. Nothing was lost."
            )
        ]
        if org.daily_limit_until
        else []
    )
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
        *limited,
        context("Scopes granted: " + (", ".join(f"`{s}`" for s in org.scopes) or "none")),
        divider(),
    ]


def _escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Xero connection ---------------------------------------------------------------------------


def connect_offer_blocks(offer: ConnectOffer) -> list[Block]:
    table = "\n".join(f"• *{what}* — {why}" for what, why in offer.data_we_use)
    return [
        header("Connect Xero"),
        mrkdwn(
            "Before you say yes at Xero, here is exactly what Rechargly will read and write "
            "in your organisation, and why:\n" + table
        ),
        mrkdwn("Nothing else: no payroll, no employees, no bank feeds or statements."),
        context("Xero permissions requested: " + " ".join(f"`{s}`" for s in offer.scopes)),
        actions(button("Connect Xero", ids.CONNECT_XERO, url=offer.authorize_url, style="primary")),
        context("The link works once and expires in 10 minutes."),
    ]


def disconnect_blocks(organisations: list[tuple[int, str]]) -> list[Block]:
    buttons = [
        {
            **button(f"Disconnect {name}", ids.CONFIRM_DISCONNECT, str(connection_id), style="danger"),
            "confirm": {
                "title": {"type": "plain_text", "text": "Disconnect Xero?"},
                "text": {
                    "type": "mrkdwn",
                    "text": f"Rechargly will stop syncing and invoicing for "
                    f"*{_escape(name)}*. Your recharge history is kept.",
                },
                "confirm": {"type": "plain_text", "text": "Disconnect"},
                "deny": {"type": "plain_text", "text": "Keep connected"},
                "style": "danger",
            },
        }
        for connection_id, name in organisations[:5]
    ]
    return [
        mrkdwn(
            "Disconnecting revokes Rechargly's access at Xero and deletes its tokens. "
            "Your recharge history stays, read-only."
        ),
        actions(*buttons),
    ]


def disconnected_blocks(organisation: str) -> list[Block]:
    return [
        mrkdwn(
            f":white_circle: Disconnected *{_escape(organisation)}*. Rechargly's access at Xero "
            "was revoked and its tokens deleted; your recharge history is kept (read-only). "
            "Reconnect any time with `/rechargly connect`."
        )
    ]


def picked_organisations_blocks(names: list[str]) -> list[Block]:
    listed = ", ".join(f"*{_escape(n)}*" for n in names)
    return [mrkdwn(f":white_check_mark: Recharging from {listed}.")]


Rendered = tuple[str, list[Block]]


@singledispatch
def render_notice(notice: Notice) -> Rendered:
    """Text (for notifications) and blocks for a notice from the services."""
    raise TypeError(f"no Slack rendering for {type(notice).__name__}")


@render_notice.register
def _connected(notice: XeroConnected) -> Rendered:
    text = (
        f"Connected to Xero: {notice.organisation} ({notice.base_currency} · "
        f"{notice.country_code} · {notice.organisation_type or 'entity not set'})"
    )
    return text, [
        mrkdwn(f":white_check_mark: Connected to *{_escape(notice.organisation)}* in Xero."),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*Currency*\n{notice.base_currency}"},
                {"type": "mrkdwn", "text": f"*Country*\n{notice.country_code}"},
                {"type": "mrkdwn", "text": f"*Entity*\n{notice.organisation_type or '—'}"},
            ],
        },
        context("Next: `/rechargly sync` fetches your contacts and spend from Xero."),
    ]


@render_notice.register
def _pick(notice: PickOrganisations) -> Rendered:
    options = [
        {"text": {"type": "plain_text", "text": name[:75]}, "value": tenant_id}
        for tenant_id, name in notice.choices[:100]
    ]
    select = {
        "type": "multi_static_select",
        "action_id": ids.PICK_TENANTS,
        "placeholder": {"type": "plain_text", "text": "Choose organisations"},
        "options": options,
    }
    return "Xero gave access to several organisations: choose which ones to recharge from.", [
        mrkdwn(
            "Xero gave Rechargly access to several organisations. "
            "Which ones does this workspace recharge from?"
        ),
        {"type": "actions", "block_id": f"grant:{notice.grant_id}", "elements": [select]},
    ]


@render_notice.register
def _needs_reconnect(notice: XeroNeedsReconnect) -> Rendered:
    names = ", ".join(notice.organisations) or "your Xero organisation"
    text = f"Rechargly lost access to {names} in Xero and paused its work there."
    return text, [
        mrkdwn(
            f":red_circle: Rechargly lost access to *{_escape(names)}* in Xero (the connection "
            "expired or was revoked), so syncing and invoicing are paused. Nothing was lost."
        ),
        actions(button("Reconnect Xero", ids.RECONNECT_XERO, style="primary")),
    ]


# --- Xero access lost: what cards and threads say until someone reconnects ----------------------


def _access_lost_decision(who: str, decision: ProposalDecision) -> str:
    return (
        f":warning: {who} — Rechargly lost access to Xero, so the invoice ({decision.total}) isn't "
        "created yet. Nothing was lost: it is created by itself once an admin reconnects Xero "
        "(`/rechargly connect`)."
    )


def _invoice_waits_for_access(notice: InvoiceFailed) -> Rendered:
    text = f"Rechargly lost access to Xero; the invoice for {notice.client_name} waits for a reconnect."
    return text, [
        mrkdwn(
            f":warning: The invoice for *{_escape(notice.client_name)}* isn't created yet: Rechargly lost "
            "access to Xero. The approval is kept, and the invoice is created by itself (once) as soon "
            "as an admin reconnects Xero."
        )
    ]


# --- sync --------------------------------------------------------------------------------------


def sync_started_blocks(started: Sequence[str], busy: Sequence[SyncBusy]) -> list[Block]:
    """The ephemeral answer to `/rechargly sync`: what started, and what was already running."""
    blocks = [
        mrkdwn(f":arrows_counterclockwise: Syncing *{_escape(name)}* from Xero — progress is posted here.")
        for name in started
    ]
    blocks += [
        mrkdwn(
            f":hourglass_flowing_sand: A sync of *{_escape(b.organisation)}* started at "
            f"{_slack_time(b.started_at)}{f' by <@{b.started_by}>' if b.started_by else ''} is running — "
            "I'll post here when it finishes."
        )
        for b in busy
    ]
    return blocks


def _slack_time(when: datetime) -> str:
    return f"<!date^{int(when.timestamp())}^{{time}}|{when:%H:%M} UTC>"


def _entity_progress(entity: EntityProgress) -> str:
    if entity.finished:
        return f"{entity.label} {entity.fetched:,} ✓"
    if entity.expected is not None:
        return f"{entity.label} {entity.fetched:,}/{entity.expected:,}"
    return f"{entity.label} {entity.fetched:,}/…" if entity.fetched else f"{entity.label} …"


def _entity_summary(entity: EntityProgress) -> str | None:
    parts = [
        f"{entity.new:,} new" if entity.new else "",
        f"{entity.updated:,} updated" if entity.updated else "",
        f"{entity.voided:,} voided or archived" if entity.voided else "",
    ]
    said = ", ".join(p for p in parts if p)
    return f"• {entity.label}: {said}" if said else None


_SYNC_HEADLINE = {
    "running": ":arrows_counterclockwise: Syncing *{org}* from Xero…",
    "ok": ":white_check_mark: Synced *{org}* from Xero.",
    "limited": ":hourglass: Sync of *{org}* paused.",
    "failed": ":warning: Sync of *{org}* stopped before the end.",
}


@render_notice.register
def _sync_progress(notice: SyncProgress) -> Rendered:
    headline = _SYNC_HEADLINE[notice.state].format(org=_escape(notice.organisation))
    entities = [e for e in notice.entities if e.label != "Organisation"]
    progress = " · ".join(_entity_progress(e) for e in entities)
    blocks: list[Block] = [mrkdwn(headline), context(progress)]
    if notice.state == "running":
        return f"Syncing {notice.organisation} from Xero: {progress}", blocks
    changes = [line for line in map(_entity_summary, notice.entities) if line]
    found = [f"• {what}: {count:,}" for what, count in notice.found]
    summary = "\n".join(changes + found) or "Nothing changed in Xero since the last sync."
    blocks.append(mrkdwn(summary))
    if notice.error:
        blocks.append(mrkdwn(f":warning: {_escape(notice.error)}"))
    text = f"{headline.split(' ', 1)[1].replace('*', '')} {summary}"
    return text[:3000], blocks


# --- recharges: proposals, rules, what waits, history --------------------------------------------

MAX_DETAILED_LINES = 20  # keeps a proposal well under Slack's 50 blocks per message
MAX_REVIEW_LINES = 30  # three inputs each: within a modal's 100 blocks
RECEIPT_ICON = {True: ":paperclip: receipt", False: ":grey_question: no receipt"}
_LINE_TAGS = {
    "approved": " · _approved_",
    "invoiced": " · _invoiced_",
    "rejected": " · ~rejected~",
    "withdrawn": " · _withdrawn (voided in Xero)_",
    "accruing": " · _approved, accruing (below the minimum invoice amount)_",
}


def _proposal_line(line: ProposalLine) -> str:
    tag = _LINE_TAGS.get(line.status, "")
    if line.auto_approved:
        tag = " · :repeat: _auto-approved (same as last time)_"
    if line.needs_review:
        tag += " · :warning: _changed in Xero after approval — check the invoice_"
    link = f" · <{line.xero_url}|View in Xero>" if line.xero_url else ""
    if line.match_note:
        tag = f" · _{_escape(line.match_note)}_{tag}"
    text = (
        f"*{_escape(line.vendor)}* · {line.charge_date:%-d %b %Y} · {line.source_amount} → *{line.amount}*"
        f" · {RECEIPT_ICON[line.has_receipt]}{link}{tag}"
    )
    return text + (f"\n_{_escape(line.explanation)}_" if line.explanation else "")


def _receipts_phrase(count: int) -> str:
    return {0: "no receipt", 1: "receipt attached"}.get(count, f"{count} receipts attached")


def _decision_text(decision: ProposalDecision) -> str:
    if decision.kind == "accruing":
        return (
            f":hourglass: Approved — {decision.total} accruing until {decision.until}: "
            "invoiced with this client's next approved charges"
        )
    if decision.kind == "rejected":
        who = f"<@{decision.by}>" if decision.by else "someone"
        return f":x: Rejected by {who} ({decision.total}) — {_escape(decision.reason)}"
    who = "Auto-approved (recurring charge)" if decision.auto else f"Approved by <@{decision.by}>"
    if decision.access_lost:
        return _access_lost_decision(who, decision)
    number = decision.invoice_number or "invoice"
    invoice = f"<{decision.invoice_url}|{number}>" if decision.invoice_url else number
    if decision.invoice_state == "done":
        note = f" · :warning: {_escape(decision.error)}" if decision.error else ""
        return (
            f":white_check_mark: {who} — {invoice}, {decision.total}, "
            f"{_receipts_phrase(decision.receipts)}{note}"
        )
    if decision.invoice_state == "created":
        problem = f" ({_escape(decision.error)})" if decision.error else ""
        return f":white_check_mark: {who} — {invoice}, {decision.total}, attaching receipts…{problem}"
    if decision.invoice_state == "failed":
        return (
            f":warning: {who} — Xero didn't create the invoice: "
            f"{_escape(decision.error or 'unknown error')}. Details and *Retry* in the thread."
        )
    return f":hourglass_flowing_sand: {who} — creating the invoice in Xero ({decision.total})…"


@render_notice.register
def _proposal(notice: RechargeProposal) -> Rendered:
    count = len(notice.lines)
    text = f"Recharge {notice.client_name}: {count} charge(s)"
    if notice.pending_count:
        text += f", {notice.pending_total} waiting for approval"
    blocks: list[Block] = [
        header(f"Recharge {notice.client_name}"),
        context(f"{_escape(notice.organisation)} · {count} software charge(s) paid for this client"),
    ]
    blocks += [mrkdwn(_proposal_line(line)) for line in notice.lines[:MAX_DETAILED_LINES]]
    if count > MAX_DETAILED_LINES:
        blocks.append(
            context(f"…and {count - MAX_DETAILED_LINES} more charge(s); use *Review* to see them all.")
        )
    blocks += [mrkdwn(_decision_text(d)) for d in notice.decisions]
    if notice.pending_count:
        value = str(notice.message_id)
        blocks += [
            mrkdwn(
                f"*Total to invoice, before tax:* {notice.pending_total} ({notice.pending_count} charge(s))"
            ),
            actions(
                button("Approve all", ids.APPROVE_ALL, value, style="primary"),
                button("Review", ids.REVIEW, value),
                button("Reject", ids.REJECT, value, style="danger"),
                block_id=f"proposal:{value}",
            ),
        ]
    return text, blocks


@render_notice.register
def _invoice_failed(notice: InvoiceFailed) -> Rendered:
    if notice.access_lost:
        return _invoice_waits_for_access(notice)
    text = f"Xero didn't create the invoice for {notice.client_name}: {notice.error}"
    return text, [
        mrkdwn(
            f":warning: Xero didn't create the invoice for *{_escape(notice.client_name)}*. "
            f"Xero said:\n>{_escape(notice.error)}\n"
            + (
                f"*What to do:* {notice.fix}\nThe approval is kept; Retry never creates a second invoice."
                if notice.fix
                else "The approval is kept; fix the problem (for example the rule's account code) and "
                "retry — it never creates a second invoice."
            )
        ),
        actions(button("Retry", ids.RETRY_INVOICE, str(notice.invoice_id), style="primary")),
    ]


def rules_blocks(rules: Sequence[RuleSummary]) -> list[Block]:
    if not rules:
        return [
            mrkdwn(
                "No recharge rules yet. Type `/rechargly rules add` to create one, or "
                "`/rechargly unmatched` to start from a software charge Rechargly found."
            ),
        ]
    blocks: list[Block] = [header("Recharge rules")]
    for rule in rules[:40]:
        auto = " · :repeat: auto-approves recurring charges" if rule.auto_approve else ""
        blocks.append(
            mrkdwn(
                f"*{_escape(rule.name)}* — supplier {_escape(rule.supplier)}, {rule.allocation} to "
                f"{_escape(', '.join(rule.clients))}\nMarkup {rule.markup} · account "
                f"{rule.revenue_account_code} · tax {rule.tax_type}{auto}"
            )
        )
        blocks.append(
            actions(
                button("Edit", ids.EDIT_RULE, str(rule.id)),
                {
                    **button("Delete", ids.DELETE_RULE, str(rule.id), style="danger"),
                    "confirm": _confirm_delete(rule.name),
                },
                block_id=f"rule:{rule.id}",
            )
        )
    blocks.append(context("Add another with `/rechargly rules add`."))
    return blocks


def _confirm_delete(name: str) -> Block:
    return {
        "title": {"type": "plain_text", "text": "Delete this rule?"},
        "text": {
            "type": "mrkdwn",
            "text": f"*{_escape(name)}* stops proposing recharges. Past recharges stay.",
        },
        "confirm": {"type": "plain_text", "text": "Delete"},
        "deny": {"type": "plain_text", "text": "Keep"},
        "style": "danger",
    }


def _option(text: str, value: str) -> Block:
    return {"text": {"type": "plain_text", "text": text[:75], "emoji": True}, "value": value[:150]}


def unmatched_blocks(charges: Sequence[UnmatchedCharge]) -> list[Block]:
    if not charges:
        return [
            mrkdwn(
                ":white_check_mark: No unmatched software spend: every software charge Rechargly "
                "recognised is covered by a rule."
            )
        ]
    blocks: list[Block] = [
        header("Software spend no rule recharges"),
        context("Rechargly recognised these as software. Create a rule to recharge them to clients."),
    ]
    for charge in charges[:20]:
        blocks.append(
            {
                **mrkdwn(
                    f"*{_escape(charge.vendor)}* ({_escape(charge.supplier_name)})"
                    f" · {charge.charge_date:%-d %b %Y} · {charge.amount}\n"
                    f"{_escape(charge.description)[:200]} · <{charge.xero_url}|View in Xero>"
                ),
                "accessory": button("Create rule", ids.CREATE_RULE, str(charge.spend_line_id)),
            }
        )
    return blocks


def pending_blocks(waiting: Sequence[PendingClient]) -> list[Block]:
    if not waiting:
        return [mrkdwn(":white_check_mark: Nothing waits for approval.")]
    blocks: list[Block] = [header("Waiting for approval")]
    for item in waiting[:40]:
        where = ""
        if item.message_ts:
            permalink = f"https://slack.com/archives/{item.channel_id}/p{item.message_ts.replace('.', '')}"
            where = f" · <{permalink}|open message>"
        blocks.append(
            mrkdwn(
                f"*{_escape(item.client_name)}* — {item.count} charge(s), {item.total} · since "
                f"{item.oldest:%-d %b %Y}{where}"
            )
        )
    return blocks


def history_blocks(history: History) -> list[Block]:
    who = _escape(history.client_name) if history.client_name else "everyone"
    if not history.entries:
        return [mrkdwn(f"No recorded activity for {who} yet.")]
    lines = []
    for entry in history.entries:
        actor = "Rechargly" if entry.actor == "rechargly" else f"<@{entry.actor}>"
        client = f" · {_escape(entry.client_name)}" if entry.client_name and not history.client_name else ""
        lines.append(f"• {slack_date(entry.at)} — {actor} *{entry.action}* {_detail(entry)}{client}")
    return [header(f"History — {history.client_name or 'everyone'}"[:150]), mrkdwn("\n".join(lines))]


def _detail(entry: HistoryEntry) -> str:
    details = entry.details
    if "invoice_number" in details:
        return f"{details['invoice_number']} ({details.get('total', '')})"
    if "before" in details and "after" in details and isinstance(details["after"], dict):
        changed = [k for k, v in details["after"].items() if details["before"].get(k) != v]
        return f"{entry.subject}: {', '.join(changed) or 'no change'}"
    if "reason" in details:
        return f"{entry.subject}: {_escape(str(details['reason']))[:120]}"
    if "amount" in details:
        return f"{_escape(str(details.get('vendor', '')))} {details['amount']}"
    if "total" in details:
        return f"{entry.subject} ({details['total']})"
    return entry.subject


# --- modals -------------------------------------------------------------------------------------


def _text_input(
    block_id: str,
    label: str,
    *,
    initial: str = "",
    optional: bool = True,
    hint: str = "",
    placeholder: str = "",
    multiline: bool = False,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = {"type": "plain_text", "text": placeholder[:150]}
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label[:2000]},
        "element": element,
    }
    if hint:
        block["hint"] = {"type": "plain_text", "text": hint[:2000]}
    return block


def _select_input(block_id: str, label: str, choices: Sequence[tuple[str, str]], initial: str) -> Block:
    options = [_option(text, value) for value, text in choices]
    chosen = next((o for o in options if o["value"] == initial), options[0])
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {
            "type": "static_select",
            "action_id": block_id,
            "options": options,
            "initial_option": chosen,
        },
    }


ALLOCATIONS = (
    ("whole", "Whole charge to one client"),
    ("split", "Split by percentage"),
    ("seats", "Seats × price per seat"),
    ("fixed", "Fixed amount per client"),
)
BASES = (("net", "Net (excluding tax)"), ("gross", "Gross (including tax)"))
PER_CLIENT_CHOICES = (
    ("auto", "Automatic (Xero and Dext bills name a client on each line)"),
    ("yes", "Yes: each bill line names the client it is for"),
    ("no", "No: use the clients chosen above"),
)


@dataclass(frozen=True)
class RuleModal:
    """What the rule modal shows: the form's text, the chosen contacts by (id, name), and its metadata."""

    form: RuleForm
    supplier: tuple[str, str] | None
    clients: tuple[tuple[str, str], ...]
    metadata: str
    editing: bool = False


def rule_modal(prefill: RuleModal) -> Block:
    """The rule form; block ids are RuleForm's field names, so errors land on the right field."""
    supplier: Block = {
        "type": "external_select",
        "action_id": ids.RULE_SUPPLIER,
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": "Search your Xero contacts"},
    }
    if prefill.supplier:
        supplier["initial_option"] = _option(prefill.supplier[1], prefill.supplier[0])
    clients: Block = {
        "type": "multi_external_select",
        "action_id": ids.RULE_CLIENTS,
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": "Search your Xero contacts"},
    }
    if prefill.clients:
        clients["initial_options"] = [_option(name, xero_id) for xero_id, name in prefill.clients]
    form = prefill.form
    auto: Block = {
        "type": "checkboxes",
        "action_id": "auto_approve",
        "options": [_option("Approve automatically when the amount matches the last approved one", "yes")],
    }
    if form.auto_approve:
        auto["initial_options"] = auto["options"]
    blocks: list[Block] = [
        _text_input("name", "Rule name", initial=form.name, placeholder="e.g. Xero subscriptions"),
        {
            "type": "input",
            "block_id": "supplier",
            "optional": True,
            "element": supplier,
            "label": {"type": "plain_text", "text": "Supplier"},
        },
        _text_input(
            "supplier_pattern",
            "…or supplier name pattern",
            initial=form.supplier_pattern,
            hint="Used when no supplier is chosen, e.g. adobe",
        ),
        _text_input(
            "description_pattern", "Only lines whose description matches", initial=form.description_pattern
        ),
        _text_input("account_code_match", "Only lines coded to account", initial=form.account_code_match),
        _text_input(
            "tracking_match",
            "Only lines tracked as",
            initial=form.tracking_match,
            placeholder="Category:Option",
        ),
        _select_input("allocation", "Share the charge", ALLOCATIONS, form.allocation),
        {
            **_select_input(
                "per_client_billing",
                "Per-client bill (one line per client)",
                PER_CLIENT_CHOICES,
                form.per_client_billing,
            ),
            "optional": True,  # unset means automatic
        },
        {
            "type": "input",
            "block_id": "clients",
            "optional": True,  # a per-client bill names its clients line by line; save() checks the rest
            "element": clients,
            "label": {"type": "plain_text", "text": "Clients"},
        },
        _text_input(
            "shares",
            "Percentages, seats or amounts",
            initial=form.shares,
            placeholder="60, 40",
            hint="One number per client, in the order the clients are listed. Not needed for a whole charge.",
        ),
        _text_input(
            "seat_price", "Price per seat (default: the charge's unit price)", initial=form.seat_price
        ),
        _text_input("markup_percent", "Markup %", initial=form.markup_percent, placeholder="0"),
        _text_input("markup_fee", "Fixed fee per charge", initial=form.markup_fee, placeholder="0.00"),
        _select_input("basis", "Recharge", BASES, form.basis),
        _text_input(
            "revenue_account_code",
            "Revenue account code",
            initial=form.revenue_account_code,
            optional=False,
            placeholder="200",
        ),
        _text_input("tax_type", "Tax type", initial=form.tax_type, optional=False, placeholder="OUTPUT2"),
        {
            "type": "input",
            "block_id": "auto_approve",
            "optional": True,
            "element": auto,
            "label": {"type": "plain_text", "text": "Recurring charges"},
        },
        _text_input(
            "auto_approve_tolerance",
            "Tolerance % for auto-approval",
            initial=form.auto_approve_tolerance,
            placeholder="0",
        ),
    ]
    return {
        "type": "modal",
        "callback_id": ids.RULE_MODAL,
        "private_metadata": prefill.metadata,
        "title": {"type": "plain_text", "text": "Edit rule" if prefill.editing else "New recharge rule"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def review_modal(message_id: int, lines: Sequence[ReviewLine]) -> Block:
    blocks: list[Block] = []
    for line in lines[:MAX_REVIEW_LINES]:
        rid = line.recharge_id
        blocks += [
            context(f"*{_escape(line.vendor)}* — {_escape(line.explanation)}"),
            _text_input(f"amount:{rid}", "Amount to invoice", initial=f"{line.amount:.2f}", optional=False),
            _text_input(
                f"description:{rid}", "Invoice line description", initial=line.description, optional=False
            ),
            {
                "type": "input",
                "block_id": f"drop:{rid}",
                "optional": True,
                "label": {"type": "plain_text", "text": " "},
                "element": {
                    "type": "checkboxes",
                    "action_id": f"drop:{rid}",
                    "options": [_option("Don't recharge this charge", "drop")],
                },
            },
        ]
    return {
        "type": "modal",
        "callback_id": ids.REVIEW_MODAL,
        "private_metadata": str(message_id),
        "title": {"type": "plain_text", "text": "Review recharges"},
        "submit": {"type": "plain_text", "text": "Save changes"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def reject_modal(message_id: int) -> Block:
    return {
        "type": "modal",
        "callback_id": ids.REJECT_MODAL,
        "private_metadata": str(message_id),
        "title": {"type": "plain_text", "text": "Reject recharges"},
        "submit": {"type": "plain_text", "text": "Reject"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            _text_input(
                "reason",
                "Why shouldn't these be recharged?",
                optional=False,
                multiline=True,
                placeholder="e.g. the client cancelled this subscription in October",
            ),
        ],
    }


def contact_options(contacts: Sequence[tuple[str, str]]) -> list[Block]:
    return [_option(name, xero_id) for xero_id, name in contacts[:100]]


# --- payments, the digest, App Home and settings ---------------------------------------------------

MAX_PAYMENT_CHOICES = 10  # one actions block each: well within a message's 50 blocks
DIGEST_TEXT_LIMIT = 2900  # below a section's 3,000 characters, with room for "and N more"


@render_notice.register
def _payment_received(notice: PaymentReceived) -> Rendered:
    who, number = _escape(notice.client_name), notice.invoice_number
    if notice.remaining is None:
        text = f"💰 {who} paid {number} ({notice.amount}) — {_escape(notice.what)} reconciled."
    else:
        text = f"💰 {who} paid {notice.amount} of {number} — {notice.remaining} remains to be paid."
    how = "Matched to money received and paid in Xero by Rechargly · " if notice.applied_by_us else ""
    return text, [mrkdwn(text), context(f"{how}<{notice.invoice_url}|View {number} in Xero>")]


@render_notice.register
def _payment_reversed(notice: PaymentReversed) -> Rendered:
    text = (
        f":leftwards_arrow_with_hook: The {notice.amount} payment on {notice.invoice_number} "
        f"({_escape(notice.client_name)}) was removed in Xero — {notice.remaining} is owed again."
    )
    return text, [mrkdwn(text), context(f"<{notice.invoice_url}|View {notice.invoice_number} in Xero>")]


@render_notice.register
def _invoice_voided(notice: InvoiceVoided) -> Rendered:
    flagged = f" Its {notice.recharges} recharge(s) are flagged for review." if notice.recharges else ""
    text = (
        f":no_entry_sign: {notice.invoice_number} to {_escape(notice.client_name)} ({notice.total}) "
        f"was voided in Xero.{flagged}"
    )
    return text, [mrkdwn(text), context(f"<{notice.invoice_url}|View {notice.invoice_number} in Xero>")]


@render_notice.register
def _payment_choice(notice: PaymentMatchChoice) -> Rendered:
    reference = f" (reference “{_escape(notice.reference)}”)" if notice.reference else ""
    text = (
        f":mag: {_escape(notice.client_name)} paid {notice.amount} on {notice.received_on:%-d %b %Y}"
        f"{reference}, which matches several open recharge invoices. Which one does it pay?"
    )
    blocks: list[Block] = [mrkdwn(text)]
    if notice.applied_to:
        blocks.append(context(f":white_check_mark: Applied to {notice.applied_to} by <@{notice.applied_by}>"))
        return text, blocks
    for candidate in notice.candidates[:MAX_PAYMENT_CHOICES]:
        label = f"Apply to {candidate.invoice_number}"
        blocks.append(
            actions(
                button(label, ids.APPLY_PAYMENT, f"{notice.received_id}:{candidate.invoice_id}"),
                block_id=f"apply:{candidate.invoice_id}",
            )
        )
        if candidate.due:
            blocks.append(context(f"{candidate.invoice_number} · {candidate.due}"))
    return text, blocks


def _listed(title: str, listed: DigestList, unit: str) -> str:
    """A digest list as one section's text, cut to whole lines well within Slack's limit."""
    lines = [title]
    for line in listed.shown:
        if sum(len(x) + 1 for x in lines) + len(line) + 2 > DIGEST_TEXT_LIMIT:
            break
        lines.append(f"• {line}")
    more = listed.more + len(listed.shown) - (len(lines) - 1)
    if more > 0:
        lines.append(f"_…and {more:,} more {unit if more > 1 else unit.removesuffix('s')}_")
    return "\n".join(lines)


@render_notice.register
def _digest(notice: DailyDigest) -> Rendered:
    text = f"Daily digest — {notice.organisation}"
    happened = (
        f"*Since {slack_date(notice.period_start)}*\n"
        f"• Software charges found: *{notice.charges_found:,}*\n"
        f"• Recharges proposed: *{notice.proposed:,}* · approved: *{notice.approved:,}* · "
        f"auto-approved: *{notice.auto_approved:,}* · rejected: *{notice.rejected:,}*\n"
        f"• Invoices created: *{notice.invoices_created:,}* ({notice.invoiced_total})\n"
        f"• Payments received: *{notice.payments_received:,}* ({notice.paid_total})"
    )
    blocks: list[Block] = [header(f"☀️ {text}"), mrkdwn(happened)]
    if notice.waiting.count:
        title = f"*Waiting for approval: {notice.waiting.count:,} recharge(s), {notice.waiting.amount}*"
        blocks.append(mrkdwn(_listed(title, notice.waiting, "clients")))
        blocks.append(actions(button("Review", ids.OPEN_PENDING, "pending", style="primary")))
    if notice.unmatched.count:
        title = f"*Software spend no rule recharges: {notice.unmatched.count:,}*"
        blocks.append(mrkdwn(_listed(title, notice.unmatched, "charges") + "\n`/rechargly unmatched` to act"))
    if notice.accruing.count:
        title = (
            f"*Accruing below the minimum invoice amount: {notice.accruing.count:,} charge(s), "
            f"{notice.accruing.amount}* — invoiced with each client's next charges"
        )
        blocks.append(mrkdwn(_listed(title, notice.accruing, "clients")))
    if notice.overdue.count:
        title = f"*Overdue recharge invoices: {notice.overdue.count:,} ({notice.overdue.amount})*"
        blocks.append(mrkdwn(_listed(title, notice.overdue, "invoices")))
    if notice.attention:
        blocks.append(mrkdwn("*Needs attention*\n" + "\n".join(f":warning: {a}" for a in notice.attention)))
    if notice.empty:
        blocks.append(mrkdwn(":sparkles: A quiet day: nothing happened and nothing waits."))
    return text, blocks


def digest_posted_blocks(outcomes: Sequence[DigestOutcome]) -> list[Block]:
    if not outcomes:
        return [mrkdwn("No Xero organisation is connected, so there is no digest yet.")]
    lines = [
        f"Posted the digest for *{_escape(o.organisation)}* in <#{o.channel}>."
        if o.posted
        else f"No channel is set for *{_escape(o.organisation)}*'s digest: pick one in `/rechargly settings`."
        for o in outcomes
    ]
    return [mrkdwn("\n".join(lines))]


def home_view(summary: HomeSummary) -> Block:
    """The App Home tab (a view of its own: up to 100 blocks)."""
    blocks: list[Block] = [header("Rechargly")]
    if not summary.status.organisations:
        blocks.append(mrkdwn("Not connected to Xero yet. Type `/rechargly connect` in any channel."))
    for org in summary.status.organisations:
        blocks.extend(_organisation_status(org)[:1])
    waiting = f"*{summary.pending:,}* recharge(s) wait for approval" if summary.pending else "Nothing waits"
    blocks.append(
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": waiting},
            "accessory": button("Review", ids.OPEN_PENDING, "pending"),
        }
    )
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*Recharged in {summary.month}*\n{summary.recharged}"},
                {"type": "mrkdwn", "text": f"*Paid in {summary.month}*\n{summary.paid}"},
                {"type": "mrkdwn", "text": f"*Outstanding*\n{summary.outstanding}"},
            ],
        }
    )
    blocks.append(divider())
    if summary.events:
        blocks.extend(history_blocks(History(client_name=None, entries=summary.events))[1:])
    else:
        blocks.append(context("Nothing has happened yet."))
    return {"type": "home", "blocks": blocks[:100]}


INVOICE_STATUS_CHOICES = (("AUTHORISED", "Approved (AUTHORISED)"), ("DRAFT", "Draft, to review in Xero"))


def settings_modal(form: SettingsForm, *, default_time: str) -> Block:
    def conversation(block_id: str, label: str, initial: str | None) -> Block:
        element: Block = {
            "type": "conversations_select",
            "action_id": block_id,
            "filter": {"include": ["public", "private"], "exclude_bot_users": True},
        }
        if initial:
            element["initial_conversation"] = initial
        label_text = {"type": "plain_text", "text": label}
        return {
            "type": "input",
            "block_id": block_id,
            "optional": True,
            "label": label_text,
            "element": element,
        }

    approvers: Block = {"type": "multi_users_select", "action_id": "approvers", "max_selected_items": 50}
    if form.approvers:
        approvers["initial_users"] = list(form.approvers)
    return {
        "type": "modal",
        "callback_id": ids.SETTINGS_MODAL,
        "title": {"type": "plain_text", "text": "Rechargly settings"},
        "submit": {"type": "plain_text", "text": "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            conversation("digest_channel", "Daily digest channel", form.digest_channel),
            conversation("approvals_channel", "Proposals and payments channel", form.approvals_channel),
            {
                "type": "input",
                "block_id": "digest_time",
                "optional": True,
                "label": {"type": "plain_text", "text": "Digest time (the organisation's timezone)"},
                "element": {
                    "type": "timepicker",
                    "action_id": "digest_time",
                    "initial_time": form.digest_time or default_time,
                },
            },
            _select_input(
                "invoice_status", "New invoices are", INVOICE_STATUS_CHOICES, form.invoice_status or ""
            ),
            _text_input(
                "default_markup",
                "Default markup for new rules (%)",
                initial=form.default_markup,
                placeholder="e.g. 10",
            ),
            {
                "type": "input",
                "block_id": "approvers",
                "optional": True,
                "label": {"type": "plain_text", "text": "Approvers (besides workspace admins)"},
                "element": approvers,
            },
        ],
    }


# --- multi-client bills: questions, remembered mappings, CSV import ---------------------------------

MAX_QUESTIONS_SHOWN = 15  # a section and an actions block each, plus the header: under 50 blocks
MAX_MAPPINGS_SHOWN = 20


@render_notice.register
def _lines_need_client(notice: LinesNeedClient) -> Rendered:
    parts = [
        f"{b.lines} line{'s' if b.lines != 1 else ''} of {_escape(b.vendor)}'s {b.month} bill"
        f" need{'s' if b.lines == 1 else ''} a client"
        for b in notice.bills
    ]
    text = "; ".join(parts) + " — /rechargly mapping"
    return text, [
        mrkdwn(":jigsaw: " + "\n".join(f"{p} — `/rechargly mapping`" for p in parts)),
        context(f"{_escape(notice.organisation)} · pick the client once; next month's line maps itself."),
    ]


def _contact_select(action_id: str, initial: tuple[str, str] | None, placeholder: str) -> Block:
    element: Block = {
        "type": "external_select",
        "action_id": action_id,
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": placeholder},
    }
    if initial:
        element["initial_option"] = _option(initial[1], initial[0])
    return element


def mapping_blocks(month: str, label: str, questions: Sequence[OpenQuestion], note: str = "") -> list[Block]:
    """`/rechargly mapping`: each open line with a client picker and an Exclude choice."""
    blocks: list[Block] = [context(note)] if note else []
    if not questions:
        done = f":white_check_mark: Every bill line of {label} has a client (or is excluded)."
        return [*blocks, mrkdwn(done)]
    blocks += [header(f"Bill lines to map — {label}")]
    for question in questions[:MAX_QUESTIONS_SHOWN]:
        blocks.append(
            mrkdwn(
                f"*{_escape(question.vendor)}* · {question.charge_date:%-d %b %Y} · {question.amount}\n"
                f"`{_escape(question.text)[:200]}`\n_{_escape(question.prompt)}_"
            )
        )
        exclude = {
            "type": "overflow",
            "action_id": ids.EXCLUDE_LINE,
            "options": [
                _option("Exclude: don't recharge this line", f"line:{question.id}"),
                _option(f"Exclude everything from {question.vendor}", f"vendor:{question.id}"),
            ],
        }
        blocks.append(
            actions(
                _contact_select(ids.PICK_CLIENT_FOR_LINE, question.best_guess, "Pick the client"),
                exclude,
                block_id=f"question:{question.id}:{month}",
            )
        )
    if len(questions) > MAX_QUESTIONS_SHOWN:
        blocks.append(context(f"…and {len(questions) - MAX_QUESTIONS_SHOWN} more; answer these first."))
    return blocks


def mappings_blocks(page: MappingPage, note: str = "") -> list[Block]:
    """`/rechargly mappings`: remembered line → client answers and exclusions, with Change/Remove."""
    blocks: list[Block] = [context(note)] if note else []
    if not page.rows:
        empty = "No remembered mappings yet: they are saved as you answer `/rechargly mapping`."
        return [*blocks, mrkdwn(empty)]
    blocks.append(header(f"Remembered mappings ({page.total})"))
    for row in page.rows[:MAX_MAPPINGS_SHOWN]:
        vendor, _, text = row.line_key.partition(":")
        target = f"→ *{_escape(row.client_name)}*" if row.client_name else "→ :no_entry_sign: _not recharged_"
        what = f"everything from {vendor}" if text == "*" else f"`{_escape(row.example_text or text)[:150]}`"
        blocks.append(
            {
                **mrkdwn(f"{_escape(vendor)}: {what} {target}"),
                "accessory": button("Remove", ids.REMOVE_MAPPING, str(row.id), style="danger"),
            }
        )
        blocks.append(
            actions(
                _contact_select(ids.CHANGE_MAPPING, None, "Change the client"), block_id=f"mapping:{row.id}"
            )
        )
    if page.pages > 1:
        blocks.append(
            context(f"Page {page.page} of {page.pages} — `/rechargly mappings {page.page % page.pages + 1}`")
        )
    return blocks


def import_modal(channel_id: str) -> Block:
    return {
        "type": "modal",
        "callback_id": ids.IMPORT_MODAL,
        "private_metadata": channel_id,
        "title": {"type": "plain_text", "text": "Import charges"},
        "submit": {"type": "plain_text", "text": "Import"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            mrkdwn(
                "A CSV with the columns *vendor, client, description, cost, client price* (optional), "
                "*date* (YYYY-MM-DD, or YYYY-MM for a period) and *invoice number*; for usage-based "
                "lines add *quantity* and *unit price*. Every row is checked before anything is imported."
            ),
            {
                "type": "input",
                "block_id": "file",
                "label": {"type": "plain_text", "text": "CSV file"},
                "element": {"type": "file_input", "action_id": "file", "filetypes": ["csv"], "max_files": 1},
            },
        ],
    }


def import_outcome_blocks(outcome: ImportOutcome) -> list[Block]:
    name = _escape(outcome.file_name or "the file")
    if outcome.status == "duplicate":
        when = f" on {outcome.imported_at:%-d %b %Y}" if outcome.imported_at else ""
        return [mrkdwn(f":information_source: *{name}* was already imported{when}: nothing new was created.")]
    if outcome.status == "imported":
        text = f":white_check_mark: Imported *{outcome.imported}* charge(s) from *{name}* ({outcome.total})."
        if outcome.already_there:
            text += f" {outcome.already_there} row(s) were already imported earlier and were skipped."
        if outcome.errors:
            text += f" {len(outcome.errors)} row(s) with problems were left out."
        return [mrkdwn(text + " The proposals are posted for approval.")]
    blocks = [
        mrkdwn(
            f":warning: *{name}* wasn't imported: {len(outcome.errors)} row(s) have problems. "
            "Nothing was imported. Fix them and share the file again."
        ),
        mrkdwn("\n".join(_escape(line) for line in describe_errors(outcome.errors))),
    ]
    if outcome.valid_rows:
        blocks.append(
            actions(
                button(
                    f"Import the {outcome.valid_rows} valid row(s) only",
                    ids.IMPORT_VALID_ROWS,
                    outcome.file_id,
                    style="primary",
                ),
                block_id="import",
            )
        )
    return blocks
