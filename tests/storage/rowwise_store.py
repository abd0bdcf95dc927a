"""The sync store as it was, row by row through the ORM: the reference the bulk path must equal.

A copy of services/sync/store.py before it became set-based (contacts, spend, money received),
kept only for tests/storage/test_bulk_store.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from services.models import (
    Contact,
    ReceivedMoney,
    SpendLine,
    SpendTransaction,
)
from services.xero_types import (
    ContactRecord,
    ReceiveRecord,
    SpendLineRecord,
    SpendRecord,
)

# Statuses after which a record must never be recharged (or, for contacts, offered as a client).
GONE_STATUSES = frozenset({"DELETED", "VOIDED", "ARCHIVED"})


@dataclass
class PageChanges:
    new: int = 0
    updated: int = 0
    voided: int = 0
    changed_spend_ids: list[int] = field(default_factory=list)

    def count(self, *, is_new: bool, changed: bool, old_status: str | None, status: str) -> None:
        if is_new:
            self.new += 1
        elif changed:
            self.updated += 1
        if changed and status in GONE_STATUSES and old_status not in GONE_STATUSES:
            self.voided += 1


def _apply(row: SQLModel, values: dict[str, Any]) -> bool:
    """Set the fields that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def store_contacts(session: Session, connection_id: int, records: Sequence[ContactRecord]) -> PageChanges:
    existing = {
        c.xero_id: c
        for c in session.exec(
            select(Contact).where(
                Contact.connection_id == connection_id, col(Contact.xero_id).in_([r.xero_id for r in records])
            )
        )
    }
    changes = PageChanges()
    for record in records:
        row = existing.get(record.xero_id)
        old_status = row.status if row else None
        row = row or Contact(connection_id=connection_id, xero_id=record.xero_id, name=record.name)
        changed = _apply(
            row,
            {
                "name": record.name,
                "email": record.email,
                "is_customer": record.is_customer,
                "is_supplier": record.is_supplier,
                "status": record.status,
                "xero_updated_at": record.updated_at,
            },
        )
        changes.count(is_new=old_status is None, changed=changed, old_status=old_status, status=record.status)
        session.add(row)
    return changes


def store_spend(
    session: Session, connection_id: int, run_id: int, records: Sequence[SpendRecord]
) -> PageChanges:
    """Upsert spend transactions and their lines; marks each new or changed one with this run."""
    if not records:
        return PageChanges()
    source = records[0].source
    existing = {
        t.xero_id: t
        for t in session.exec(
            select(SpendTransaction).where(
                SpendTransaction.connection_id == connection_id,
                SpendTransaction.source == source,
                col(SpendTransaction.xero_id).in_([r.xero_id for r in records]),
            )
        )
    }
    lines = _lines_of([t.id for t in existing.values() if t.id is not None], session)
    rows: list[tuple[SpendRecord, SpendTransaction, bool, str | None]] = []
    for record in records:
        row = existing.get(record.xero_id)
        old_status = row.status if row else None
        row = row or SpendTransaction(
            connection_id=connection_id,
            source=source,
            xero_id=record.xero_id,
            date=record.date,
            currency_code=record.currency_code,
            status=record.status,
        )
        changed = _apply(row, _spend_values(record))
        session.add(row)
        rows.append((record, row, changed, old_status))
    session.flush()  # ids for the new transactions, before their lines
    changes = PageChanges()
    for record, row, header_changed, old_status in rows:
        assert row.id is not None
        changed = _store_lines(session, row.id, record.lines, lines.get(row.id, {})) or header_changed
        if changed:
            row.sync_run_id = run_id
            changes.changed_spend_ids.append(row.id)
        changes.count(is_new=old_status is None, changed=changed, old_status=old_status, status=record.status)
    return changes


def _spend_values(record: SpendRecord) -> dict[str, Any]:
    return {
        "contact_xero_id": record.contact_xero_id,
        "contact_name": record.contact_name,
        "date": record.date,
        "reference": record.reference,
        "invoice_number": record.invoice_number,
        "currency_code": record.currency_code,
        "currency_rate": record.currency_rate,
        "line_amount_types": record.line_amount_types,
        "sub_total": record.sub_total,
        "total_tax": record.total_tax,
        "total": record.total,
        "status": record.status,
        "has_attachments": record.has_attachments,
        "xero_updated_at": record.updated_at,
    }


def _lines_of(transaction_ids: Iterable[int], session: Session) -> dict[int, dict[str, SpendLine]]:
    grouped: dict[int, dict[str, SpendLine]] = defaultdict(dict)
    ids = list(transaction_ids)
    if ids:
        for line in session.exec(select(SpendLine).where(col(SpendLine.spend_transaction_id).in_(ids))):
            grouped[line.spend_transaction_id][line.line_key] = line
    return grouped


def _store_lines(
    session: Session, transaction_id: int, records: Sequence[SpendLineRecord], existing: dict[str, SpendLine]
) -> bool:
    """Upsert a transaction's lines; a line gone from Xero is kept (recharges point at it), marked removed."""
    changed = False
    for position, record in enumerate(records):
        line = existing.pop(record.line_key, None)
        if line is None:
            line = SpendLine(spend_transaction_id=transaction_id, line_key=record.line_key)
            changed = True
        changed = (
            _apply(
                line,
                {
                    "position": position,
                    "description": record.description,
                    "quantity": record.quantity,
                    "unit_amount": record.unit_amount,
                    "line_amount": record.line_amount,
                    "tax_amount": record.tax_amount,
                    "discount_rate": record.discount_rate,
                    "discount_amount": record.discount_amount,
                    "account_code": record.account_code,
                    "tax_type": record.tax_type,
                    "tracking": [{"category": c, "option": o} for c, o in record.tracking],
                    "removed": False,
                },
            )
            or changed
        )
        session.add(line)
    for gone in existing.values():
        if not gone.removed:
            gone.removed = True
            session.add(gone)
            changed = True
    return changed


def store_received(session: Session, connection_id: int, records: Sequence[ReceiveRecord]) -> PageChanges:
    existing = {
        r.xero_id: r
        for r in session.exec(
            select(ReceivedMoney).where(
                ReceivedMoney.connection_id == connection_id,
                col(ReceivedMoney.xero_id).in_([r.xero_id for r in records]),
            )
        )
    }
    changes = PageChanges()
    for record in records:
        row = existing.get(record.xero_id)
        old_status = row.status if row else None
        row = row or ReceivedMoney(
            connection_id=connection_id,
            xero_id=record.xero_id,
            date=record.date,
            currency_code=record.currency_code,
            status=record.status,
        )
        changed = _apply(
            row,
            {
                "contact_xero_id": record.contact_xero_id,
                "date": record.date,
                "reference": record.reference,
                "currency_code": record.currency_code,
                "total": record.total,
                "bank_account_id": record.bank_account_id,
                "bank_account_code": record.bank_account_code,
                "status": record.status,
                "is_reconciled": record.is_reconciled,
                "xero_updated_at": record.updated_at,
            },
        )
        changes.count(is_new=old_status is None, changed=changed, old_status=old_status, status=record.status)
        session.add(row)
    return changes
