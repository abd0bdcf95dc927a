"""The outbox: Slack messages that carry work, written in the same transaction as what they announce.

A background worker in bot/ delivers them (services/ports.py knows nothing of Slack). Everything the
worker needs to decide is here, on the database, so two replicas share the work safely: a message is
claimed with one conditional UPDATE, so exactly one worker holds it at a time.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import case, delete, func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services import notices
from services.models import (
    BillingRun,
    DigestLog,
    OutboxChannelProblem,
    OutboxMessage,
    OutboxState,
    ProposalMessage,
    ReviewBatch,
    XeroConnection,
    utcnow,
)
from services.notices import ChannelUnreachable, Notice
from services.storage import Database

WAITING = (OutboxState.PENDING, OutboxState.SENDING)
SETTLED = (OutboxState.DELIVERED, OutboxState.FAILED)

# Where a delivered message's ts is stored back: subject "<table>:<id>".
_TS_COLUMNS: dict[str, type[ProposalMessage] | type[ReviewBatch] | type[DigestLog] | type[BillingRun]] = {
    "proposal_message": ProposalMessage,
    "review_batch": ReviewBatch,
    "digest": DigestLog,
    "billing_run": BillingRun,
}


# --- notices as JSON ---------------------------------------------------------------------------


def _notice_classes() -> dict[str, type[Notice]]:
    found: dict[str, type[Notice]] = {}
    pending = [Notice]
    while pending:
        for cls in pending.pop().__subclasses__():
            found[cls.__name__] = cls
            pending.append(cls)
    return found


def encode(value: Any) -> Any:
    """A notice (frozen dataclasses of str, int, bool, Decimal, date, datetime, tuples) as JSON-able
    data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, Decimal):  # exact, as written
        return str(value)
    return value


def decode(kind: str, payload: dict[str, Any]) -> Notice:
    cls = _notice_classes()[kind]
    notice = _decode(cls, payload)
    assert isinstance(notice, Notice)
    return notice


def _is_dataclass_type(hint: Any) -> bool:
    return isinstance(hint, type) and dataclasses.is_dataclass(hint)


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        # A JSON object was a dataclass; anything else was one of the plain options.
        fitting = [a for a in options if _is_dataclass_type(a) == isinstance(value, dict)]
        return _decode((fitting or options)[0], value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(a, item) for a, item in zip(args, value, strict=True))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        # Its own module's names (notices of a feature live beside it), and the shared ones.
        hints = typing.get_type_hints(hint, {**vars(notices), **vars(sys.modules[hint.__module__])})
        known = {f.name for f in dataclasses.fields(hint)}
        return hint(**{name: _decode(hints[name], v) for name, v in value.items() if name in known})
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is Decimal:
        return Decimal(value)
    return value


# --- writing -----------------------------------------------------------------------------------


def enqueue(
    session: Session,
    *,
    team_id: str,
    channel: str,
    notice: Notice,
    dedupe_key: str,
    subject: str = "",
    thread_ts: str | None = None,
) -> bool:
    """Write the message (a reply in a thread when `thread_ts`) in the caller's transaction; False
    when that key was written before."""
    row = OutboxMessage(
        team_id=team_id,
        channel=channel,
        kind=type(notice).__name__,
        payload=encode(notice),
        subject=subject,
        dedupe_key=dedupe_key[:200],
        thread_ts=thread_ts,
    )
    try:
        with session.begin_nested():  # the same key from another run or replica: already queued
            session.add(row)
    except IntegrityError:
        return False
    return True


def edit_key(channel: str, ts: str) -> str:
    return f"edit:{channel}:{ts}"


