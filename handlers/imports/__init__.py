"""CSV imports: `/rechargly import` and its modal, "Import the valid rows only", a CSV shared in the DM."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import ids
from handlers.errors import error_blocks, on_click
from handlers.imports.blocks import import_modal, import_outcome_blocks
from handlers.kit import md, message, section
from handlers.payloads import respond_with, user_and_team
from handlers.slash import Invocation, reply, slash
from services.errors import FormInvalid, RecharglyError

if TYPE_CHECKING:
    from bot.container import Services


def on_import(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    """Open the CSV import modal (approvers only)."""
    inv = Invocation.of(command)
    inv.no_arguments()
    services.imports.check_may_import(team_id=inv.team_id, user_id=inv.user_id)
    client.views_open(trigger_id=inv.trigger_id, view=import_modal(inv.channel_id))  # the trigger lasts 3 s
    reply(ack, [section(md("Opening the import form…"))])


def on_import_valid(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    outcome = services.imports.load_file(
        team_id=team_id, user_id=user_id, file_id=str(action.get("value", "")), valid_only=True
    )
    assert outcome is not None
    respond_with(respond, import_outcome_blocks(outcome), md("Import"), replace=True)


def on_import_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Acknowledge once a file is chosen; reading and importing it runs after, then reports."""
    user_id, team_id = user_and_team(body)
    files = (view["state"]["values"].get("file", {}).get("file") or {}).get("files") or []
    if not files:
        raise FormInvalid({"file": "Choose a CSV file"})
    services.imports.check_may_import(team_id=team_id, user_id=user_id)
    ack()
    channel = str(view.get("private_metadata") or "")
    services.background.submit(
        partial(
            _import_and_tell,
            services,
            client,
            team_id=team_id,
            user_id=user_id,
            file_id=files[0]["id"],
            channel=channel,
        )
    )


def on_file_shared(
    event: dict[str, Any], body: dict[str, Any], client: WebClient, services: Services
) -> None:
    """A CSV shared with the bot in its DM is imported like one given in the modal."""
    file_id, user_id = str(event.get("file_id", "")), str(event.get("user_id", ""))
    if not file_id or not user_id or user_id == (body.get("authorizations") or [{}])[0].get("user_id"):
        return  # the bot's own upload
    if not str(event.get("channel_id", "")).startswith("D"):
        return  # a CSV posted in a channel is someone else's conversation, never an import
    _import_and_tell(
        services, client, team_id=str(body.get("team_id", "")), user_id=user_id, file_id=file_id,
        channel=str(event.get("channel_id", "")), dm=True, only_csv=True,
    )  # fmt: skip


def _import_and_tell(
    services: Services,
    client: WebClient,
    *,
    team_id: str,
    user_id: str,
    file_id: str,
    channel: str,
    dm: bool = False,
    only_csv: bool = False,
) -> None:
    """Import the file, then tell the person what happened: in the channel (to them only) or the DM.

    There is no response_url here (a closed modal, an event), so problems are told the same way."""
    try:
        outcome = services.imports.load_file(
            team_id=team_id, user_id=user_id, file_id=file_id, only_csv=only_csv
        )
    except RecharglyError as error:
        blocks = error_blocks(error)
    else:
        if outcome is None:
            return  # not a CSV: other files shared in the DM are not ours to act on
        blocks = import_outcome_blocks(outcome)
    sent = message(md("CSV import"), blocks)
    if channel and not dm:
        client.chat_postEphemeral(channel=channel, user=user_id, blocks=sent.blocks, text=sent.fallback)
    else:
        client.chat_postMessage(channel=channel or user_id, blocks=sent.blocks, text=sent.fallback)


def register(app: App) -> None:
    slash(app, "import", on_import)
    on_click(app, ids.IMPORT_VALID_ROWS, on_import_valid)
    app.view(ids.IMPORT_MODAL)(on_import_submitted)
    app.event("file_shared")(on_file_shared)
