"""The set-based sync store stores exactly what the row-by-row one did, page after page.

Random pages of spend (bank transactions and bills), contacts and money received, with records
coming round again edited, voided, unchanged, with lines added, changed and dropped, go through
both paths (services.sync.store and the reference copy of the row-by-row code in rowwise_store.py)
into one database under two connections; the rows and the counts must be the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import rowwise_store
from harness import both_databases
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from bot.db import create_db_engine, upgrade_database
from services.models import Contact, ReceivedMoney, SpendLine, SpendTransaction, Workspace, XeroConnection
from services.storage import Database
from services.sync import store as sync_store
from services.xero_types import ContactRecord, ReceiveRecord, SpendLineRecord, SpendRecord

IDS = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(12)]
STATUSES = ["AUTHORISED", "AUTHORISED", "PAID", "VOIDED", "DELETED"]
AMOUNTS = st.sampled_from([Decimal("0"), Decimal("10.00"), Decimal("12.50"), Decimal("99.99")])
MOMENTS = st.sampled_from([None, *(datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=h) for h in range(3))])

lines = st.lists(
    st.builds(
        SpendLineRecord,
        line_key=st.sampled_from(["0", "1", "2", "li-a", "li-b"]),
        description=st.sampled_from(["", "Xero subscription", "Dext — Acme Ltd"]),
        quantity=st.sampled_from([Decimal("1.0000"), Decimal("3.0000")]),
        unit_amount=AMOUNTS,
        line_amount=AMOUNTS,
        tax_amount=AMOUNTS,
        account_code=st.sampled_from(["", "404", "489"]),
        tax_type=st.sampled_from(["", "INPUT2"]),
        tracking=st.sampled_from([(), (("Client", "Acme Ltd"),)]),
        discount_rate=st.sampled_from([None, Decimal("25.00")]),
        discount_amount=st.sampled_from([None, Decimal("2.50")]),
    ),
    max_size=3,
    unique_by=lambda line: line.line_key,
)


def spend(source: str) -> st.SearchStrategy[SpendRecord]:
    return st.builds(
        SpendRecord,
        source=st.just(source),
        xero_id=st.sampled_from(IDS),
        contact_xero_id=st.sampled_from([None, IDS[0]]),
        contact_name=st.sampled_from(["", "Xero Limited", "Dext"]),
        date=st.sampled_from([date(2026, 10, 1), date(2026, 11, 1)]),
        reference=st.sampled_from(["", "Edited in Xero"]),
        invoice_number=st.just(""),
        currency_code=st.sampled_from(["NZD", "USD"]),
        currency_rate=st.sampled_from([None, Decimal("0.590000")]),
        line_amount_types=st.sampled_from(["Exclusive", "Inclusive", "NoTax"]),
        sub_total=AMOUNTS,
        total_tax=AMOUNTS,
        total=AMOUNTS,
        status=st.sampled_from(STATUSES),
        has_attachments=st.booleans(),
        updated_at=MOMENTS,
        lines=lines.map(tuple),
    )


contacts = st.builds(
    ContactRecord,
    xero_id=st.sampled_from(IDS),
    name=st.sampled_from(["Acme Ltd", "Acme Limited"]),
    email=st.sampled_from([None, "a@acme.example"]),
    is_customer=st.booleans(),
    is_supplier=st.booleans(),
    status=st.sampled_from(["ACTIVE", "ARCHIVED"]),
    updated_at=MOMENTS,
)
received = st.builds(
    ReceiveRecord,
    xero_id=st.sampled_from(IDS),
    contact_xero_id=st.sampled_from([None, IDS[1]]),
    date=st.just(date(2026, 11, 2)),
    reference=st.sampled_from(["", "RCH-0001"]),
    currency_code=st.just("NZD"),
    total=AMOUNTS,
    bank_account_id=st.just(""),
    bank_account_code=st.sampled_from(["", "090"]),
    status=st.sampled_from(["AUTHORISED", "DELETED"]),
    is_reconciled=st.booleans(),
    updated_at=MOMENTS,
)


def pages(records: st.SearchStrategy[Any]) -> st.SearchStrategy[list[list[Any]]]:
    """A few pages; within a page each Xero id once (as Xero lists them), across pages again and again."""
    return st.lists(st.lists(records, max_size=6, unique_by=lambda r: r.xero_id), min_size=1, max_size=4)


History = tuple[list[list[Any]], list[list[Any]], list[list[Any]], list[list[Any]]]


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    engine = create_db_engine(database_url)
    upgrade_database(engine)
    yield Database(engine)
    engine.dispose()


def _connection(db: Database) -> int:
    with db.session() as session:
        if session.get(Workspace, "T1") is None:
            session.add(Workspace(team_id="T1"))
        connection = XeroConnection(team_id="T1", tenant_id=f"tenant-{datetime.now(UTC).timestamp()}")
        session.add(connection)
        session.flush()
        return connection.id or 0


Store = Callable[[Session, int, int, Sequence[Any]], Any]


def _replay(db: Database, module: Any, history: History) -> tuple[int, list[tuple[Any, ...]]]:
    """Store every page through `module`; the connection used and each page's counts."""
    cid = _connection(db)
    stores: list[Store] = [
        lambda s, c, _r, records: module.store_contacts(s, c, records),
        lambda s, c, r, records: module.store_spend(s, c, r, records),
        lambda s, c, r, records: module.store_spend(s, c, r, records),
        lambda s, c, _r, records: module.store_received(s, c, records),
    ]
    counts = []
    for store, entity_pages in zip(stores, history, strict=True):
        for run_id, page in enumerate(entity_pages, start=1):
            with db.session() as session:
                changes = store(session, cid, run_id, page)
                ids = {t.id: (t.source, t.xero_id) for t in session.exec(select(SpendTransaction))}
            changed = [ids[i] for i in changes.changed_spend_ids]
            counts.append((changes.new, changes.updated, changes.voided, changed))
    return cid, counts


