"""Storing one page of Xero records: upsert by Xero id, count what is new, changed or voided.

Set-based: per page, one SELECT reads what we hold of its records (and one their lines), the
differences are worked out in memory, and one INSERT … ON CONFLICT DO UPDATE per table writes the
new and changed rows (one executemany). No ORM object is built per record.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Table, Text, bindparam, cast, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as orm_select

from services.models import (
    ClientInvoice,
    Contact,
    InvoicePayment,
    ReceivedMoney,
    RefundState,
    SpendLine,
    SpendTransaction,
    SupplierRefund,
)
from services.xero_types import (
    ContactRecord,
    InvoiceRecord,
    PaymentRecord,
    ReceiveRecord,
    RefundLineRecord,
    SpendLineRecord,
    SpendRecord,
    SupplierCreditRecord,
)

# Statuses after which a record must never be recharged (or, for contacts, offered as a client).
GONE_STATUSES = frozenset({"DELETED", "VOIDED", "ARCHIVED"})
# Rows per IN (…) list when reading what we hold: well inside every database's parameter limit.
READ_BATCH = 1000

Values = dict[str, Any]
# The columns a sync writes from Xero's record (everything else in a row is ours and kept).
CONTACT_FIELDS = ("name", "email", "is_customer", "is_supplier", "status", "xero_updated_at")
SPEND_FIELDS = (
    "contact_xero_id", "contact_name", "date", "reference", "invoice_number", "currency_code",
    "currency_rate", "line_amount_types", "sub_total", "total_tax", "total", "status",
    "has_attachments", "xero_updated_at",
)  # fmt: skip
LINE_FIELDS = (
    "position", "description", "quantity", "unit_amount", "line_amount", "tax_amount",
    "discount_rate", "discount_amount", "account_code", "tax_type", "tracking", "removed",
)  # fmt: skip
SPEND_KEY = ("connection_id", "source", "xero_id")
RECEIVED_FIELDS = (
    "type", "contact_xero_id", "date", "reference", "currency_code", "total", "bank_account_id",
    "bank_account_code", "status", "is_reconciled", "xero_updated_at",
)  # fmt: skip


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


def _table(model: type[SQLModel]) -> Table:
    table: Table = model.__table__  # type: ignore[attr-defined]
    return table


def _defaults(model: type[SQLModel]) -> Values:
    """What a freshly built row holds before the record's values are applied."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name != "id"
    }


def _base(held: Mapping[str, Any] | None, defaults: Values, **required: Any) -> Values:
    """The row as we hold it, or as a new one starts: the model's defaults and its required fields."""
    return dict(held) if held is not None else {**defaults, **required}


def _differs(held: Mapping[str, Any], values: Values) -> bool:
    return any(held[name] != value for name, value in values.items())


def _upsert(
    session: Session,
    model: type[SQLModel],
    rows: list[Values],
    *,
    key: Sequence[str],
    update: Iterable[str],
) -> None:
    """INSERT the rows, or UPDATE `update` in the row already holding each key: one statement."""
    if not rows:
        return
    table = _table(model)
    if _on_postgresql(session):
        _upsert_arrays(session, table, rows, key=key, update=update)
        return
    statement = sqlite.insert(table)
    updated = {name: statement.excluded[name] for name in update}
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=updated)
    session.execute(statement, rows)


