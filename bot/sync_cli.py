"""`rechargly sync --once`: sync from a terminal or cron, with a progress bar and a plain summary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot.container import Services
from services.errors import RecharglyError, XeroNotConnected
from services.notices import EntityProgress, SyncProgress
from services.sync.service import SyncBusy

BAR_WIDTH = 24
NOTHING_CONNECTED = (
    "rechargly: no Xero organisation is connected yet, so there is nothing to sync. Start Rechargly "
    "(`rechargly serve`), then in Slack a workspace admin types `/rechargly connect` and presses "
    "Connect Xero (README → Connect a real Xero app)."
)


class ProgressBar:
    """One line, redrawn in place on a terminal (and printed once per entity elsewhere)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._finished: set[str] = set()

    def __call__(self, report: SyncProgress) -> None:
        current = next((e for e in report.entities if not e.finished), None)
        if self._tty and current is not None:
            self._stream.write(f"\r{_bar(report, current)}\033[K")
            self._stream.flush()
            return
        for entity in report.entities:
            if entity.finished and entity.label not in self._finished:
                self._finished.add(entity.label)
                self._stream.write(
                    f"{'' if not self._tty else chr(13)}  {entity.label}: {entity.fetched:,} ✓\n"
                )
        self._stream.flush()


def _bar(report: SyncProgress, current: EntityProgress) -> str:
    done = sum(1 for e in report.entities if e.finished)
    filled = round(BAR_WIDTH * done / len(report.entities))
    total = f"/{current.expected:,}" if current.expected is not None else ""
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {current.label} {current.fetched:,}{total}"


def summary_lines(report: SyncProgress) -> list[str]:
    """The summary as plain text: what changed per entity, what the listeners found, any error."""
    state = {"ok": "synced", "limited": "paused (Xero's daily limit)", "failed": "stopped"}.get(
        report.state, report.state
    )
    lines = [f"{report.organisation}: {state}"]
    for entity in report.entities:
        lines.append(
            f"  {entity.label:<18} {entity.fetched:>8,} read  {entity.new:>7,} new  "
            f"{entity.updated:>7,} updated  {entity.voided:>5,} voided"
        )
    lines += [f"  {what}: {count:,}" for what, count in report.found]
    if report.error:
        lines.append(f"  error: {report.error}")
    return lines


def run_sync_once(
    services: Services,
    *,
    organisation: str | None,
    say: Callable[[str], None] = print,
    stream: TextIO = sys.stderr,
) -> int:
    """Sync every active organisation (or the named one); 0 when all synced, 1 otherwise."""
    try:
        connections = services.sync.connections(None, organisation)
    except XeroNotConnected:
        say(NOTHING_CONNECTED)
        return 1
    except RecharglyError:
        names = ", ".join(c.name for c in services.sync.connections(None))
        say(f"rechargly: no connected organisation is called “{organisation}”. Connected: {names}.")
        return 1
    status = 0
    for connection in connections:
        outcome = services.sync.run(connection.id or 0, trigger="cli", progress=ProgressBar(stream))
        if isinstance(outcome, SyncBusy):
            say(f"rechargly: {connection.name} is already syncing (started {outcome.started_at:%H:%M} UTC)")
            status = 1
            continue
        for line in summary_lines(outcome):
            say(line)
        if outcome.state != "ok":
            status = 1
    return status
