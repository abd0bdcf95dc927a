"""Xero webhooks: check the signature, and pick out the events about Rechargly's own invoices."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from services.models import ClientInvoice, ConnectionStatus, XeroConnection
from services.storage import Database


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