def _upsert_arrays(
    session: Session, table: Table, rows: list[Values], *, key: Sequence[str], update: Iterable[str]
) -> None:
    """PostgreSQL: the page as one array per column, unnested into one INSERT … ON CONFLICT.

    An executemany runs one statement per row on the server (and psycopg builds each in Python);
    a page of lines took seconds that way. Every row of a page carries the same keys."""
    columns = list(rows[0])
    # A JSON value that is a list would read as a nested array: JSON columns travel as text.
    as_text = {name for name in columns if isinstance(table.c[name].type, JSON)}
    arrays = [
        bindparam(f"a{i}", type_=ARRAY(Text() if name in as_text else table.c[name].type))
        for i, name in enumerate(columns)
    ]
    page = func.unnest(*arrays).table_valued(*columns).render_derived(name="page")
    picked = [cast(page.c[name], table.c[name].type) if name in as_text else page.c[name] for name in columns]
    statement = postgresql.insert(table).from_select(columns, select(*picked))
    updated = {name: statement.excluded[name] for name in update}
    statement = statement.on_conflict_do_update(index_elements=list(key), set_=updated)
    values = {
        f"a{i}": [_as_json(row[name], table.c[name].type) if name in as_text else row[name] for row in rows]
        for i, name in enumerate(columns)
    }
    session.execute(statement, values)


def _as_json(value: Any, column: Any) -> str | None:
    """As SQLAlchemy's JSON type writes it: None is JSON null unless the column says none_as_null."""
    return None if value is None and column.none_as_null else json.dumps(value)


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _held(session: Session, model: type[SQLModel], key: str, wanted: Iterable[Any], *where: Any) -> list[Any]:
    """The rows we hold whose `key` is among `wanted`, as plain rows (read in batches)."""
    table = _table(model)
    ids = list(wanted)
    if _on_postgresql(session):
        # Joined to the ids as an array: an IN list is read as a filter on every row of the
        # organisation, and a first sync's tables have no statistics yet (seconds per page at 50k).
        keys = func.unnest(bindparam("keys", ids, type_=ARRAY(table.c[key].type)))
        wanted_keys = keys.table_valued("value").render_derived(name="wanted")
        return list(
            session.execute(
                select(table).join(wanted_keys, table.c[key] == wanted_keys.c.value).where(*where)
            )
        )
    found: list[Any] = []
    for start in range(0, len(ids), READ_BATCH):
        batch = ids[start : start + READ_BATCH]
        found.extend(session.execute(select(table).where(table.c[key].in_(batch), *where)))
    return found


def _held_by_xero_id(
    session: Session, model: type[SQLModel], records: Sequence[Any], *where: Any
) -> dict[str, Mapping[str, Any]]:
    """The rows we hold for these records, by Xero id."""
    rows = _held(session, model, "xero_id", [r.xero_id for r in records], *where)
    return {row.xero_id: row._mapping for row in rows}


def store_contacts(session: Session, connection_id: int, records: Sequence[ContactRecord]) -> PageChanges:
    table = _table(Contact)
    held = _held_by_xero_id(session, Contact, records, table.c.connection_id == connection_id)
    defaults = _defaults(Contact)
    changes, rows = PageChanges(), []
    for record in records:
        values: Values = {
            "name": record.name,
            "email": record.email,
            "is_customer": record.is_customer,
            "is_supplier": record.is_supplier,
            "status": record.status,
            "xero_updated_at": record.updated_at,
        }
        old = held.get(record.xero_id)
        changed = _differs(old or {**defaults, "name": record.name}, values)
        changes.count(
            is_new=old is None,
            changed=changed,
            old_status=old["status"] if old else None,
            status=record.status,
        )
        if old is None:
            rows.append({**defaults, **values, "connection_id": connection_id, "xero_id": record.xero_id})
        elif changed:
            rows.append(_without_id({**dict(old), **values}))
    _upsert(session, Contact, rows, key=("connection_id", "xero_id"), update=CONTACT_FIELDS)
    return changes


def _without_id(row: Values) -> Values:
    return {name: value for name, value in row.items() if name != "id"}


