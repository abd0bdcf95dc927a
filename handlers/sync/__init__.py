"""`/rechargly sync`: start a sync of each organisation (or the one named) in the background."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App

from handlers.slash import Invocation, reply, slash
from handlers.sync.blocks import NOTICES, sync_started_blocks
from services.sync.service import SyncBusy

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]


def on_sync(ack: Ack, command: dict[str, Any], services: Services) -> None:
    """Answer at once; each sync posts and edits its own progress message in the channel."""
    inv = Invocation.of(command)
    started: list[str] = []
    busy: list[SyncBusy] = []
    for connection in services.sync.connections(inv.team_id, inv.request.rest or None):
        begun = services.sync.begin(
            connection.id or 0, trigger="manual", started_by=inv.user_id, channel_id=inv.channel_id
        )
        if isinstance(begun, SyncBusy):
            busy.append(begun)
            continue
        services.background.submit(
            partial(services.sync.run_in_channel, begun, team_id=inv.team_id, channel=inv.channel_id)
        )
        started.append(connection.name)
    reply(ack, sync_started_blocks(started, busy))


def register(app: App) -> None:
    slash(app, "sync", on_sync)
