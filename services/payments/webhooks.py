"""Xero webhooks: check the signature, and pick out the events about Rechargly's own invoices."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from services.models import ClientInvoice, ConnectionStatus, SlackDelivery, WebhookReceipt, XeroConnection
from services.ports import Clock
from services.storage import Database
from services.sync.lease import new_holder


def signature_valid(*, key: str, body: bytes, signature: str) -> bool:
    """x-xero-signature is base64(HMAC-SHA256(raw body, webhook key)); compared in constant time."""
    expected = base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()
    return hmac.compare_digest(expected, signature.strip())


def sign(*, key: str, body: bytes) -> str:
    """What Xero sends in x-xero-signature for this body (tests and the demo sign with it)."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


@dataclass(frozen=True)
class InvoiceChanged:
    connection_id: int
    xero_invoice_id: str


def parse_events(body: bytes) -> list[dict[str, Any]]:
    """The events list of a (signed) payload; ValueError when it isn't one."""
    payload = json.loads(body)
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise ValueError("no events list")
    return [e for e in events if isinstance(e, dict)]


def our_invoices(*, db: Database, events: list[dict[str, Any]]) -> list[InvoiceChanged]:
    """INVOICE events on invoices Rechargly raised, in organisations still connected; once each."""
    wanted = {
        (str(e.get("tenantId", "")).lower(), str(e.get("resourceId", "")).lower())
        for e in events
        if str(e.get("eventCategory", "")).upper() == "INVOICE"
    }
    if not wanted:
        return []
    return _ours(db, wanted)


def _ours(db: Database, wanted: set[tuple[str, str]]) -> list[InvoiceChanged]:
    with db.session() as session:
        rows = session.exec(
            select(XeroConnection.id, XeroConnection.tenant_id, ClientInvoice.xero_invoice_id)
            .join(ClientInvoice, col(ClientInvoice.connection_id) == XeroConnection.id)
            .where(
                XeroConnection.status == ConnectionStatus.ACTIVE,
                col(ClientInvoice.xero_invoice_id).in_([invoice for _, invoice in wanted]),
            )
        ).all()
    found = {
        InvoiceChanged(connection_id=cid or 0, xero_invoice_id=(invoice or "").lower())
        for cid, tenant, invoice in rows
        if (tenant.lower(), (invoice or "").lower()) in wanted
    }
    return sorted(found, key=lambda c: (c.connection_id, c.xero_invoice_id))


# --- merging and coalescing: a flood or a replay costs Xero calls per distinct invoice ------------

WINDOW_SECONDS = 1.0  # events arriving this close together are fetched together
SPACING_SECONDS = 30.0  # between batches of one organisation while more wait
BATCH = 10  # invoices fetched per batch: ~11 Xero calls, leaving the minute to the nightly sync
CLAIM_TTL = timedelta(minutes=2)  # a fetch claimed by a process that died is free again after this
KEEP_RECEIPTS = timedelta(days=3)  # a replay within this is merged with what was already fetched
KEEP_SLACK_EVENTS = timedelta(days=3)  # Slack retries an event for minutes, never days


def record(*, db: Database, events: list[dict[str, Any]], now: datetime) -> list[int]:
    """Store each event on one of our invoices once (same resource, same event date merge);
    returns the organisations with events waiting to be fetched."""
    dates: dict[tuple[str, str], set[str]] = {}
    for event in events:
        if str(event.get("eventCategory", "")).upper() != "INVOICE":
            continue
        key = (str(event.get("tenantId", "")).lower(), str(event.get("resourceId", "")).lower())
        dates.setdefault(key, set()).add(str(event.get("eventDateUtc", ""))[:40])
    if not dates:
        return []
    rows: list[dict[str, Any]] = [
        {"connection_id": found.connection_id, "resource_id": found.xero_invoice_id, "event_date": when,
         "received_at": now}
        for found, tenant in _ours_with_tenant(db, set(dates))
        for when in sorted(dates[(tenant, found.xero_invoice_id)])
    ]  # fmt: skip
    if not rows:
        return []
    dialect = postgresql if db.is_postgres else sqlite
    with db.session() as session:
        session.execute(
            dialect.insert(WebhookReceipt)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["connection_id", "resource_id", "event_date"])
        )
    return sorted({int(row["connection_id"]) for row in rows})


def _ours_with_tenant(db: Database, wanted: set[tuple[str, str]]) -> list[tuple[InvoiceChanged, str]]:
    with db.session() as session:
        tenants = dict(session.exec(select(XeroConnection.id, XeroConnection.tenant_id)).all())
    return [(found, tenants[found.connection_id].lower()) for found in _ours(db, wanted)]


