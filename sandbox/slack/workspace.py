"""The fake workspace's state: directory (users, channels, files) and the traffic it received."""

from __future__ import annotations

import itertools
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sandbox.slack.models import PostedMessage, SlackCall, SlackView

TS_BASE_MICROS = 1_700_000_000_000_000  # message ts values start at "1700000000.000100"


def team_domain(team_name: str) -> str:
    """Workspace subdomain from a team name: "Kauri & Co" -> "kauri-co"."""
    return re.sub(r"[^a-z0-9]+", "-", team_name.lower()).strip("-") or "workspace"


@dataclass
class User:
    """A workspace member as `users.info` describes it."""

    id: str
    name: str
    real_name: str
    is_admin: bool = False
    is_owner: bool = False
    team_id: str = ""
    tz: str = "Pacific/Auckland"
    email: str | None = None
    is_bot: bool = False
    deleted: bool = False

    def to_slack(self) -> dict[str, Any]:
        """The user object Slack returns (the subset our app reads, plus the usual neighbours)."""
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "deleted": self.deleted,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": 0,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": self.is_owner,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1_700_000_000,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                "real_name_normalized": self.real_name,
                "display_name_normalized": self.name,
                "email": self.email or f"{self.name}@example.test",
                "team": self.team_id,
            },
        }


@dataclass
class Channel:
    """A conversation: public/private channel or a DM with one user."""

    id: str
    name: str
    is_private: bool = False
    is_member: bool = True
    dm_user: str | None = None

    def to_slack(self) -> dict[str, Any]:
        """The conversation object Slack returns from `conversations.info`."""
        if self.dm_user is not None:
            return {
                "id": self.id,
                "is_im": True,
                "user": self.dm_user,
                "is_open": True,
                "created": 1_700_000_000,
                "is_org_shared": False,
            }
        return {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_mpim": False,
            "is_private": self.is_private,
            "is_archived": False,
            "is_general": False,
            "is_member": self.is_member,
            "is_shared": False,
            "is_ext_shared": False,
            "is_org_shared": False,
            "created": 1_700_000_000,
        }


@dataclass
class ResponseTarget:
    """Where a response_url points: the conversation, the user, and maybe the source message."""

    channel: str | None
    user_id: str | None
    message_ts: str | None
    uses: int = 0


@dataclass
class Trigger:
    """An issued trigger_id: valid once, for a few seconds (Slack: 3 s)."""

    user_id: str | None
    issued_at: float
    used: bool = False


@dataclass
class Failure:
    """A queued fault for the next calls of one method."""

    error: str
    status: int
    retry_after: int
    remaining: int


@dataclass
class Workspace:
    """All mutable state; every access goes through `lock` (server threads + test thread)."""

    team_id: str
    team_name: str
    bot_user_id: str
    bot_id: str
    app_id: str
    strict_channels: bool = False  # True: posting to a channel never added answers not found
    trigger_ttl: float = 3.0  # Slack: a trigger_id expires 3 seconds after it is issued
    base_url: str = ""  # "http://127.0.0.1:PORT" once the server runs
    lock: threading.RLock = field(default_factory=threading.RLock)
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    file_bytes: dict[str, bytes] = field(default_factory=dict)
    calls: list[SlackCall] = field(default_factory=list)
    messages: list[PostedMessage] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    unsafe_text: list[str] = field(default_factory=list)  # mrkdwn an app sent with values unescaped
    views: list[SlackView] = field(default_factory=list)
    live_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home_views: dict[str, str] = field(default_factory=dict)  # user id -> view id
    response_targets: dict[str, ResponseTarget] = field(default_factory=dict)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def domain(self) -> str:
        """Workspace subdomain derived from the team name."""
        return team_domain(self.team_name)

    def next_ts(self) -> str:
        """A unique, increasing message timestamp like Slack's "1700000000.000100"."""
        micros = TS_BASE_MICROS + 100 * next(self.counter)
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def next_id(self, prefix: str, width: int = 10) -> str:
        """A Slack-looking id: prefix + uppercase alphanumerics."""
        return prefix + uuid.uuid4().hex[: width - len(prefix)].upper()

    def new_trigger_id(self, user_id: str | None) -> str:
        """Issue a trigger_id the way Slack hands one out with each interaction."""
        trigger_id = f"{next(self.counter)}.{self.team_id[1:] or '1'}.{uuid.uuid4().hex}"
        self.triggers[trigger_id] = Trigger(user_id=user_id, issued_at=time.monotonic())
        return trigger_id

    def file_object(self, file_id: str) -> dict[str, Any]:
        """The file object `files.info` returns, with download URLs served by the fake."""
        url = f"{self.base_url}/files/{file_id}"
        return {**self.files[file_id], "url_private": url, "url_private_download": url}

    def find_message(self, channel: str, ts: str) -> PostedMessage | None:
        """The live (not deleted) message at channel+ts."""
        for message in self.messages:
            if message.channel == channel and message.ts == ts and not message.deleted:
                return message
        return None

    def dm_channel(self, user_id: str) -> Channel:
        """The bot's DM with a user, created on first use (like `conversations.open`)."""
        for channel in self.channels.values():
            if channel.dm_user == user_id:
                return channel
        channel = Channel(id=self.next_id("D"), name=user_id, dm_user=user_id)
        self.channels[channel.id] = channel
        return channel
