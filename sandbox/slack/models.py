"""Records the Slack fake keeps: API calls, messages and views."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SlackCall:
    """One Web API call as the fake received it (args already decoded from form or JSON)."""

    method: str
    args: dict[str, Any]
    token: str | None
    at: float
    response: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        """Whether the fake answered `"ok": true`."""
        return bool(self.response.get("ok"))


@dataclass
class MessageVersion:
    """A prior version of a message, kept when `chat.update` or a response_url replaces it."""

    text: str | None
    blocks: list[dict[str, Any]] | None
    attachments: list[dict[str, Any]] | None
    at: float


@dataclass
class PostedMessage:
    """The current state of a message in the fake workspace.

    `user` is the author (the bot user) for ordinary messages and the one user who can see
    the message for ephemeral ones (the `user` argument of `chat.postEphemeral`).
    """

    channel: str
    ts: str
    text: str | None
    blocks: list[dict[str, Any]] | None
    thread_ts: str | None = None
    user: str | None = None
    ephemeral: bool = False
    edits: list[MessageVersion] = field(default_factory=list)
    attachments: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None
    bot_id: str | None = None
    app_id: str | None = None
    deleted: bool = False
    source: str = "chat.postMessage"

    def to_slack(self) -> dict[str, Any]:
        """The message object as Slack returns it in API answers and interaction payloads."""
        out: dict[str, Any] = {"type": "message", "ts": self.ts, "text": self.text or ""}
        if self.bot_id:
            out.update(user=self.user, bot_id=self.bot_id, app_id=self.app_id)
        if self.blocks is not None:
            out["blocks"] = self.blocks
        if self.attachments is not None:
            out["attachments"] = self.attachments
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if self.metadata is not None:
            out["metadata"] = self.metadata
        if self.edits:
            out["edited"] = {"user": self.user, "ts": self.ts}
        return out

    def buttons(self) -> list[tuple[str | None, dict[str, Any]]]:
        """Every button in the message as (block_id, element)."""
        return [(bid, el) for bid, el in self.elements() if el.get("type") == "button"]

    def elements(self) -> list[tuple[str | None, dict[str, Any]]]:
        """Every interactive element (actions elements and section accessories)."""
        found: list[tuple[str | None, dict[str, Any]]] = []
        for block in self.blocks or []:
            block_id = block.get("block_id")
            found.extend((block_id, el) for el in block.get("elements", []) if "action_id" in el)
            accessory = block.get("accessory")
            if isinstance(accessory, dict) and "action_id" in accessory:
                found.append((block_id, accessory))
        return found


@dataclass
class SlackView:
    """One view event: opened, updated, pushed, published, or set by a response_action."""

    method: str
    view_id: str
    view: dict[str, Any]
    user_id: str | None = None
    trigger_id: str | None = None
    at: float = 0.0

    @property
    def callback_id(self) -> str | None:
        """The view's callback_id, the usual way tests look a modal up."""
        value = self.view.get("callback_id")
        return value if isinstance(value, str) else None
