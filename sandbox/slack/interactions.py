"""Build the pieces of interaction payloads Slack's client fills in: actions and view state."""

from __future__ import annotations

import time
from typing import Any

# element type -> the state key Slack uses for its value
SELECTED_KEY = {
    "static_select": "selected_option",
    "external_select": "selected_option",
    "radio_buttons": "selected_option",
    "overflow": "selected_option",
    "multi_static_select": "selected_options",
    "multi_external_select": "selected_options",
    "checkboxes": "selected_options",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
}
EMPTY_LIST_KEYS = {"selected_options", "selected_users", "selected_conversations", "selected_channels"}


def find_element(
    blocks: list[dict[str, Any]] | None, action_id: str
) -> tuple[str | None, dict[str, Any]] | None:
    """Find (block_id, element) for an action_id in actions/section/input blocks."""
    for block in blocks or []:
        candidates = list(block.get("elements") or [])
        candidates += [block[k] for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        for element in candidates:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return block.get("block_id"), element
    return None


def option_for(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """The option object Slack sends for a chosen value (looked up in the element's options)."""
    if isinstance(value, dict):
        return value
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group.get("options") or []
    for option in options:
        if option.get("value") == value:
            return option
    return {"text": {"type": "plain_text", "text": str(value), "emoji": True}, "value": value}


def build_action(
    action_id: str,
    block_id: str | None,
    element: dict[str, Any] | None,
    value: str | None,
    selected_option: Any,
) -> dict[str, Any]:
    """One entry of a block_actions payload's `actions` list."""
    element = element or {}
    default_type = "button" if selected_option is None else "static_select"
    kind = element.get("type", default_type)
    action: dict[str, Any] = {
        "type": kind,
        "action_id": action_id,
        "block_id": block_id or "",
        "action_ts": f"{time.time():.6f}",
    }
    if kind == "button":
        action["text"] = element.get("text", {"type": "plain_text", "text": action_id})
        chosen = value if value is not None else element.get("value")
        if chosen is not None:
            action["value"] = chosen
        if "style" in element:
            action["style"] = element["style"]
    elif selected_option is not None or value is not None:
        key = SELECTED_KEY.get(kind, "selected_option")
        picked = selected_option if selected_option is not None else value
        if key == "selected_option":
            action[key] = option_for(element, picked)
        elif key == "selected_options":
            action[key] = [option_for(element, v) for v in _as_list(picked)]
        else:
            action[key] = picked
    return action


def view_state(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`state.values` for a view_submission, as Slack's client builds it from input blocks.

    `values` maps block_id -> action_id -> either a full value payload (dict) or a shorthand
    (a string for text inputs / a value for selects / a list for multi-selects).
    Raises ValueError where Slack's client would refuse to submit (required input left empty)
    and KeyError for values naming a block the view does not have (a test mistake).
    """
    inputs = {b.get("block_id"): b for b in view.get("blocks") or [] if b.get("type") == "input"}
    unknown = set(values) - set(inputs)
    if unknown:
        raise KeyError(f"no input block(s) {sorted(unknown)} in view; have {sorted(inputs)}")
    state: dict[str, Any] = {}
    for block_id, block in inputs.items():
        element = block["element"]
        action_id = element.get("action_id", "")
        given = values.get(block_id, {}).get(action_id)
        if given is None and not block.get("optional", False):
            raise ValueError(
                f"required input {block_id}/{action_id} left empty: Slack's client would not submit this view"
            )
        state[block_id] = {action_id: _element_value(element, given)}
    return {"values": state}


def _element_value(element: dict[str, Any], given: Any) -> dict[str, Any]:
    kind = element.get("type", "plain_text_input")
    if isinstance(given, dict):
        return {"type": kind, **given}
    key = SELECTED_KEY.get(kind, "value")
    if given is None:
        return {"type": kind, key: [] if key in EMPTY_LIST_KEYS else None}
    if key == "selected_option":
        return {"type": kind, key: option_for(element, given)}
    if key == "selected_options":
        return {"type": kind, key: [option_for(element, v) for v in _as_list(given)]}
    return {"type": kind, key: given}


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]