def enqueue_edit(session: Session, *, team_id: str, channel: str, ts: str, notice: Notice) -> bool:
    """Edit a message already posted, in the caller's transaction, so the edit is as durable as the
    state it shows. A message has one edit row carrying its latest state: edits made before the last
    one went out coalesce into it, and a state the message already shows (or is about to) is not
    sent again. False when there was nothing new to send."""
    key = edit_key(channel, ts)
    kind, payload = type(notice).__name__, encode(notice)
    for _attempt in range(3):
        row = session.exec(
            select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.payload, OutboxMessage.version).where(
                col(OutboxMessage.dedupe_key) == key
            )
        ).first()
        if row is None:
            edit = OutboxMessage(
                team_id=team_id, channel=channel, kind=kind, payload=payload, dedupe_key=key, edits_ts=ts
            )
            try:
                with session.begin_nested():
                    session.add(edit)
            except IntegrityError:
                continue  # queued a moment ago by another transaction: give that row this state
            return True
        row_id, row_kind, row_payload, version = row
        if row_kind == kind and row_payload == payload:
            return False
        if _restate(session, key, kind, payload, row_id=row_id, version=version):
            return True
    return _restate(session, key, kind, payload)  # contended that long: the last writer's state wins


def _restate(
    session: Session,
    key: str,
    kind: str,
    payload: Any,
    *,
    row_id: int | None = None,
    version: int | None = None,
) -> bool:
    """Give an edit row a new state; due again at once when its last state was sent (or refused). A
    row on its way keeps going: the worker sees the new version and sends it next."""
    settled = col(OutboxMessage.state).in_(SETTLED)
    query = update(OutboxMessage).where(col(OutboxMessage.dedupe_key) == key)
    if row_id is not None:
        query = query.where(col(OutboxMessage.id) == row_id, col(OutboxMessage.version) == version)
    changed = session.execute(
        query.values(
            kind=kind,
            payload=payload,
            version=OutboxMessage.version + 1,
            state=case((settled, OutboxState.PENDING), else_=OutboxMessage.state),
            next_attempt_at=case((settled, utcnow()), else_=OutboxMessage.next_attempt_at),
            last_error=case((settled, None), else_=OutboxMessage.last_error),
        )
    )
    return bool(changed.rowcount)  # type: ignore[attr-defined]


def show(
    session: Session,
    *,
    holder: ProposalMessage | BillingRun,
    team_id: str,
    channel: str,
    notice: Notice,
    dedupe_key: str,
    subject: str,
) -> bool:
    """A message posted once and edited after (a card), as `notice` says now, in the caller's
    transaction: its post while Slack doesn't have it yet (queued now, or rewritten while it waits),
    then its edit (`holder.message_ts` is stored when the post is delivered). True when the post was
    queued now."""
    if not holder.message_ts:
        if rewrite(session, dedupe_key=dedupe_key, notice=notice):
            return False  # still waiting in the outbox: it goes out with this wording
        if enqueue(
            session, team_id=team_id, channel=channel, notice=notice, dedupe_key=dedupe_key, subject=subject
        ):
            return True
        session.refresh(holder)  # delivered a moment ago: edit it
    if holder.message_ts:
        enqueue_edit(session, team_id=team_id, channel=channel, ts=holder.message_ts, notice=notice)
    return False


def rewrite(session: Session, *, dedupe_key: str, notice: Notice) -> bool:
    """Give a message not yet delivered its latest wording; False when it was delivered already."""
    changed = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.dedupe_key) == dedupe_key, col(OutboxMessage.state).in_(WAITING))
        .values(payload=encode(notice), version=OutboxMessage.version + 1)
    )
    return bool(changed.rowcount)  # type: ignore[attr-defined]


# --- what the worker asks ----------------------------------------------------------------------


@dataclass(frozen=True)
class Claimed:
    """A message one worker now holds until `until`; `recovered` when its last sender died mid-way."""

    id: int
    team_id: str
    channel: str
    notice: Notice
    version: int
    dedupe_key: str
    recovered: bool
    created_at: datetime
    edits_ts: str | None = None  # an edit (chat.update) of this message rather than a post
    thread_ts: str | None = None  # a post in this message's thread


