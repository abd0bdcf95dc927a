"""Reading what Slack sends with a click or a form: who acted, and the ids we put in it."""

from __future__ import annotations

from typing import Any

from services.errors import BadRequest


def user_and_team(body: dict[str, Any]) -> tuple[str, str]:
    """(user id, team id) of whoever clicked, submitted or searched."""
    team = (body.get("team") or {}).get("id") or body["user"].get("team_id", "")
    return body["user"]["id"], team


def number(raw: object, *, stale: str) -> int:
    """An id we put in a button value, block id or form; `stale` tells the user what to do if it isn't."""
    text = str(raw)
    if not text.isdigit():
        raise BadRequest(stale)
    return int(text)
