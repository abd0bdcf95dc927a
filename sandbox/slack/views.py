"""What Slack does with a view_submission ack: `response_action` update/push/clear/errors."""

from __future__ import annotations

from typing import Any

from sandbox.slack.blocks import validate_view
from sandbox.slack.webapi import served_view, store_view
from sandbox.slack.workspace import Workspace


def apply_response_action(ws: Workspace, view: dict[str, Any], ack: dict[str, Any]) -> str | None:
    """Apply the ack to the fake's views; return Slack's complaint if it would refuse it."""
    action = ack.get("response_action")
    if action is None or action == "errors":
        if action == "errors" and not isinstance(ack.get("errors"), dict):
            return "invalid_arguments: response_action errors needs an errors object"
        return None
    if action == "clear":
        ws.live_views.clear()  # every view in the stack closes
        return None
    if action not in ("update", "push"):
        return f"invalid_arguments: unknown response_action {action!r}"
    errors = validate_view(ack.get("view"), "/view")
    if errors:
        return "invalid_arguments: " + "; ".join(errors)
    view_id = view.get("id") if action == "update" else None
    served = served_view(ws, ack["view"], view_id or ws.next_id("V", 11))
    user_id = next((v.user_id for v in ws.views if v.view_id == view.get("id")), None)
    store_view(ws, f"response_action.{action}", served, user_id=user_id)
    return None
