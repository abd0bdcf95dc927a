"""Block Kit for CSV imports: the modal, and what happened to a file."""

from __future__ import annotations

from handlers import ids
from handlers.kit import Block, actions, button, join, md, modal, section
from services.recharging.csv_import import ImportOutcome, describe_errors


def import_modal(channel_id: str) -> Block:
    file_input = {
        "type": "input",
        "block_id": "file",
        "label": {"type": "plain_text", "text": "CSV file"},
        "element": {"type": "file_input", "action_id": "file", "filetypes": ["csv"], "max_files": 1},
    }
    explain = md(
        "A CSV with the columns *vendor, client, description, cost, client price* (optional), "
        "*date* (YYYY-MM-DD, or YYYY-MM for a period) and *invoice number*; for usage-based "
        "lines add *quantity* and *unit price*. Every row is checked before anything is imported."
    )
    return modal(
        ids.IMPORT_MODAL,
        "Import charges",
        [section(explain), file_input],
        submit="Import",
        metadata=channel_id,
    )


def import_outcome_blocks(outcome: ImportOutcome) -> list[Block]:
    name = outcome.file_name or "the file"
    if outcome.status == "duplicate":
        when = f" on {outcome.imported_at:%-d %b %Y}" if outcome.imported_at else ""
        return [
            section(
                md(
                    ":information_source: *{name}* was already imported{when}: nothing new was created.",
                    name=name,
                    when=when,
                )
            )
        ]
    if outcome.status == "imported":
        text = md(
            ":white_check_mark: Imported *{n}* charge(s) from *{name}* ({total}).",
            n=outcome.imported,
            name=name,
            total=outcome.total,
        )
        if outcome.already_there:
            text += md(" {n} row(s) were already imported earlier and were skipped.", n=outcome.already_there)
        if outcome.errors:
            text += md(" {n} row(s) with problems were left out.", n=len(outcome.errors))
        return [section(text + md(" The proposals are posted for approval."))]
    blocks = [
        section(
            md(
                ":warning: *{name}* wasn't imported: {n} row(s) have problems. "
                "Nothing was imported. Fix them and share the file again.",
                name=name,
                n=len(outcome.errors),
            )
        ),
        section(join(md("{line}", line=line) for line in describe_errors(outcome.errors))),
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