def store_spend(
    session: Session, connection_id: int, run_id: int, records: Sequence[SpendRecord]
) -> PageChanges:
    """Upsert spend transactions and their lines; marks each new or changed one with this run."""
    if not records:
        return PageChanges()
    source = records[0].source
    table = _table(SpendTransaction)
    held = _held_by_xero_id(session, SpendTransaction, records, *_same_source(table, connection_id, source))
    lines = _lines_of(session, [row["id"] for row in held.values()])
    defaults = _defaults(SpendTransaction)
    changes = PageChanges()
    headers: list[Values] = []
    line_rows: list[tuple[str, Values]] = []  # (transaction's xero id, line row)
    for record in records:
        values = _spend_values(record)
        old = held.get(record.xero_id)
        base = _base(old, defaults, connection_id=connection_id, source=source, xero_id=record.xero_id,
                     date=record.date, currency_code=record.currency_code, status=record.status)  # fmt: skip
        written = _line_rows(record.lines, lines.get(old["id"], {}) if old else {})
        changed = _differs(base, values) or bool(written)  # a new line is always written
        changes.count(
            is_new=old is None,
            changed=changed,
            old_status=old["status"] if old else None,
            status=record.status,
        )
        if changed:
            headers.append(_without_id({**base, **values, "sync_run_id": run_id}))
            line_rows.extend((record.xero_id, row) for row in written)
        elif old is None:  # stored as it is, unmarked: nothing in it differs from an empty row
            headers.append(_without_id({**base, **values}))
    _upsert(session, SpendTransaction, headers, key=SPEND_KEY, update=(*SPEND_FIELDS, "sync_run_id"))
    ids = {xero_id: row["id"] for xero_id, row in held.items()}
    new = [h["xero_id"] for h in headers if h["xero_id"] not in ids]
    # Their ids in one more query, not RETURNING: psycopg parses a many-row RETURNING statement in
    # Python, slower than the rest of the page put together.
    stored = _held(session, SpendTransaction, "xero_id", new, *_same_source(table, connection_id, source))
    ids.update((row.xero_id, row.id) for row in stored)
    changes.changed_spend_ids.extend(
        ids[h["xero_id"]] for h in headers if h["sync_run_id"] == run_id and h["xero_id"] in ids
    )
    _upsert(
        session,
        SpendLine,
        [{**row, "spend_transaction_id": ids[xero_id]} for xero_id, row in line_rows],
        key=("spend_transaction_id", "line_key"),
        update=LINE_FIELDS,
    )
    return changes


def _same_source(table: Table, connection_id: int, source: str) -> tuple[Any, Any]:
    return table.c.connection_id == connection_id, table.c.source == source


def _spend_values(record: SpendRecord) -> Values:
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


def _lines_of(session: Session, transaction_ids: Sequence[int]) -> dict[int, dict[str, Values]]:
    grouped: dict[int, dict[str, Values]] = defaultdict(dict)
    for line in _held(session, SpendLine, "spend_transaction_id", transaction_ids):
        grouped[line.spend_transaction_id][line.line_key] = dict(line._mapping)
    return grouped


def _line_rows(records: Sequence[SpendLineRecord], held: dict[str, Values]) -> list[Values]:
    """The lines to write for one transaction, without its id: new, changed, or gone from Xero.

    A line gone from Xero is kept (recharges point at it), marked removed.
    """
    held = dict(held)
    written: list[Values] = []
    for position, record in enumerate(records):
        values: Values = {
            "line_key": record.line_key,
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
        }
        old = held.pop(record.line_key, None)
        if old is None or _differs(old, values):
            written.append(values)
    # Only the columns a sync writes: every row of one executemany must carry the same keys.
    written.extend(
        {**{name: old[name] for name in ("line_key", *LINE_FIELDS)}, "removed": True}
        for old in held.values()
        if not old["removed"]
    )
    for row in written:
        row.pop("spend_transaction_id", None)
    return written


