"""The shared Block Kit kit: safe mrkdwn text and the few pieces every feature builds messages from.

Every text that Slack reads as mrkdwn is a `Mrkdwn`, and the only ways to make one are `md()` (which
escapes every value put into its template) and the helpers here that build Slack's own markup
(mentions, links, dates). The builders take `Mrkdwn`, not `str`, so an unescaped name can't reach
Slack by forgetting: mypy refuses it, and so do the builders at run time.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

Block = dict[str, Any]

# Slack's limits (https://api.slack.com/reference/block-kit)
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100  # a modal or the Home tab
SECTION_TEXT = 3000
FALLBACK_TEXT = 3000  # the notification text; Slack takes more, but nobody reads more
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
BUTTON_VALUE = 2000
OPTION_VALUE = 150
FIELDS = 10
FIELD_TEXT = 2000
CONFIRM_TEXT = 300
MAX_VALUE = 300  # one name or description inside a sentence: long enough to recognise, short enough to fit
ELLIPSIS = "…"


class Mrkdwn(str):
    """Text that is safe to give Slack as mrkdwn: every outside value in it was escaped."""

    __slots__ = ()

    def __add__(self, other: str) -> Mrkdwn:
        if not isinstance(other, Mrkdwn):
            return NotImplemented
        return Mrkdwn(str.__add__(self, other))


def escape(text: str) -> str:
    """The three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """`text` within `limit` characters, with … saying it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


_FIELDS = string.Formatter()


def md(template: str, /, **values: object) -> Mrkdwn:
    """`template` with each `{name}` replaced by its value, escaped; Mrkdwn values are already safe.

    Values longer than MAX_VALUE characters are shortened with …: a 3,000-character client name
    still leaves room for the sentence around it."""
    safe: dict[str, str] = {}
    for _, name, spec, _conv in _FIELDS.parse(template):
        if name is None or name in safe:
            continue
        value = values[name]
        if isinstance(value, Mrkdwn):
            safe[name] = value
        else:
            shown = format(value, spec or "")
            safe[name] = escape(shorten(shown, MAX_VALUE))
    plain = "".join(
        literal + (safe[name] if name is not None else "") for literal, name, _, _ in _FIELDS.parse(template)
    )
    return Mrkdwn(plain)


def join(parts: Iterable[Mrkdwn], separator: str = "\n") -> Mrkdwn:
    """Safe parts joined by one of our own separators."""
    items = list(parts)
    _require(items)
    return Mrkdwn(escape(separator).join(items))


_USER_ID = re.compile(r"^[UWB][A-Z0-9]{2,20}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,20}$")


def mention(user_id: str) -> Mrkdwn:
    """<@U…> for a Slack user id (anything else is shown as text, never as markup)."""
    return Mrkdwn(f"<@{user_id}>") if _USER_ID.match(user_id or "") else md("{u}", u=user_id or "someone")


def channel_link(channel_id: str) -> Mrkdwn:
    return Mrkdwn(f"<#{channel_id}>") if _CHANNEL_ID.match(channel_id or "") else md("{c}", c=channel_id)


def link(url: str, label: str | Mrkdwn) -> Mrkdwn:
    """<url|label>; a url that isn't plain http(s) is shown as the label alone."""
    shown = label if isinstance(label, Mrkdwn) else md("{label}", label=label)
    if not re.match(r"^https?://[^\s<>|]+$", url or ""):
        return shown
    return Mrkdwn(f"<{escape(url)}|{shown.replace('|', '¦')}>")


def slack_date(when: datetime | None, *, fallback_none: str = "never") -> Mrkdwn:
    """A date Slack shows in each reader's own timezone."""
    if when is None:
        return md("{f}", f=fallback_none)
    stamp = int(when.timestamp())
    return Mrkdwn(f"<!date^{stamp}^{{date_short_pretty}} at {{time}}|{when:%Y-%m-%d %H:%M} UTC>")


def slack_time(when: datetime) -> Mrkdwn:
    return Mrkdwn(f"<!date^{int(when.timestamp())}^{{time}}|{when:%H:%M} UTC>")


def plain_of(text: Mrkdwn) -> str:
    """A mrkdwn text as a person reads it (for plain_text fields): entities back to characters."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# --- blocks --------------------------------------------------------------------------------------


def _require(texts: Sequence[object]) -> None:
    for text in texts:
        if not isinstance(text, Mrkdwn):
            raise TypeError("Slack text must be built with md() so that outside values are escaped")


def fit(text: Mrkdwn, limit: int) -> Mrkdwn:
    """`text` within `limit`, cut at a line or word (never inside an escape) and ending with …"""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp > cut.rfind(";"):
        cut = cut[:amp]
    return Mrkdwn(cut.rstrip() + ELLIPSIS)


def text_object(text: Mrkdwn, limit: int = SECTION_TEXT) -> Block:
    _require([text])
    return {"type": "mrkdwn", "text": fit(text, limit) or " "}


def section(text: Mrkdwn, *, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": text_object(text)}
    if accessory:
        block["accessory"] = accessory
    if block_id:
        block["block_id"] = block_id
    return block


def fields(*texts: Mrkdwn) -> Block:
    return {"type": "section", "fields": [text_object(t, FIELD_TEXT) for t in texts[:FIELDS]]}


def plain(text: str, limit: int) -> Block:
    """A plain_text object (Slack doesn't read markup in it: no escaping, only the length limit)."""
    return {"type": "plain_text", "text": shorten(text or " ", limit), "emoji": True}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def context(text: Mrkdwn) -> Block:
    return {"type": "context", "elements": [text_object(text)]}


def divider() -> Block:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None
) -> Block:
    element: Block = {"type": "button", "text": plain(text, BUTTON_TEXT), "action_id": action_id}
    if value:
        if len(value) > BUTTON_VALUE:
            raise ValueError(f"a button value is at most {BUTTON_VALUE} characters")
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


