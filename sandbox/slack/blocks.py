"""Light Block Kit validation: the limits Slack enforces strictly and that our payloads can hit.

Errors read like Slack's: `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
Unknown element types and fields are accepted: the goal is to reject what Slack rejects,
not to reject what Slack accepts.
"""

from __future__ import annotations

import re
from typing import Any

MESSAGE_BLOCK_LIMIT = 50
VIEW_BLOCK_LIMIT = 100

BLOCK_TYPES = frozenset(
    {
        "actions",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "video",
        "call",
        "table",
        "context_actions",
    }
)
OPTION_ELEMENTS = {  # element type -> max number of options Slack allows
    "static_select": 100,
    "multi_static_select": 100,
    "overflow": 5,
    "radio_buttons": 10,
    "checkboxes": 10,
}
PLACEHOLDER_MAX = 150


class _Checker:
    """Accumulates errors while walking a payload; each check names its JSON pointer."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str, pointer: str) -> None:
        self.errors.append(f"{message} [json-pointer:{pointer}]")

    def string(self, value: Any, pointer: str, max_len: int, *, required: bool = False) -> None:
        """Check an optional (or required) string field against Slack's length limit."""
        if value is None:
            if required:
                self.fail("missing required field", pointer)
            return
        if not isinstance(value, str):
            self.fail("must be a string", pointer)
        elif len(value) > max_len:
            self.fail(f"must be less than {max_len + 1} characters", pointer)

    def text(
        self, obj: Any, pointer: str, max_len: int, *, required: bool = True, plain: bool = False
    ) -> None:
        """Check a text composition object (`{"type": "plain_text"|"mrkdwn", "text": ...}`)."""
        if obj is None:
            if required:
                self.fail("missing required field", pointer)
            return
        if not isinstance(obj, dict):
            self.fail("must provide an object", pointer)
            return
        allowed = ("plain_text",) if plain else ("plain_text", "mrkdwn")
        if obj.get("type") not in allowed:
            self.fail(f"must be one of {', '.join(allowed)}", f"{pointer}/type")
        value = obj.get("text")
        if not isinstance(value, str) or not value:
            self.fail("must be more than 0 characters", f"{pointer}/text")
        elif len(value) > max_len:
            self.fail(f"must be less than {max_len + 1} characters", f"{pointer}/text")

    def items(self, value: Any, pointer: str, max_items: int, *, min_items: int = 1) -> list[Any]:
        """Check an array's size; return it (or [] when it is not an array)."""
        if not isinstance(value, list):
            self.fail("must provide an array", pointer)
            return []
        if len(value) > max_items:
            self.fail(f"no more than {max_items} items allowed", pointer)
        elif len(value) < min_items:
            self.fail(f"must provide at least {min_items} items", pointer)
        return value


def validate_blocks(blocks: Any, *, limit: int, pointer: str = "/blocks") -> list[str]:
    """Return Slack-style error strings for a blocks array ([] when Slack would accept it)."""
    check = _Checker()
    items = check.items(blocks, pointer, limit, min_items=0)
    seen_ids: set[str] = set()
    for i, block in enumerate(items):
        _block(check, block, f"{pointer}/{i}", seen_ids)
    return check.errors


def validate_view(view: Any, pointer: str = "/view") -> list[str]:
    """Return Slack-style error strings for a modal or home tab view."""
    check = _Checker()
    if not isinstance(view, dict):
        check.fail("must provide an object", pointer)
        return check.errors
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("must be one of modal, home", f"{pointer}/type")
    if kind == "modal":
        check.text(view.get("title"), f"{pointer}/title", 24, plain=True)
        check.text(view.get("submit"), f"{pointer}/submit", 24, plain=True, required=False)
        check.text(view.get("close"), f"{pointer}/close", 24, plain=True, required=False)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if has_input and view.get("submit") is None:
            check.fail("submit is required when an input block is present", f"{pointer}/submit")
    check.string(view.get("private_metadata"), f"{pointer}/private_metadata", 3000)
    check.string(view.get("callback_id"), f"{pointer}/callback_id", 255)
    check.string(view.get("external_id"), f"{pointer}/external_id", 255)
    check.errors.extend(
        validate_blocks(view.get("blocks"), limit=VIEW_BLOCK_LIMIT, pointer=f"{pointer}/blocks")
    )
    return check.errors


