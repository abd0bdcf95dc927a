"""Delivers the outbox (services/outbox.py) to Slack in a background thread, in every process.

Exactly once: a message is claimed with one conditional UPDATE (two replicas never both send it),
and its ts is recorded in the same transaction that marks it delivered. Slack's chat.postMessage
has no idempotency key, so the one gap -- a process killed after Slack posted but before the mark
-- is closed with message metadata: every post carries its outbox key, and a message taken over
from a dead sender is first looked for in conversations.history (a thread reply: in
conversations.replies). Only where that look-up is
impossible (a DM addressed by user id, or a workspace that didn't grant the history scopes) is the
message re-posted, i.e. at-least-once there.

Edits (chat.update of a card, a sync's summary) go through the same table: one row per edited
message carrying its latest state, so a crash or a Slack refusal never leaves a message stale and
each state is sent once. An edit is idempotent (the same state twice shows the same), so one taken
over from a dead sender is simply sent. Edits are paced per channel apart from posts: a long queue of
new cards never holds up the edit that says a card was approved.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from handlers.kit import Message
from services.errors import CHANNEL_ERRORS, SlackUnavailable
from services.notices import Notice
from services.outbox import Claimed, Outbox

log = logging.getLogger(__name__)

METADATA_EVENT = "rechargly_outbox"
HISTORY_PAGES = 5  # how far back a lost post is looked for: the newest 1,000 messages
Render = Callable[[Notice], Message]  # the app's NoticeRenderers.render: escaped and within limits


def new_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{uuid.uuid4().hex[:12]}"


class OutboxWorker:
    """One thread per process: posts due messages, paced per channel at Slack's ~1 message a second."""

    def __init__(
        self,
        *,
        outbox: Outbox,
        client_for: Callable[[str], WebClient],
        render: Render,
        admins: Callable[[str], Sequence[str]],
        interval: float = 1.0,
        poll: float = 0.2,
        retry_after_server_error: float = 5.0,
    ) -> None:
        self._outbox = outbox
        self._client_for = client_for
        self._render = render
        self._admins = admins
        self._interval = interval
        self._poll = poll
        self._server_error_wait = retry_after_server_error
        self._next_post: dict[str, float] = {}  # channel -> monotonic time it may be posted to again
        self._next_edit: dict[str, float] = {}  # channel -> monotonic time a message in it may be edited
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="rechargly-outbox", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.deliver_due()
            except (SQLAlchemyError, SlackClientError, OSError):
                # The database or Slack is unreachable for now: everything is still in the table,
                # so the next round picks it up.
                log.exception("outbox round failed; retrying shortly")
                busy = False
            if not busy:
                self._stop.wait(self._poll)

    # --- one round -------------------------------------------------------------------------------

    def deliver_due(self) -> bool:
        """Try every message due now once (a channel waits its turn); True when any was tried."""
        edited = self._round(self._next_edit, edits=True)
        posted = self._round(self._next_post, edits=False)
        return edited or posted

    def _round(self, pace: dict[str, float], *, edits: bool) -> bool:
        paced = [channel for channel, at in pace.items() if at > time.monotonic()]
        tried = False
        for message_id, channel in self._outbox.due(now=_now(), skip_channels=paced, edits=edits):
            if self._stop.is_set():
                break
            if pace.get(channel, 0.0) > time.monotonic():
                continue  # sent to a moment ago in this round
            claimed = self._outbox.claim(message_id, now=_now())
            if claimed is None:
                continue  # another replica has it
            pace[channel] = time.monotonic() + self._interval
            self._deliver(claimed)
            tried = True
        return tried

    def _deliver(self, claimed: Claimed) -> None:
        try:
            client = self._client_for(claimed.team_id)
            if claimed.edits_ts is not None:
                channel, ts = claimed.channel, self._edit(client, claimed)
            else:
                found = self._already_posted(client, claimed) if claimed.recovered else None
                channel, ts = (claimed.channel, found) if found else self._post(client, claimed)
        except SlackApiError as error:
            self._refused(claimed, error)
            return
        except TypeError as error:  # no renderer for this notice: a bug that retrying can't fix
            log.error("can't render outbox message %s: %s", claimed.id, error)
            self._outbox.failed(claimed, error="no rendering")
            return
        except (SlackClientError, SlackUnavailable, OSError) as error:
            self._outbox.retry_later(
                claimed, error=type(error).__name__, now=_now(), after=self._server_error_wait
            )
            return
        # Rewritten while it was on its way: the newer wording is queued as this message's edit.
        self._outbox.delivered(claimed, ts=ts, now=_now(), channel=channel)

    def _edit(self, client: WebClient, claimed: Claimed) -> str:
        sent = self._render(claimed.notice)
        ts = claimed.edits_ts or ""
        client.chat_update(channel=claimed.channel, ts=ts, text=sent.fallback, blocks=sent.blocks)
        return ts

    def _post(self, client: WebClient, claimed: Claimed) -> tuple[str, str]:
        sent = self._render(claimed.notice)
        result = client.chat_postMessage(
            channel=claimed.channel,
            thread_ts=claimed.thread_ts,
            text=sent.fallback,
            blocks=sent.blocks,
            unfurl_links=False,
            metadata={"event_type": METADATA_EVENT, "event_payload": {"key": claimed.dedupe_key}},
        )
        return str(result.get("channel") or claimed.channel), str(result["ts"])

    def _already_posted(self, client: WebClient, claimed: Claimed) -> str | None:
        """The ts of this message when a sender that died had posted it already (its metadata says)."""
        if claimed.channel[:1] in ("U", "W"):
            return None  # a DM by user id: no history to read, so at-least-once
        cursor = None
        try:
            for _page in range(HISTORY_PAGES):
                page = self._posted_around(client, claimed, cursor)
                for message in page.get("messages") or []:
                    payload = (message.get("metadata") or {}).get("event_payload") or {}
                    if payload.get("key") == claimed.dedupe_key:
                        return str(message["ts"])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return None
        except SlackApiError as error:  # e.g. missing_scope: post again (at-least-once here)
            log.warning("couldn't check whether outbox message %s was posted: %s", claimed.id, error)
        return None

    @staticmethod
    def _posted_around(client: WebClient, claimed: Claimed, cursor: str | None) -> Any:
        """A page of where the message would be: the channel, newest first (a lost post is recent),
        or for a reply its thread (replies aren't in the channel's history)."""
        if claimed.thread_ts is not None:
            return client.conversations_replies(
                channel=claimed.channel,
                ts=claimed.thread_ts,
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
        return client.conversations_history(
            channel=claimed.channel, include_all_metadata=True, limit=200, cursor=cursor
        )

    def _refused(self, claimed: Claimed, error: SlackApiError) -> None:
        code = str(error.response.get("error") or "")
        now = _now()
        if code in CHANNEL_ERRORS and claimed.channel[:1] in ("U", "W"):  # a DM to an admin: just wait
            self._outbox.retry_later(claimed, error=code, now=now)
        elif code in CHANNEL_ERRORS:
            told = self._outbox.channel_refused(
                claimed, error=code, now=now, admins=self._admins(claimed.team_id)
            )
            if told:
                log.warning("Slack refused channel %s (%s); admins told", claimed.channel, code)
        elif error.response.status_code == 429:  # still limited after the client's own retries
            after = float(error.response.headers.get("Retry-After", self._server_error_wait))
            self._outbox.retry_later(claimed, error=code, now=now, after=after)
        elif error.response.status_code >= 500 or code in (
            "internal_error",
            "fatal_error",
            "service_unavailable",
        ):
            self._outbox.retry_later(claimed, error=code, now=now, after=self._server_error_wait)
        else:  # our own mistake (invalid_blocks, ...): retrying can't help; shown in status
            log.error("Slack refused outbox message %s: %s", claimed.id, code)
            self._outbox.failed(claimed, error=code)

    # --- for tests and the demo ------------------------------------------------------------------

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every message was delivered (or refused for good)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._outbox.waiting():
                return True
            time.sleep(0.05)
        return False


def _now() -> datetime:
    return datetime.now(UTC)


def outbox_for(db: Any, *, lease: float, retry: float) -> Outbox:
    return Outbox(
        db=db, worker_id=new_worker_id(), lease=timedelta(seconds=lease), retry=timedelta(seconds=retry)
    )