def store_received(session: Session, connection_id: int, records: Sequence[ReceiveRecord]) -> PageChanges:
    table = _table(ReceivedMoney)
    held = _held_by_xero_id(session, ReceivedMoney, records, table.c.connection_id == connection_id)
    defaults = _defaults(ReceivedMoney)
    changes, rows = PageChanges(), []
    for record in records:
        values: Values = {
            "type": record.type,
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
        }
        old = held.get(record.xero_id)
        base = _base(old, defaults, connection_id=connection_id, xero_id=record.xero_id, date=record.date,
                     currency_code=record.currency_code, status=record.status)  # fmt: skip
        changed = _differs(base, values)
        changes.count(
            is_new=old is None,
            changed=changed,
            old_status=old["status"] if old else None,
            status=record.status,
        )
        if old is None or changed:
            rows.append(_without_id({**base, **values}))
    _upsert(session, ReceivedMoney, rows, key=("connection_id", "xero_id"), update=RECEIVED_FIELDS)
    return changes


# --- vendors' refunds ----------------------------------------------------------------------------
# Few next to spend (a credit note or a refund now and then): row by row.

REFUND_FIELDS = (
    "number", "contact_xero_id", "contact_name", "date", "reference", "currency_code", "total",
    "status", "lines", "allocations", "xero_updated_at",
)  # fmt: skip
# Looked at again when changed in Xero: someone may have allocated the credit note to its bill, or
# named the charge in its reference, to settle a refund Rechargly couldn't place.
RELOOK = frozenset({RefundState.NEW, RefundState.UNCLEAR, RefundState.UNMATCHED, RefundState.IGNORED})


def store_supplier_credits(
    session: Session, connection_id: int, run_id: int, records: Sequence[SupplierCreditRecord]
) -> PageChanges:
    """Upsert vendors' credit notes (ACCPAYCREDIT)."""
    return _store_refunds(
        session,
        connection_id,
        run_id,
        "credit_note",
        [
            (
                record.xero_id,
                record.updated_at,
                {
                    "number": record.number,
                    "contact_xero_id": record.contact_xero_id,
                    "contact_name": record.contact_name,
                    "date": record.date,
                    "reference": record.reference,
                    "currency_code": record.currency_code,
                    "total": abs(record.total),
                    "status": record.status,
                    "lines": _refund_lines(record.lines),
                    "allocations": [
                        {"bill": bill, "amount": f"{amount:f}"} for bill, amount in record.allocations
                    ],
                },
            )
            for record in records
        ],
    )


def store_received_refunds(
    session: Session, connection_id: int, run_id: int, records: Sequence[ReceiveRecord]
) -> PageChanges:
    """Money received from a contact the firm has spend with: maybe a vendor's refund."""
    contacts = {r.contact_xero_id for r in records if r.contact_xero_id}
    if not contacts:
        return PageChanges()
    vendors = set(
        session.exec(
            orm_select(SpendTransaction.contact_xero_id)
            .where(
                SpendTransaction.connection_id == connection_id,
                col(SpendTransaction.contact_xero_id).in_(sorted(contacts)),
            )
            .distinct()
        )
    )
    return _store_refunds(
        session,
        connection_id,
        run_id,
        "bank_transaction",
        [
            (
                record.xero_id,
                record.updated_at,
                {
                    "number": "",
                    "contact_xero_id": record.contact_xero_id,
                    "contact_name": record.contact_name,
                    "date": record.date,
                    "reference": record.reference,
                    "currency_code": record.currency_code,
                    "total": abs(record.total),
                    "status": record.status,
                    "lines": _refund_lines(record.lines),
                    "allocations": [],
                },
            )
            for record in records
            if record.contact_xero_id in vendors
        ],
    )


def _refund_lines(lines: Sequence[RefundLineRecord]) -> list[dict[str, str]]:
    return [{"description": line.description, "gross": f"{abs(line.gross):f}"} for line in lines]


