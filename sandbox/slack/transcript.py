"""Slack messages as readable text, for `rechargly demo` and for reading test failures."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]*)>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))

Names = Callable[[str], str]


def plain(text: str, names: Names = lambda user_id: user_id) -> str:
    """Slack mrkdwn to plain text: dates show their fallback, links their label, mentions a name."""
    text = _DATE.sub(r"\1", text)
    text = _LINK.sub(r"\2 ‹\1›", text)
    text = _MENTION.sub(lambda m: "@" + names(m.group(1)), text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def _text_of(obj: dict[str, Any] | None) -> str:
    return str((obj or {}).get("text", ""))


def _element(element: dict[str, Any]) -> str:
    kind = element.get("type", "")
    if kind == "button":
        return f"[ {_text_of(element.get('text'))} ]"
    if "select" in kind:
        placeholder = _text_of(element.get("placeholder")) or "choose"
        options = ", ".join(_text_of(o.get("text")) for o in element.get("options", [])[:6])
        return f"[ {placeholder} ▾ ]" + (f" ({options})" if options else "")
    return f"[ {kind} ]"


def _block_lines(block: dict[str, Any], names: Names) -> list[str]:
    kind = block.get("type")
    if kind == "header":
        return [f"**{_text_of(block.get('text'))}**"]
    if kind == "divider":
        return ["─" * 40]
    if kind == "context":
        return ["  · " + plain(" ".join(_text_of(e) for e in block.get("elements", [])), names)]
    if kind == "actions":
        return ["  " + "  ".join(_element(e) for e in block.get("elements", []))]
    lines: list[str] = []
    if kind in ("section", "input"):
        if block.get("text"):
            lines.extend(plain(_text_of(block["text"]), names).splitlines())
        for field in block.get("fields", []):
            lines.append("  " + plain(_text_of(field), names).replace("\n", ": ", 1))
        if block.get("accessory"):
            lines.append("  " + _element(block["accessory"]))
    return lines


def render(text: str | None, blocks: Iterable[dict[str, Any]] | None, names: Names = lambda u: u) -> str:
    """A message as indented lines of plain text; the notification text when there are no blocks."""
    lines = [line for block in blocks or () for line in _block_lines(block, names)]
    if not lines:
        lines = plain(text or "", names).splitlines()
    return "\n".join(textwrap.indent(line, "    ") for line in lines)
