"""Block Kit for the overview: status, history, the daily digest and the App Home tab."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import ids
from handlers.kit import (
    SECTION_TEXT,
    VIEW_BLOCKS,
    Block,
    Message,
    Mrkdwn,
    Page,
    actions,
    button,
    channel_link,
    context,
    divider,
    fields,
    fit_blocks,
    header,
    join,
    md,
    mention,
    message,
    pager,
    section,
    slack_date,
)
from handlers.review.blocks import outbox_status_blocks
from services.audit import History, HistoryEntry
from services.digest import DigestOutcome
from services.home import HomeSummary
from services.notices import DailyDigest, DigestList
from services.status import OrganisationStatus, WorkspaceStatus

DIGEST_TEXT_LIMIT = SECTION_TEXT - 100  # room for "…and N more"
HISTORY_PAGE = 20
_HEALTH = {
    "ok": ":large_green_circle: ok",
    "needs reconnect": ":red_circle: needs reconnect",
    "disconnected": ":white_circle: disconnected",
}


def status_blocks(status: WorkspaceStatus) -> list[Block]:
    if not status.organisations:
        return [
            header("Rechargly status"),
            section(md("Not connected to Xero yet. Type `/rechargly connect` to connect an organisation.")),
        ]
    blocks: list[Block] = [header("Rechargly status")]
    for org in status.organisations[:15]:  # three blocks each
        blocks.extend(_organisation_status(org))
    if len(status.organisations) > 15:
        blocks.append(context(md("…and {n} more organisations.", n=len(status.organisations) - 15)))
    return blocks + outbox_status_blocks(status.outbox)


def _organisation_fields(org: OrganisationStatus) -> Block:
    last = slack_date(org.last_sync_at)
    if org.last_sync_status and org.last_sync_at:
        last += md(" ({s})", s=org.last_sync_status)
    return fields(
        md("*Organisation*\n{name}", name=org.name),
        md(
            "*Currency · country · entity*\n{cur} · {country} · {kind}",
            cur=org.base_currency,
            country=org.country_code,
            kind=org.organisation_type or "—",
        ),
        md("*Connected by*\n{who} on {on}", who=mention(org.connected_by), on=slack_date(org.connected_at)),
        md("*Xero connection*\n{h}", h=_HEALTH[org.token_health]),
        md("*Last sync*\n{last}", last=last),
        md("*Next sync*\n{next}", next=slack_date(org.next_sync_at, fallback_none="not scheduled")),
        md("*Waiting for approval*\n{n}", n=org.pending_recharges),
    )


def _organisation_status(org: OrganisationStatus) -> Sequence[Block]:
    scopes = join((md("`{s}`", s=s) for s in org.scopes), ", ") or md("none")
    limited = (
        [
            section(
                md(
                    ":no_entry: Xero's daily limit for this organisation (5,000 calls) is used up: "
                    "syncing and invoicing stop until Xero's day rolls over at {at} UTC, then resume. "
                    "Nothing was lost.",
                    at=f"{org.daily_limit_until:%H:%M}",
                )
            )
        ]
        if org.daily_limit_until
        else []
    )
    return [_organisation_fields(org), *limited, context(md("Scopes granted: {s}", s=scopes)), divider()]


def _history_line(entry: HistoryEntry, *, with_client: bool) -> Mrkdwn:
    actor = md("Rechargly") if entry.actor == "rechargly" else mention(entry.actor)
    client = md(" · {c}", c=entry.client_name) if entry.client_name and with_client else md("")
    return md(
        "• {at} — {actor} *{action}* {detail}{client}",
        at=slack_date(entry.at),
        actor=actor,
        action=entry.action,
        detail=_detail(entry),
        client=client,
    )


def _history_lines(history: History) -> list[Block]:
    lines = [_history_line(e, with_client=not history.client_name) for e in history.entries]
    blocks: list[Block] = []
    chunk: list[Mrkdwn] = []
    for line in lines:  # several sections when the lines don't fit one
        if chunk and sum(len(x) + 1 for x in chunk) + len(line) > DIGEST_TEXT_LIMIT:
            blocks.append(section(join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        blocks.append(section(join(chunk)))
    return blocks


def history_blocks(history: History, page: Page) -> list[Block]:
    who = history.client_name or "everyone"
    if not history.entries:
        return [section(md("No recorded activity for {who} yet.", who=who))]
    return [
        header(f"History — {who}"),
        *_history_lines(history),
        *pager(page, ids.PAGE_HISTORY, history.query),
    ]


def _detail(entry: HistoryEntry) -> Mrkdwn:
    details = entry.details
    if "invoice_number" in details:
        return md("{n} ({t})", n=details["invoice_number"], t=details.get("total", ""))
    if "before" in details and "after" in details and isinstance(details["after"], dict):
        before = details["before"] or {}  # None when the thing was new (e.g. "mapping saved")
        changed = [k for k, v in details["after"].items() if before.get(k) != v]
        return md("{s}: {c}", s=entry.subject, c=", ".join(changed) or "no change")
    if "reason" in details:
        return md("{s}: {r}", s=entry.subject, r=str(details["reason"])[:120])
    if "amount" in details:
        return md("{v} {a}", v=str(details.get("vendor", "")), a=details["amount"])
    if "total" in details:
        return md("{s} ({t})", s=entry.subject, t=details["total"])
    return md("{s}", s=entry.subject)


def _listed(title: Mrkdwn, listed: DigestList, unit: str) -> Mrkdwn:
    """A digest list as one section's text, cut to whole lines well within Slack's limit."""
    lines = [title]
    for item in listed.shown:
        line = md("• *{name}* {detail}", name=item.name, detail=item.detail)
        if sum(len(x) + 1 for x in lines) + len(line) > DIGEST_TEXT_LIMIT:
            break
        lines.append(line)
    more = listed.more + len(listed.shown) - (len(lines) - 1)
    if more > 0:
        lines.append(
            md("_…and {n} more {unit}_", n=f"{more:,}", unit=unit if more > 1 else unit.removesuffix("s"))
        )
    return join(lines)


def render_digest(notice: DailyDigest) -> Message:
    text = md("Daily digest — {org}", org=notice.organisation)
    happened = md(
        "*Since {since}*\n"
        "• Software charges found: *{found:,}*\n"
        "• Recharges proposed: *{proposed:,}* · approved: *{approved:,}* · "
        "auto-approved: *{auto:,}* · rejected: *{rejected:,}*\n"
        "• Invoices created: *{created:,}* ({invoiced})\n"
        "• Payments received: *{paid_count:,}* ({paid})",
        since=slack_date(notice.period_start),
        found=notice.charges_found,
        proposed=notice.proposed,
        approved=notice.approved,
        auto=notice.auto_approved,
        rejected=notice.rejected,
        created=notice.invoices_created,
        invoiced=notice.invoiced_total,
        paid_count=notice.payments_received,
        paid=notice.paid_total,
    )
    blocks: list[Block] = [header(f"☀️ Daily digest — {notice.organisation}"), section(happened)]
    if notice.waiting.count:
        title = md(
            "*Waiting for approval: {n:,} recharge(s), {a}*", n=notice.waiting.count, a=notice.waiting.amount
        )
        blocks.append(section(_listed(title, notice.waiting, "clients")))
        blocks.append(actions(button("Review", ids.OPEN_PENDING, "pending", style="primary")))
    if notice.unmatched.count:
        title = md("*Software spend no rule recharges: {n:,}*", n=notice.unmatched.count)
        blocks.append(
            section(_listed(title, notice.unmatched, "charges") + md("\n`/rechargly unmatched` to act"))
        )
    if notice.accruing.count:
        title = (
            md(
                "*Approved, billed in the next billing run on {d}: {n:,} charge(s), {a}*",
                d=notice.billing_run_on,
                n=notice.accruing.count,
                a=notice.accruing.amount,
            )
            if notice.billing_run_on
            else md(
                "*Accruing below the minimum invoice amount: {n:,} charge(s), {a}* — invoiced with each "
                "client's next charges",
                n=notice.accruing.count,
                a=notice.accruing.amount,
            )
        )
        blocks.append(section(_listed(title, notice.accruing, "clients")))
    if notice.overdue.count:
        title = md(
            "*Overdue recharge invoices: {n:,} ({a})*", n=notice.overdue.count, a=notice.overdue.amount
        )
        blocks.append(section(_listed(title, notice.overdue, "invoices")))
    if notice.attention:
        notes = join(md(":warning: {a}", a=a) for a in notice.attention)
        blocks.append(section(md("*Needs attention*\n{notes}", notes=notes)))
    if notice.empty:
        blocks.append(section(md(":sparkles: A quiet day: nothing happened and nothing waits.")))
    return message(text, blocks)


def digest_posted_blocks(outcomes: Sequence[DigestOutcome]) -> list[Block]:
    if not outcomes:
        return [section(md("No Xero organisation is connected, so there is no digest yet."))]
    lines = [
        md(
            "Posted the digest for *{org}* in {channel}.",
            org=o.organisation,
            channel=channel_link(o.channel or ""),
        )
        if o.posted
        else md(
            "No channel is set for *{org}*'s digest: pick one in `/rechargly settings`.", org=o.organisation
        )
        for o in outcomes
    ]
    return [section(join(lines))]


def home_view(summary: HomeSummary) -> Block:
    """The App Home tab (a view of its own: up to 100 blocks)."""
    blocks: list[Block] = [header("Rechargly")]
    if not summary.status.organisations:
        blocks.append(section(md("Not connected to Xero yet. Type `/rechargly connect` in any channel.")))
    for org in summary.status.organisations[:20]:
        blocks.append(_organisation_fields(org))
    waiting = (
        md("*{n:,}* recharge(s) wait for approval", n=summary.pending)
        if summary.pending
        else md("Nothing waits")
    )
    blocks.append(section(waiting, accessory=button("Review", ids.OPEN_PENDING, "pending")))
    blocks.append(
        fields(
            md("*Recharged in {m}*\n{v}", m=summary.month, v=summary.recharged),
            md("*Paid in {m}*\n{v}", m=summary.month, v=summary.paid),
            md("*Outstanding*\n{v}", v=summary.outstanding),
        )
    )
    blocks.append(divider())
    if summary.events:
        blocks.extend(_history_lines(History(client_name=None, entries=summary.events)))
    else:
        blocks.append(context(md("Nothing has happened yet.")))
    return {"type": "home", "blocks": fit_blocks(blocks, VIEW_BLOCKS)}


NOTICES = {DailyDigest: render_digest}