def _rows(db: Database, cid: int) -> dict[str, list[tuple[Any, ...]]]:
    """What one connection holds, keyed by Xero ids (our surrogate ids differ between the paths)."""
    skip = {"id", "connection_id", "spend_transaction_id"}
    with db.session() as session:
        spend = {
            t.id: (t.source, t.xero_id)
            for t in session.exec(select(SpendTransaction).where(SpendTransaction.connection_id == cid))
        }

        def rows(model: Any, *where: Any) -> list[tuple[Any, ...]]:
            found = session.exec(select(model).where(*where)).all()
            return sorted(
                tuple((k, _value(v)) for k, v in sorted(row.model_dump().items()) if k not in skip)
                + ((("txn", spend[row.spend_transaction_id]),) if model is SpendLine else ())
                for row in found
            )

        return {
            "contacts": rows(Contact, Contact.connection_id == cid),
            "spend": rows(SpendTransaction, SpendTransaction.connection_id == cid),
            "lines": rows(SpendLine, SpendLine.spend_transaction_id.in_(list(spend))),  # type: ignore[attr-defined]
            "received": rows(ReceivedMoney, ReceivedMoney.connection_id == cid),
        }


def _value(value: Any) -> str:
    # Equal amounts compare equal: "1" and "1.0000" are one quantity (the row-by-row path kept a
    # default that equalled Xero's value; the bulk path writes Xero's own digits).
    return repr(value.normalize() if isinstance(value, Decimal) else value)


@both_databases
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],  # a failure shows unshrunk
)
@given(
    history=st.tuples(
        pages(contacts), pages(spend("bank_transaction")), pages(spend("bill")), pages(received)
    )
)
def test_bulk_path_stores_what_the_row_by_row_path_stored(db: Database, history: History) -> None:
    bulk_cid, bulk_counts = _replay(db, sync_store, history)
    rowwise_cid, rowwise_counts = _replay(db, rowwise_store, history)
    assert bulk_counts == rowwise_counts
    assert _rows(db, bulk_cid) == _rows(db, rowwise_cid)