def _store_refunds(
    session: Session,
    connection_id: int,
    run_id: int,
    source: str,
    records: Sequence[tuple[str, Any, Values]],
) -> PageChanges:
    changes = PageChanges()
    if not records:
        return changes
    held = {
        row.xero_id: row
        for row in session.exec(
            orm_select(SupplierRefund).where(
                SupplierRefund.connection_id == connection_id,
                SupplierRefund.source == source,
                col(SupplierRefund.xero_id).in_([xero_id for xero_id, _at, _values in records]),
            )
        )
    }
    for xero_id, updated_at, values in records:
        row = held.get(xero_id)
        old_status = row.status if row else None
        row = row or SupplierRefund(
            connection_id=connection_id,
            source=source,
            xero_id=xero_id,
            date=values["date"],
            currency_code=values["currency_code"],
            status=values["status"],
        )
        changed = _apply(row, {**values, "xero_updated_at": updated_at})
        changes.count(is_new=old_status is None, changed=changed, old_status=old_status, status=row.status)
        if changed or old_status is None:
            row.sync_run_id = run_id
            # A refund Rechargly acted on that Xero now says was voided or deleted: what it did is undone.
            if row.state in RELOOK or (row.state == RefundState.LINKED and row.status in GONE_STATUSES):
                row.state = RefundState.NEW
            session.add(row)
    return changes


# Our own invoices and their payments are few (Rechargly raised them): row by row is fine here.


def _apply(row: SQLModel, values: Values) -> bool:
    """Set the fields that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def store_invoices(session: Session, connection_id: int, records: Sequence[InvoiceRecord]) -> PageChanges:
    """Refresh the invoices Rechargly raised (they exist already: we never add one from Xero)."""
    by_xero_id = {r.xero_id: r for r in records}
    changes = PageChanges()
    rows = session.exec(
        orm_select(ClientInvoice).where(
            ClientInvoice.connection_id == connection_id,
            col(ClientInvoice.xero_invoice_id).in_(list(by_xero_id)),
        )
    )
    for row in rows:
        record = by_xero_id[(row.xero_invoice_id or "").lower()]
        old_status = row.xero_status
        changed = _apply(
            row,
            {
                "invoice_number": record.invoice_number or row.invoice_number,
                "xero_status": record.status,
                "total": record.total,
                "amount_due": record.amount_due,
                "amount_paid": record.amount_paid,
                "due_date": record.due_date,
                "xero_updated_at": record.updated_at,
            },
        )
        changes.count(is_new=False, changed=changed, old_status=old_status, status=record.status)
        session.add(row)
    return changes


def store_payments(session: Session, connection_id: int, records: Sequence[PaymentRecord]) -> PageChanges:
    """Upsert the payments on Rechargly's invoices; payments on the firm's other invoices are skipped."""
    invoices = {
        (i.xero_invoice_id or "").lower(): i.id or 0
        for i in session.exec(
            orm_select(ClientInvoice).where(
                ClientInvoice.connection_id == connection_id,
                col(ClientInvoice.xero_invoice_id).in_(list({r.invoice_xero_id for r in records})),
            )
        )
    }
    ours = [r for r in records if r.invoice_xero_id in invoices]
    existing = {
        (p.invoice_id, p.xero_payment_id): p
        for p in session.exec(
            orm_select(InvoicePayment).where(
                col(InvoicePayment.invoice_id).in_(list(invoices.values())),
                col(InvoicePayment.xero_payment_id).in_([r.xero_id for r in ours]),
            )
        )
    }
    changes = PageChanges()
    for record in ours:
        invoice_id = invoices[record.invoice_xero_id]
        row = existing.get((invoice_id, record.xero_id))
        old_status = row.status if row else None
        row = row or InvoicePayment(invoice_id=invoice_id, xero_payment_id=record.xero_id, date=record.date)
        changed = _apply(
            row,
            {
                "date": record.date,
                "amount": record.amount,
                "account_code": record.account_code,
                "status": record.status,
            },
        )
        changes.count(is_new=old_status is None, changed=changed, old_status=old_status, status=record.status)
        session.add(row)
    return changes