class Outbox:
    """The worker's side of the table: claim due messages, record what Slack said."""

    def __init__(self, *, db: Database, worker_id: str, lease: timedelta, retry: timedelta) -> None:
        self._db = db
        self._worker = worker_id[:64]
        self._lease = lease
        self._retry = retry

    def due(
        self, *, now: datetime, limit: int = 100, skip_channels: Sequence[str] = (), edits: bool | None = None
    ) -> list[tuple[int, str]]:
        """(id, channel) of messages to try now: pending and due, or held by a sender whose lease ran out.
        Only edits (True) or only posts (False): each is paced on its own."""
        with self._db.session() as session:
            query = (
                select(OutboxMessage.id, OutboxMessage.channel)
                .where(
                    or_(
                        (col(OutboxMessage.state) == OutboxState.PENDING)
                        & (col(OutboxMessage.next_attempt_at) <= now),
                        (col(OutboxMessage.state) == OutboxState.SENDING)
                        & (col(OutboxMessage.claimed_until) < now),
                    )
                )
                .order_by(col(OutboxMessage.id))
                .limit(limit)
            )
            if edits is not None:
                edit = col(OutboxMessage.edits_ts)
                query = query.where(edit.is_not(None) if edits else edit.is_(None))
            if skip_channels:
                query = query.where(col(OutboxMessage.channel).not_in(list(skip_channels)))
            return [(i, channel) for i, channel in session.exec(query).all() if i is not None]

    def waiting(self) -> int:
        """Messages not yet delivered (nor refused for good), in every workspace."""
        with self._db.session() as session:
            query = select(func.count()).where(col(OutboxMessage.state).in_(WAITING))
            return int(session.exec(query).one())

    def claim(self, message_id: int, *, now: datetime) -> Claimed | None:
        """Take one message with a single conditional UPDATE: exactly one worker wins it."""
        with self._db.session() as session:
            row = session.get(OutboxMessage, message_id)
            if row is None:
                return None
            recovered = row.state == OutboxState.SENDING
            claimable = (col(OutboxMessage.state) == OutboxState.PENDING) & (
                col(OutboxMessage.next_attempt_at) <= now
            )
            if recovered:
                claimable = (
                    (col(OutboxMessage.state) == OutboxState.SENDING)
                    & (col(OutboxMessage.claimed_until) == row.claimed_until)
                    & (col(OutboxMessage.claimed_until) < now)
                )
            won = session.execute(
                update(OutboxMessage)
                .where(col(OutboxMessage.id) == message_id, claimable)
                .values(
                    state=OutboxState.SENDING,
                    claimed_by=self._worker,
                    claimed_until=now + self._lease,
                    attempts=OutboxMessage.attempts + 1,
                )
            )
            if not won.rowcount:  # type: ignore[attr-defined]
                return None
            session.refresh(row)
            return Claimed(
                id=message_id,
                team_id=row.team_id,
                channel=row.channel,
                notice=decode(row.kind, row.payload),
                version=row.version,
                dedupe_key=row.dedupe_key,
                recovered=recovered,
                created_at=row.created_at,
                edits_ts=row.edits_ts,
                thread_ts=row.thread_ts,
            )

    def delivered(
        self, claimed: Claimed, *, ts: str, now: datetime, channel: str | None = None
    ) -> Notice | None:
        """Record the ts (and store it where the subject wants it), then mark delivered; in one
        transaction. A post rewritten while it was being sent gets an edit with its newer wording
        (queued here, so it is as durable as the post), which is returned; an edit whose message
        changed state meanwhile is due again with that state. `channel`: where Slack posted it."""
        with self._db.session() as session:
            row = session.get(OutboxMessage, claimed.id)
            assert row is not None
            changed = row.version != claimed.version
            row.ts, row.state, row.delivered_at, row.last_error = ts, OutboxState.DELIVERED, now, None
            row.claimed_until = None
            if changed and row.edits_ts is not None:
                row.state, row.next_attempt_at, row.delivered_at = OutboxState.PENDING, now, None
            session.add(row)
            _store_ts(session, row.subject, ts)
            problem = delete(OutboxChannelProblem).where(
                col(OutboxChannelProblem.team_id) == row.team_id,
                col(OutboxChannelProblem.channel) == row.channel,
            )
            session.execute(problem)  # the channel works (again): a later problem is told anew
            if not changed or row.edits_ts is not None:
                return None
            newer = decode(row.kind, row.payload)
            enqueue_edit(session, team_id=row.team_id, channel=channel or row.channel, ts=ts, notice=newer)
            return newer

    def retry_later(self, claimed: Claimed, *, error: str, now: datetime, after: float | None = None) -> None:
        """Slack was busy or unreachable beyond the client's own retries: try again later."""
        wait = timedelta(seconds=after) if after is not None else self._retry
        with self._db.session() as session:
            self._release(session, claimed.id, error=error, at=now + wait)

    def failed(self, claimed: Claimed, *, error: str) -> None:
        """Slack refused this message for good (e.g. invalid_blocks): kept, and shown in status. An
        edit whose message changed state meanwhile tries that state instead."""
        with self._db.session() as session:
            row = session.get(OutboxMessage, claimed.id)
            assert row is not None
            row.state, row.last_error, row.claimed_until = OutboxState.FAILED, error[:200], None
            if row.edits_ts is not None and row.version != claimed.version:
                row.state = OutboxState.PENDING
            session.add(row)

    def channel_refused(self, claimed: Claimed, *, error: str, now: datetime, admins: Sequence[str]) -> bool:
        """The channel can't be posted to: every message for it waits, and the admins are told once
        (a message to each admin, through this same outbox). True when they were told now."""
        with self._db.session() as session:
            self._release(session, claimed.id, error=error, at=now + self._retry)
            session.execute(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.team_id) == claimed.team_id,
                    col(OutboxMessage.channel) == claimed.channel,
                    col(OutboxMessage.state) == OutboxState.PENDING,
                )
                .values(next_attempt_at=now + self._retry)
            )
        try:
            with self._db.session() as session:
                problem = OutboxChannelProblem(
                    team_id=claimed.team_id, channel=claimed.channel, error=error[:64], since=now
                )
                session.add(problem)
                session.flush()
                waiting = _count_waiting(session, claimed.team_id, claimed.channel)
                notice = ChannelUnreachable(channel=claimed.channel, error=error, waiting=waiting)
                for admin in dict.fromkeys(admins):
                    enqueue(
                        session,
                        team_id=claimed.team_id,
                        channel=admin,  # a user id: Slack posts it in the app's DM with them
                        notice=notice,
                        dedupe_key=f"channel-problem:{problem.id}:{admin}",
                    )
        except IntegrityError:  # told already (by this worker or another replica)
            return False
        return True

    def _release(self, session: Session, message_id: int, *, error: str, at: datetime) -> None:
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.claimed_by) == self._worker)
            .values(state=OutboxState.PENDING, next_attempt_at=at, claimed_until=None, last_error=error[:200])
        )


