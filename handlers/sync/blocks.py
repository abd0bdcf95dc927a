"""Block Kit for syncing: the answer to `/rechargly sync`, and the progress message a sync edits."""

from __future__ import annotations

from collections.abc import Sequence

from handlers.kit import Block, Message, Mrkdwn, context, join, md, mention, message, section, slack_time
from services.notices import EntityProgress, SyncProgress
from services.sync.service import SyncBusy


def sync_started_blocks(started: Sequence[str], busy: Sequence[SyncBusy]) -> list[Block]:
    """The ephemeral answer to `/rechargly sync`: what started, and what was already running."""
    blocks = [
        section(
            md(":arrows_counterclockwise: Syncing *{name}* from Xero — progress is posted here.", name=name)
        )
        for name in started
    ]
    blocks += [
        section(
            md(
                ":hourglass_flowing_sand: A sync of *{org}* started at {at}{by} is running — "
                "I'll post here when it finishes.",
                org=b.organisation,
                at=slack_time(b.started_at),
                by=md(" by {who}", who=mention(b.started_by)) if b.started_by else md(""),
            )
        )
        for b in busy
    ]
    return blocks


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
    "running": (":arrows_counterclockwise: Syncing *{org}* from Xero…", "Syncing {org} from Xero"),
    "ok": (":white_check_mark: Synced *{org}* from Xero.", "Synced {org} from Xero."),
    "limited": (":hourglass: Sync of *{org}* paused.", "Sync of {org} paused."),
    "failed": (":warning: Sync of *{org}* stopped before the end.", "Sync of {org} stopped before the end."),
}


def render_sync_progress(notice: SyncProgress) -> Message:
    headline, short = _SYNC_HEADLINE[notice.state]
    entities = [e for e in notice.entities if e.label != "Organisation"]
    progress = md("{p}", p=" · ".join(_entity_progress(e) for e in entities))
    blocks: list[Block] = [section(md(headline, org=notice.organisation))]
    if entities:
        blocks.append(context(progress))
    if notice.state == "running":
        return message(md(short + ": {p}", org=notice.organisation, p=progress), blocks)
    changes = [line for line in map(_entity_summary, notice.entities) if line]
    found = [f"• {what}: {count:,}" for what, count in notice.found]
    summary: Mrkdwn = join(md("{x}", x=x) for x in changes + found)
    if not summary and entities:  # nothing to count, as opposed to a run that never got to count
        summary = md("Nothing changed in Xero since the last sync.")
    if summary:
        blocks.append(section(summary))
    if notice.error:
        blocks.append(section(md(":warning: {e}", e=notice.error)))
    return message(md(short + " {s}", org=notice.organisation, s=summary), blocks)


NOTICES = {SyncProgress: render_sync_progress}