def validate_options(answer: dict[str, Any]) -> list[str]:
    """An options response (to an external select): at most 100 options, each within its limits."""
    check = _Checker()
    _options_element(check, answer, "", 100)
    return check.errors


def _block(check: _Checker, block: Any, ptr: str, seen_ids: set[str]) -> None:
    if not isinstance(block, dict):
        check.fail("must provide an object", ptr)
        return
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        check.fail(f"unsupported type: {kind}", f"{ptr}/type")
        return
    block_id = block.get("block_id")
    check.string(block_id, f"{ptr}/block_id", 255)
    if isinstance(block_id, str):
        if block_id in seen_ids:
            check.fail(f"duplicate block_id: {block_id}", f"{ptr}/block_id")
        seen_ids.add(block_id)
    _BLOCK_CHECKS.get(kind, _no_check)(check, block, ptr)


def _no_check(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    """Blocks whose inner structure we do not police (rich_text, file, video...)."""


def _section(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    if block.get("text") is None and block.get("fields") is None:
        check.fail("must provide text or fields", ptr)
    check.text(block.get("text"), f"{ptr}/text", 3000, required=False)
    if block.get("fields") is not None:
        for i, field in enumerate(check.items(block["fields"], f"{ptr}/fields", 10)):
            check.text(field, f"{ptr}/fields/{i}", 2000)
    if block.get("accessory") is not None:
        _elements(check, [block["accessory"]], ptr, accessory=True)


def _header(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    check.text(block.get("text"), f"{ptr}/text", 150, plain=True)


def _actions(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    _elements(check, check.items(block.get("elements"), f"{ptr}/elements", 25), ptr)


def _context(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    for i, el in enumerate(check.items(block.get("elements"), f"{ptr}/elements", 10)):
        if isinstance(el, dict) and el.get("type") in ("plain_text", "mrkdwn"):
            check.text(el, f"{ptr}/elements/{i}", 3000)


def _image(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    if block.get("image_url") is None and block.get("slack_file") is None:
        check.fail("must provide image_url or slack_file", ptr)
    check.string(block.get("image_url"), f"{ptr}/image_url", 3000)
    check.string(block.get("alt_text"), f"{ptr}/alt_text", 2000, required=True)
    check.text(block.get("title"), f"{ptr}/title", 2000, plain=True, required=False)


def _input(check: _Checker, block: dict[str, Any], ptr: str) -> None:
    check.text(block.get("label"), f"{ptr}/label", 2000, plain=True)
    check.text(block.get("hint"), f"{ptr}/hint", 2000, plain=True, required=False)
    if not isinstance(block.get("element"), dict):
        check.fail("missing required field", f"{ptr}/element")
        return
    _element(check, block["element"], f"{ptr}/element")


def _elements(check: _Checker, elements: list[Any], ptr: str, *, accessory: bool = False) -> None:
    seen: set[str] = set()
    for i, el in enumerate(elements):
        el_ptr = f"{ptr}/accessory" if accessory else f"{ptr}/elements/{i}"
        if not isinstance(el, dict):
            check.fail("must provide an object", el_ptr)
            continue
        action_id = el.get("action_id")
        if isinstance(action_id, str):
            if action_id in seen:
                check.fail(f"duplicate action_id: {action_id}", f"{el_ptr}/action_id")
            seen.add(action_id)
        _element(check, el, el_ptr)


def _element(check: _Checker, el: dict[str, Any], ptr: str) -> None:
    check.string(el.get("action_id"), f"{ptr}/action_id", 255)
    check.text(el.get("placeholder"), f"{ptr}/placeholder", PLACEHOLDER_MAX, required=False)
    if el.get("confirm") is not None:
        _confirm(check, el["confirm"], f"{ptr}/confirm")
    kind = el.get("type")
    if kind == "button":
        check.text(el.get("text"), f"{ptr}/text", 75, plain=True)
        check.string(el.get("value"), f"{ptr}/value", 2000)
        check.string(el.get("url"), f"{ptr}/url", 3000)
        if el.get("style") not in (None, "primary", "danger"):
            check.fail("must be one of primary, danger", f"{ptr}/style")
    elif kind in OPTION_ELEMENTS:
        _options_element(check, el, ptr, OPTION_ELEMENTS[kind])
    elif kind == "plain_text_input":
        check.string(el.get("initial_value"), f"{ptr}/initial_value", 3000)
    if el.get("initial_option") is not None:
        _options(check, [el["initial_option"]], f"{ptr}/initial_option", 1)
    if el.get("initial_options") is not None:
        _options(check, el["initial_options"], f"{ptr}/initial_options", 100)


def _options_element(check: _Checker, el: dict[str, Any], ptr: str, max_options: int) -> None:
    if el.get("option_groups") is not None:
        for g, group in enumerate(check.items(el["option_groups"], f"{ptr}/option_groups", 100)):
            gptr = f"{ptr}/option_groups/{g}"
            if isinstance(group, dict):
                check.text(group.get("label"), f"{gptr}/label", 75, plain=True)
                _options(check, group.get("options"), f"{gptr}/options", max_options)
        return
    _options(check, el.get("options"), f"{ptr}/options", max_options)


def _options(check: _Checker, options: Any, ptr: str, max_options: int) -> None:
    for i, option in enumerate(check.items(options, ptr, max_options)):
        optr = f"{ptr}/{i}"
        if not isinstance(option, dict):
            check.fail("must provide an object", optr)
            continue
        check.text(option.get("text"), f"{optr}/text", 75)
        check.string(option.get("value"), f"{optr}/value", 150, required=True)
        check.text(option.get("description"), f"{optr}/description", 75, required=False)


def _confirm(check: _Checker, confirm: Any, ptr: str) -> None:
    if not isinstance(confirm, dict):
        check.fail("must provide an object", ptr)
        return
    check.text(confirm.get("title"), f"{ptr}/title", 100, plain=True)
    check.text(confirm.get("text"), f"{ptr}/text", 300)
    check.text(confirm.get("confirm"), f"{ptr}/confirm", 30, plain=True)
    check.text(confirm.get("deny"), f"{ptr}/deny", 30, plain=True)


_BLOCK_CHECKS = {
    "section": _section,
    "header": _header,
    "actions": _actions,
    "context": _context,
    "image": _image,
    "input": _input,
}


# --- mrkdwn safety: what an app lets through unescaped ----------------------------------------------

# What Slack reads as markup between < and >: the app's own mentions, channel links, dates and URLs.
_SAFE_MARKUP = re.compile(
    r"<(?:@[UWB][A-Z0-9]+|#[CGD][A-Z0-9]+(?:\|[^<>|]*)?|!date\^[^<>]*|(?:https?://|mailto:)[^<>|\s]+(?:\|[^<>]*)?)>"
)
_ENTITY = re.compile(r"&(?:amp|lt|gt);")


def mrkdwn_problems(text: str, pointer: str) -> list[str]:
    """Raw control sequences in a mrkdwn text: a special mention (<!channel>, <!here>…), a link or
    mention nobody escaped, or an & that isn't an escape. [] when every outside value was escaped."""
    problems = []
    rest = _SAFE_MARKUP.sub("", text)
    for match in re.finditer(r"<[^>]*>?", rest):
        problems.append(f"unescaped {match.group(0)[:40]!r} [json-pointer:{pointer}]")
    if "&" in _ENTITY.sub("", rest):
        problems.append(f"unescaped '&' [json-pointer:{pointer}]")
    return problems


def unsafe_mrkdwn(payload: Any, pointer: str = "") -> list[str]:
    """Every mrkdwn text in a message, view or blocks array (and a message's `text`), checked."""
    problems: list[str] = []
    if isinstance(payload, dict):
        is_text = payload.get("type") == "mrkdwn" and isinstance(payload.get("text"), str)
        if is_text:
            problems += mrkdwn_problems(payload["text"], f"{pointer}/text")
        for key, value in payload.items():
            if key == "text" and isinstance(value, str) and not is_text and "type" not in payload:
                problems += mrkdwn_problems(value, f"{pointer}/text")  # a message's notification text
            elif isinstance(value, dict | list):
                problems += unsafe_mrkdwn(value, f"{pointer}/{key}")
    elif isinstance(payload, list):
        for i, item in enumerate(payload):
            problems += unsafe_mrkdwn(item, f"{pointer}/{i}")
    return problems