def _store_ts(session: Session, subject: str, ts: str) -> None:
    table, _, raw_id = subject.partition(":")
    model = _TS_COLUMNS.get(table)
    if model is None or not raw_id.isdigit():
        return
    session.execute(update(model).where(col(model.id) == int(raw_id)).values(message_ts=ts))


def _count_waiting(session: Session, team_id: str, channel: str | None = None) -> int:
    query = select(func.count()).where(
        col(OutboxMessage.team_id) == team_id, col(OutboxMessage.state).in_(WAITING)
    )
    if channel is not None:
        query = query.where(col(OutboxMessage.channel) == channel)
    return int(session.exec(query).one())


@dataclass(frozen=True)
class OutboxStatus:
    """For `/rechargly status`: messages waiting, channels Slack refused, messages refused for good."""

    waiting: int = 0
    blocked_channels: tuple[tuple[str, str], ...] = ()  # (channel, error)
    failed: int = 0


def outbox_status(session: Session, team_id: str) -> OutboxStatus:
    problems = session.exec(
        select(OutboxChannelProblem.channel, OutboxChannelProblem.error).where(
            col(OutboxChannelProblem.team_id) == team_id
        )
    ).all()
    failed = session.exec(
        select(func.count()).where(
            col(OutboxMessage.team_id) == team_id, col(OutboxMessage.state) == OutboxState.FAILED
        )
    ).one()
    return OutboxStatus(
        waiting=_count_waiting(session, team_id),
        blocked_channels=tuple((c, e) for c, e in problems),
        failed=int(failed),
    )


def admins_to_tell(*, db: Database, team_id: str, configured: Sequence[str]) -> list[str]:
    """Who hears about a broken channel: RECHARGLY_ADMINS, and whoever connected Xero."""
    with db.session() as session:
        connectors = session.exec(
            select(XeroConnection.connected_by).where(XeroConnection.team_id == team_id).distinct()
        ).all()
    return list(dict.fromkeys([*configured, *(c for c in connectors if c)]))
