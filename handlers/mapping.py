"""Per-client bills and imports in Slack: answer a line, exclude it, edit mappings, import a CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import blocks, ids
from handlers.payloads import number, user_and_team
from services.csv_import import ImportOutcome, require_csv
from services.errors import BadRequest, RecharglyError
from services.mapping import Resolved

if TYPE_CHECKING:
    from bot.container import Services

Reply = list[dict[str, Any]]


STALE_MAPPING = "That mapping is out of date. Run `/rechargly mappings` again."


def mapping_reply(services: Services, *, team_id: str, month: str | None, note: str = "") -> Reply:
    """The month's open questions as blocks (this month when ``month`` is None)."""
    today = services.clock.now().date()
    label, questions = services.mapping.questions(team_id=team_id, month=month, today=today)
    shown_month = month or f"{today:%Y-%m}"
    return blocks.mapping_blocks(shown_month, label, questions, note)


def _question_block(action: dict[str, Any]) -> tuple[int, str]:
    """(question id, month) from the block id "question:{id}:{YYYY-MM}"."""
    _, question, month = [*str(action.get("block_id", "")).split(":"), "", ""][:3]
    return number(question, stale="That line is out of date. Run `/rechargly mapping` again."), month


def _resolved_note(resolved: Resolved) -> str:
    lines = f"{resolved.lines} line(s)" if resolved.lines > 1 else "the line"
    if resolved.client_name is None:
        return f":no_entry_sign: Excluded {lines}: never recharged, never asked again."
    made = f", {resolved.proposals} proposal(s) posted for approval" if resolved.proposals else ""
    return f":white_check_mark: Mapped {lines} to *{resolved.client_name}*{made}. Next month it maps itself."


def _import(
    services: Services, *, team_id: str, user_id: str, file_id: str, valid_only: bool
) -> ImportOutcome:
    file = services.files.download(team_id=team_id, file_id=file_id)
    require_csv(file.name, file.filetype)
    return services.imports.load(
        team_id=team_id,
        user_id=user_id,
        file_name=file.name,
        file_id=file_id,
        content=file.content,
        valid_only=valid_only,
    )


def register(app: App, services: Services) -> None:
    @app.action(ids.PICK_CLIENT_FOR_LINE)
    def on_pick_client(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        question_id, month = _question_block(action)
        client_id = str((action.get("selected_option") or {}).get("value", ""))
        resolved = services.mapping.answer(
            team_id=team_id, user_id=user_id, question_id=question_id, client_id=client_id
        )
        reply = mapping_reply(services, team_id=team_id, month=month or None, note=_resolved_note(resolved))
        respond(blocks=reply, replace_original=True, text="Bill line mapped")

    @app.action(ids.EXCLUDE_LINE)
    def on_exclude(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        scope, _, question = str((action.get("selected_option") or {}).get("value", "")).partition(":")
        if scope not in ("line", "vendor") or not question.isdigit():
            raise BadRequest("That choice is out of date. Run `/rechargly mapping` again.")
        _, month = _question_block(action)
        resolved = services.mapping.exclude(
            team_id=team_id, user_id=user_id, question_id=int(question), whole_vendor=scope == "vendor"
        )
        reply = mapping_reply(services, team_id=team_id, month=month or None, note=_resolved_note(resolved))
        respond(blocks=reply, replace_original=True, text="Bill line excluded")

    @app.action(ids.CHANGE_MAPPING)
    def on_change(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        mapping_id = number(str(action.get("block_id", "")).removeprefix("mapping:"), stale=STALE_MAPPING)
        client_id = str((action.get("selected_option") or {}).get("value", ""))
        name = services.mapping.change(
            team_id=team_id, user_id=user_id, mapping_id=mapping_id, client_id=client_id
        )
        page = services.mapping.mappings(team_id=team_id)
        note = f":white_check_mark: Changed: those lines now go to *{name}*."
        respond(blocks=blocks.mappings_blocks(page, note), replace_original=True, text="Mapping changed")

    @app.action(ids.REMOVE_MAPPING)
    def on_remove(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        mapping_id = number(action.get("value", ""), stale=STALE_MAPPING)
        key = services.mapping.remove(team_id=team_id, user_id=user_id, mapping_id=mapping_id)
        page = services.mapping.mappings(team_id=team_id)
        note = f":wastebasket: Removed `{key}`: the next bill asks about it again."
        respond(blocks=blocks.mappings_blocks(page, note), replace_original=True, text="Mapping removed")

    @app.action(ids.IMPORT_VALID_ROWS)
    def on_import_valid(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        outcome = _import(
            services, team_id=team_id, user_id=user_id, file_id=str(action.get("value", "")), valid_only=True
        )
        respond(blocks=blocks.import_outcome_blocks(outcome), replace_original=True, text="Import")

    @app.view(ids.IMPORT_MODAL)
    def on_import_submitted(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user_id, team_id = user_and_team(body)
        files = (view["state"]["values"].get("file", {}).get("file") or {}).get("files") or []
        if not files:
            ack(response_action="errors", errors={"file": "Choose a CSV file"})
            return
        try:
            outcome = _import(
                services, team_id=team_id, user_id=user_id, file_id=files[0]["id"], valid_only=False
            )
        except RecharglyError as error:  # shown on the form itself: a modal has no other place
            ack(response_action="errors", errors={"file": error.message})
            return
        ack()
        reply = blocks.import_outcome_blocks(outcome)
        channel = str(view.get("private_metadata") or "")
        if channel:
            client.chat_postEphemeral(channel=channel, user=user_id, blocks=reply, text="CSV import")
        else:
            client.chat_postMessage(channel=user_id, blocks=reply, text="CSV import")

    @app.event("file_shared")
    def on_file_shared(ack: Ack, event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        """A CSV shared with the bot in its DM is imported like one given in the modal."""
        ack()
        file_id, user_id = str(event.get("file_id", "")), str(event.get("user_id", ""))
        channel = str(event.get("channel_id", ""))
        if not file_id or not user_id or user_id == (body.get("authorizations") or [{}])[0].get("user_id"):
            return  # the bot's own upload
        if not channel.startswith("D"):
            return  # a CSV posted in a channel is someone else's conversation, never an import
        file = services.files.download(team_id=body.get("team_id", ""), file_id=file_id)
        if file.filetype.lower() != "csv" and not file.name.lower().endswith(".csv"):
            return  # other files shared in the DM are not ours to act on
        try:
            outcome = services.imports.load(
                team_id=body.get("team_id", ""),
                user_id=user_id,
                file_name=file.name,
                file_id=file_id,
                content=file.content,
            )
            reply = blocks.import_outcome_blocks(outcome)
        except RecharglyError as error:  # an event has no respond(): answer in the DM
            reply = blocks.error_blocks(error.message)
        client.chat_postMessage(channel=channel or user_id, blocks=reply, text="CSV import")