Refresh = Callable[[int, Sequence[str]], object]


class WebhookFetches:
    """Fetches the invoices webhooks named, per organisation, in batches a short window apart.

    Receipts are claimed in the database, so replicas share the work without fetching twice.
    """

    def __init__(
        self,
        *,
        db: Database,
        clock: Clock,
        refresh: Refresh,
        submit: Callable[[Callable[[], object]], None],
        sleep: Callable[[float], None] = time.sleep,
        window: float = WINDOW_SECONDS,
        spacing: float = SPACING_SECONDS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._refresh = refresh
        self._submit = submit
        self._sleep = sleep
        self._window = window
        self._spacing = spacing
        self._me = new_holder()
        self._waking: set[int] = set()
        self._guard = threading.Lock()

    def received(self, events: list[dict[str, Any]]) -> None:
        """A signed webhook: merge its events and wake a fetch for each organisation (answers fast)."""
        for connection_id in record(db=self._db, events=events, now=self._clock.now()):
            self._wake(connection_id, self._window)

    def _wake(self, connection_id: int, delay: float) -> None:
        with self._guard:
            if connection_id in self._waking:
                return  # a fetch is already due in this process: it takes these events too
            self._waking.add(connection_id)
        self._submit(partial(self._fetch_later, connection_id, delay))

    def _fetch_later(self, connection_id: int, delay: float) -> None:
        self._sleep(delay)
        with self._guard:
            self._waking.discard(connection_id)
        if self.fetch(connection_id):
            self._wake(connection_id, self._spacing)

    def fetch(self, connection_id: int) -> bool:
        """Fetch one batch of waiting invoices; True when more wait."""
        invoices = self._claim(connection_id)
        if not invoices:
            return False
        try:
            self._refresh(connection_id, invoices)
        finally:
            with self._db.session() as session:
                session.execute(
                    update(WebhookReceipt)
                    .where(
                        col(WebhookReceipt.connection_id) == connection_id,
                        col(WebhookReceipt.claimed_by) == self._me,
                        col(WebhookReceipt.fetched_at).is_(None),
                    )
                    .values(fetched_at=self._clock.now())
                )
        return bool(self._waiting(connection_id))

    def _waiting(self, connection_id: int) -> list[str]:
        stale = self._clock.now() - CLAIM_TTL
        with self._db.session() as session:
            return list(
                session.exec(
                    select(WebhookReceipt.resource_id)
                    .where(
                        WebhookReceipt.connection_id == connection_id,
                        col(WebhookReceipt.fetched_at).is_(None),
                        or_(col(WebhookReceipt.claimed_by).is_(None), col(WebhookReceipt.claimed_at) < stale),
                    )
                    .distinct()
                    .limit(BATCH)
                ).all()
            )

    def _claim(self, connection_id: int) -> list[str]:
        wanted = self._waiting(connection_id)
        if not wanted:
            return []
        now = self._clock.now()
        with self._db.session() as session:
            session.execute(
                update(WebhookReceipt)
                .where(
                    col(WebhookReceipt.connection_id) == connection_id,
                    col(WebhookReceipt.resource_id).in_(wanted),
                    col(WebhookReceipt.fetched_at).is_(None),
                    or_(
                        col(WebhookReceipt.claimed_by).is_(None),
                        col(WebhookReceipt.claimed_at) < now - CLAIM_TTL,
                    ),
                )
                .values(claimed_by=self._me, claimed_at=now)
            )
            return list(
                session.exec(
                    select(WebhookReceipt.resource_id)
                    .where(
                        WebhookReceipt.connection_id == connection_id,
                        WebhookReceipt.claimed_by == self._me,
                        col(WebhookReceipt.fetched_at).is_(None),
                    )
                    .distinct()
                ).all()
            )


def prune(*, db: Database, now: datetime) -> tuple[int, int]:
    """Forget fetched webhook receipts and handled Slack event ids once no replay can matter."""
    with db.session() as session:
        receipts = session.execute(
            delete(WebhookReceipt).where(
                col(WebhookReceipt.fetched_at).is_not(None),
                col(WebhookReceipt.received_at) < now - KEEP_RECEIPTS,
            )
        ).rowcount  # type: ignore[attr-defined]
        events = session.execute(
            delete(SlackDelivery).where(
                col(SlackDelivery.key).startswith("event:"), col(SlackDelivery.at) < now - KEEP_SLACK_EVENTS
            )
        ).rowcount  # type: ignore[attr-defined]
    return int(receipts), int(events)
