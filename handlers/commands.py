"""The `/rechargly` slash command: parse, call one service, render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers import blocks
from handlers.ids import COMMAND
from handlers.mapping import mapping_reply
from handlers.parsing import SlashRequest, parse_slash
from handlers.views import open_rule_modal, open_settings_modal
from services.audit import history
from services.errors import BadRequest, XeroNotConnected
from services.recharge import pending, unmatched
from services.status import workspace_status
from services.sync import SyncBusy

if TYPE_CHECKING:
    from bot.container import Services


@dataclass(frozen=True)
class Invocation:
    """Who typed the command, where, and what."""

    request: SlashRequest
    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    response_url: str
    client: WebClient | None = field(default=None, repr=False, compare=False)  # to open modals

    @classmethod
    def from_payload(cls, command: dict[str, Any], client: WebClient | None = None) -> Invocation:
        return cls(
            request=parse_slash(command.get("text", "")),
            team_id=command["team_id"],
            user_id=command["user_id"],
            channel_id=command.get("channel_id", ""),
            trigger_id=command.get("trigger_id", ""),
            response_url=command.get("response_url", ""),
            client=client,
        )


Reply = list[dict[str, Any]]
Route = Callable[["Services", Invocation], Reply]


def _help(_services: Services, _inv: Invocation) -> Reply:
    return blocks.help_blocks()


def _status(services: Services, inv: Invocation) -> Reply:
    status = workspace_status(
        db=services.db, schedule=services.schedule, team_id=inv.team_id, now=services.clock.now()
    )
    return blocks.status_blocks(status)


def _connect(services: Services, inv: Invocation) -> Reply:
    services.permissions.ensure_admin(team_id=inv.team_id, user_id=inv.user_id, doing="connect Xero")
    offer = services.connector.start(team_id=inv.team_id, user_id=inv.user_id, channel_id=inv.channel_id)
    return blocks.connect_offer_blocks(offer)


def _disconnect(services: Services, inv: Invocation) -> Reply:
    services.permissions.ensure_admin(team_id=inv.team_id, user_id=inv.user_id, doing="disconnect Xero")
    connections = services.connector.active_connections(inv.team_id)
    if not connections:
        raise XeroNotConnected()
    return blocks.disconnect_blocks([(c.id or 0, c.name) for c in connections])


def _sync(services: Services, inv: Invocation) -> Reply:
    """Start a sync of each organisation (or the one named) in the background; answer at once."""
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
    return blocks.sync_started_blocks(started, busy)


def _no_arguments(inv: Invocation) -> None:
    if inv.request.args:
        raise BadRequest(
            f"`/rechargly {inv.request.name}` takes no arguments (you typed “{inv.request.rest[:60]}”)."
        )


def _rules(services: Services, inv: Invocation) -> Reply:
    """`rules` lists them; `rules add` opens the rule form."""
    if not inv.request.args:
        return blocks.rules_blocks(services.rules.summaries(team_id=inv.team_id))
    if [a.lower() for a in inv.request.args] != ["add"]:
        raise BadRequest(
            "Try `/rechargly rules` to list your rules, or `/rechargly rules add` to create one."
        )
    services.permissions.ensure_approver(
        team_id=inv.team_id, user_id=inv.user_id, doing="manage recharge rules"
    )
    assert inv.client is not None
    open_rule_modal(
        services, inv.client, team_id=inv.team_id, trigger_id=inv.trigger_id, channel_id=inv.channel_id
    )
    return [blocks.mrkdwn("Opening the rule form…")]


def _unmatched(services: Services, inv: Invocation) -> Reply:
    _no_arguments(inv)
    return blocks.unmatched_blocks(unmatched(db=services.db, catalog=services.catalog, team_id=inv.team_id))


def _pending(services: Services, inv: Invocation) -> Reply:
    _no_arguments(inv)
    return blocks.pending_blocks(pending(db=services.db, team_id=inv.team_id))


def _digest(services: Services, inv: Invocation) -> Reply:
    """Post each organisation's digest in its digest channel now, and say where."""
    _no_arguments(inv)
    return blocks.digest_posted_blocks(services.digest.post_for_team(team_id=inv.team_id))


def _settings(services: Services, inv: Invocation) -> Reply:
    """Open the settings modal (admins only)."""
    _no_arguments(inv)
    services.workspace_settings.ensure_admin(team_id=inv.team_id, user_id=inv.user_id)
    assert inv.client is not None
    open_settings_modal(services, inv.client, team_id=inv.team_id, trigger_id=inv.trigger_id)
    return [blocks.mrkdwn("Opening the settings…")]


def _mapping(services: Services, inv: Invocation) -> Reply:
    """This month's bill lines without a sure client (`mapping 2026-10` for another month)."""
    if len(inv.request.args) > 1:
        raise BadRequest("Try `/rechargly mapping`, or `/rechargly mapping 2026-10` for another month.")
    return mapping_reply(services, team_id=inv.team_id, month=inv.request.rest or None)


def _mappings(services: Services, inv: Invocation) -> Reply:
    """Remembered mappings and exclusions, 20 a page (`mappings 2` for the next page)."""
    page = inv.request.rest or "1"
    if not page.isdigit():
        raise BadRequest("Try `/rechargly mappings`, or `/rechargly mappings 2` for the next page.")
    return blocks.mappings_blocks(services.mapping.mappings(team_id=inv.team_id, page=int(page)))


def _import(services: Services, inv: Invocation) -> Reply:
    """Open the CSV import modal (approvers only)."""
    _no_arguments(inv)
    services.permissions.ensure_approver(team_id=inv.team_id, user_id=inv.user_id, doing="import charges")
    assert inv.client is not None
    inv.client.views_open(trigger_id=inv.trigger_id, view=blocks.import_modal(inv.channel_id))
    return [blocks.mrkdwn("Opening the import form…")]


def _history(services: Services, inv: Invocation) -> Reply:
    """`history` for everyone, `history <client>` for one client (any part of the name)."""
    return blocks.history_blocks(history(db=services.db, team_id=inv.team_id, client_query=inv.request.rest))


ROUTES: dict[str, Route] = {
    "help": _help,
    "status": _status,
    "connect": _connect,
    "disconnect": _disconnect,
    "sync": _sync,
    "rules": _rules,
    "unmatched": _unmatched,
    "pending": _pending,
    "history": _history,
    "digest": _digest,
    "settings": _settings,
    "mapping": _mapping,
    "mappings": _mappings,
    "import": _import,
}


def register(app: App, services: Services) -> None:
    @app.command(COMMAND)
    def on_rechargly(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        inv = Invocation.from_payload(command, client)
        route = ROUTES.get(inv.request.name)
        reply = route(services, inv) if route else blocks.unknown_command_blocks(inv.request.name)
        ack(response_type="ephemeral", blocks=reply, text=_fallback_text(reply))


def _fallback_text(reply: Reply) -> str:
    """The notification text Slack shows where blocks can't be: the first text in the reply."""
    for block in reply:
        text = block.get("text", {}).get("text")
        if text:
            return str(text)[:300]
    return "Rechargly"
