"""Block Kit for per-client bills: the lines that need a client, and the remembered mappings."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import ids
from handlers.kit import (
    Block,
    Message,
    Mrkdwn,
    Page,
    actions,
    button,
    context,
    header,
    join,
    md,
    message,
    option,
    pager,
    plain,
    section,
)
from services.mapping.service import MappingPage, MappingRow, OpenQuestion, Resolved
from services.notices import LinesNeedClient

MAX_QUESTIONS_SHOWN = 15  # a section and an actions block each, plus the header: under 50 blocks
MAX_BILLS_LISTED = 20


def render_lines_need_client(notice: LinesNeedClient) -> Message:
    parts = [
        md(
            "{lines} line{s} of {vendor}'s {month} bill need{s1} a client",
            lines=b.lines,
            s="s" if b.lines != 1 else "",
            vendor=b.vendor,
            month=b.month,
            s1="s" if b.lines == 1 else "",
        )
        for b in notice.bills
    ]
    shown = parts[:MAX_BILLS_LISTED]
    listed = join(md("{p} — `/rechargly mapping`", p=p) for p in shown)
    if len(parts) > len(shown):
        listed += md("\n…and {n} more bills: `/rechargly mapping` lists them all", n=len(parts) - len(shown))
    return message(
        join(parts, "; ") + md(" — /rechargly mapping"),
        [
            section(md(":jigsaw: {listed}", listed=listed)),
            context(
                md("{org} · pick the client once; next month's line maps itself.", org=notice.organisation)
            ),
        ],
    )


def _contact_select(action_id: str, initial: tuple[str, str] | None, placeholder: str) -> Block:
    element: Block = {
        "type": "external_select",
        "action_id": action_id,
        "min_query_length": 0,
        "placeholder": plain(placeholder, 150),
    }
    if initial:
        element["initial_option"] = option(initial[1], initial[0])
    return element


def mapping_blocks(
    month: str, label: str, questions: Sequence[OpenQuestion], note: Mrkdwn | None = None
) -> list[Block]:
    """`/rechargly mapping`: each open line with a client picker and an Exclude choice."""
    blocks: list[Block] = [context(note)] if note else []
    if not questions:
        done = md(":white_check_mark: Every bill line of {label} has a client (or is excluded).", label=label)
        return [*blocks, section(done)]
    blocks += [header(f"Bill lines to map — {label}")]
    for question in questions[:MAX_QUESTIONS_SHOWN]:
        blocks.append(
            section(
                md(
                    "*{vendor}* · {on} · {amount}\n`{text}`\n_{prompt}_",
                    vendor=question.vendor,
                    on=f"{question.charge_date:%-d %b %Y}",
                    amount=question.amount,
                    text=question.text[:200],
                    prompt=question.prompt,
                )
            )
        )
        exclude = {
            "type": "overflow",
            "action_id": ids.EXCLUDE_LINE,
            "options": [
                option("Exclude: don't recharge this line", f"line:{question.id}"),
                option(f"Exclude everything from {question.vendor}", f"vendor:{question.id}"),
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
        more = len(questions) - MAX_QUESTIONS_SHOWN
        blocks.append(context(md("…and {n} more; answer these first and the next ones show here.", n=more)))
    return blocks


def mappings_blocks(page: MappingPage, size: int, note: Mrkdwn | None = None) -> list[Block]:
    """`/rechargly mappings`: learnt names, remembered line → client answers and exclusions, with
    Change/Remove."""
    blocks: list[Block] = [context(note)] if note else []
    if not page.rows:
        empty = md("No remembered mappings yet: they are saved as you answer `/rechargly mapping`.")
        return [*blocks, section(empty)]
    blocks.append(header(f"Remembered mappings ({page.total:,})"))
    for row in page.rows:
        if row.alias:
            blocks.append(_alias_block(row))
            continue
        vendor, _, text = row.line_key.partition(":")
        target = (
            md("→ *{c}*", c=row.client_name) if row.client_name else md("→ :no_entry_sign: _not recharged_")
        )
        what = (
            md("everything from {v}", v=vendor)
            if text == "*"
            else md("`{t}`", t=(row.example_text or text)[:150])
        )
        blocks.append(
            section(
                md("{vendor}: {what} {target}", vendor=vendor, what=what, target=target),
                accessory=button("Remove", ids.REMOVE_MAPPING, str(row.id), style="danger"),
            )
        )
        blocks.append(
            actions(
                _contact_select(ids.CHANGE_MAPPING, None, "Change the client"), block_id=f"mapping:{row.id}"
            )
        )
    shown = Page(offset=(page.page - 1) * size, size=size, total=page.total)
    return blocks + pager(shown, ids.PAGE_MAPPINGS)


def resolved_note(resolved: Resolved) -> Mrkdwn:
    lines = f"{resolved.lines} line(s)" if resolved.lines > 1 else "the line"
    if resolved.client_name is None:
        return md(":no_entry_sign: Excluded {lines}: never recharged, never asked again.", lines=lines)
    made = f", {resolved.proposals} proposal(s) posted for approval" if resolved.proposals else ""
    mapped = md(
        ":white_check_mark: Mapped {lines} to *{client}*{made}. Next month it maps itself.",
        lines=lines,
        client=resolved.client_name,
        made=made,
    )
    return md("{mapped}{learnt}", mapped=mapped, learnt=alias_note(resolved.alias) if resolved.alias else "")


def _alias_block(row: MappingRow) -> Block:
    """A learnt name: every vendor's line written so goes to the client; Remove forgets it."""
    return section(
        md(
            ":label: any vendor: `{name}` is *{client}* (learnt from an answer)",
            name=(row.example_text or row.line_key.removeprefix("alias:"))[:150],
            client=row.client_name or "",
        ),
        accessory=button("Remove", ids.REMOVE_ALIAS, str(row.id), style="danger"),
    )


def alias_note(name: str, *, removed: bool = False) -> Mrkdwn:
    """The sentence telling what was learnt (or forgotten) about a client's name."""
    if removed:
        return md(":wastebasket: Forgot the name “{n}”: lines written so are asked about again.", n=name)
    return md(" Learnt “{n}” as its name for every vendor.", n=name)


NOTICES = {LinesNeedClient: render_lines_need_client}
