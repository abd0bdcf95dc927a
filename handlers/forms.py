"""Reading a submitted modal's state: the value of each input by its block id (and action id)."""

from __future__ import annotations

from typing import Any

Values = dict[str, dict[str, Any]]


def text(values: Values, block_id: str) -> str:
    element = values.get(block_id, {}).get(block_id) or {}
    return str(element.get("value") or "")


def selected(values: Values, block_id: str, action_id: str) -> str | None:
    element = values.get(block_id, {}).get(action_id) or {}
    option = element.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None


def selected_many(values: Values, block_id: str, action_id: str) -> tuple[str, ...]:
    element = values.get(block_id, {}).get(action_id) or {}
    return tuple(str(o["value"]) for o in element.get("selected_options") or [] if o.get("value"))


def picked(values: Values, block_id: str, key: str) -> str | None:
    """A conversation, time or user picked in an input whose action id is its block id."""
    element = values.get(block_id, {}).get(block_id) or {}
    return str(element[key]) if element.get(key) else None