def option(text: str, value: str) -> Block:
    if len(value) > OPTION_VALUE:
        raise ValueError(f"an option value is at most {OPTION_VALUE} characters")
    return {"text": plain(text, OPTION_TEXT), "value": value}


def confirm(title: str, text: Mrkdwn, yes: str, no: str) -> Block:
    return {
        "title": plain(title, 100),
        "text": text_object(text, CONFIRM_TEXT),
        "confirm": plain(yes, 30),
        "deny": plain(no, 30),
        "style": "danger",
    }


def text_input(
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
        element["initial_value"] = initial[:3000]
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, 2000),
        "element": element,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    return block


def select_input(block_id: str, label: str, choices: Sequence[tuple[str, str]], initial: str) -> Block:
    options = [option(text, value) for value, text in choices]
    chosen = next((o for o in options if o["value"] == initial), options[0])
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {
            "type": "static_select",
            "action_id": block_id,
            "options": options,
            "initial_option": chosen,
        },
    }


def modal(
    callback_id: str, title: str, blocks: list[Block], *, submit: str | None = None, metadata: str = ""
) -> Block:
    view: Block = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, 24),
        "close": plain("Cancel" if submit else "Close", 24),
        "blocks": fit_blocks(blocks, VIEW_BLOCKS),
    }
    if submit:
        view["submit"] = plain(submit, 24)
    if metadata:
        view["private_metadata"] = metadata
    return view


# --- the one place where messages are made to fit ----------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A message as it is sent: the notification text and the blocks, both safe and within limits."""

    text: Mrkdwn
    blocks: list[Block]

    def __post_init__(self) -> None:
        _require([self.text])
        if len(self.blocks) > MESSAGE_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks: a message holds at most {MESSAGE_BLOCKS}")

    @property
    def fallback(self) -> str:
        return fit(self.text, FALLBACK_TEXT)


def message(text: Mrkdwn, blocks: list[Block]) -> Message:
    """The one send point's shape: the fallback text is safe, and the blocks fit a message."""
    return Message(text=text, blocks=fit_blocks(blocks, MESSAGE_BLOCKS))


def fit_blocks(blocks: list[Block], limit: int) -> list[Block]:
    """Never more than Slack takes: the builders page their lists, so this only guards the sum.

    When it does cut, the last block says so instead of Slack refusing the whole message."""
    if len(blocks) <= limit:
        return blocks
    more = len(blocks) - limit + 1
    return [*blocks[: limit - 1], context(md("…and {n} more not shown here.", n=f"{more:,}"))]


def first_text(blocks: Sequence[Block], default: Mrkdwn) -> Mrkdwn:
    """The notification text for a reply: the first section's (already safe) text."""
    for block in blocks:
        text = (block.get("text") or {}).get("text")
        if block.get("type") in ("section", "context") and text:
            return Mrkdwn(text)
        for element in block.get("elements") or []:
            if element.get("type") == "mrkdwn" and element.get("text"):
                return Mrkdwn(element["text"])
    return default


# --- paging: lists longer than a message show a page and Next / Previous ------------------------------


@dataclass(frozen=True)
class Page:
    """Which slice of a list is shown: `offset` rows from the start, `size` at a time, of `total`."""

    offset: int
    size: int
    total: int

    @property
    def number(self) -> int:
        return self.offset // self.size + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.offset + self.size < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


def pager(page: Page, action_id: str, value: str = "") -> list[Block]:
    """ "Page 2 of 5 · 84 in all" with Previous and Next buttons carrying "offset[:value]"."""
    if page.pages <= 1:
        return []
    buttons = []
    if page.has_previous:
        previous = max(0, page.offset - page.size)
        buttons.append(button("Previous", f"{action_id}:prev", _page_value(previous, value)))
    if page.has_next:
        buttons.append(button("Next", f"{action_id}:next", _page_value(page.offset + page.size, value)))
    return [
        context(
            md(
                "Page {n} of {pages} · {total} in all",
                n=page.number,
                pages=page.pages,
                total=f"{page.total:,}",
            )
        ),
        actions(*buttons, block_id=f"{action_id}:{page.offset}"),
    ]


def _page_value(offset: int, value: str) -> str:
    return f"{offset}:{value}" if value else str(offset)
