"""The schema: migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from harness import both_databases
from sqlmodel import select

from bot.db import create_db_engine, upgrade_database
from bot.slack_install import schema_metadata
from services.models import SpendTransaction, Workspace, XeroConnection
from services.storage import Database


@both_databases
def test_migrations_match_models(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_database(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, schema_metadata()) == []
    upgrade_database(engine)  # a second upgrade is a no-op, never a loss
    engine.dispose()


@both_databases
def test_money_round_trips_exactly(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_database(engine)
    db = Database(engine)
    with db.session() as session:
        session.add(Workspace(team_id="T1"))
        connection = XeroConnection(team_id="T1", tenant_id="tenant-1", name="Kauri & Co")
        session.add(connection)
        session.flush()
        session.add(
            SpendTransaction(
                connection_id=connection.id or 0,
                source="bank_transaction",
                xero_id="bt-1",
                date=date(2026, 11, 1),
                currency_code="USD",
                currency_rate=Decimal("0.612345"),
                total=Decimal("0.10") + Decimal("0.20"),
                status="AUTHORISED",
                xero_updated_at=datetime(2026, 11, 1, 10, 0, tzinfo=UTC),
            )
        )
    with db.session() as session:
        spend = session.exec(select(SpendTransaction)).one()
    assert spend.total == Decimal("0.30") and isinstance(spend.total, Decimal)
    assert spend.currency_rate == Decimal("0.612345")
    assert spend.xero_updated_at == datetime(2026, 11, 1, 10, 0, tzinfo=UTC)
    engine.dispose()


def test_money_columns_refuse_floats(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_database(engine)
    with pytest.raises(Exception, match="money must be Decimal"), Database(engine).session() as session:
        session.add(XeroConnection(team_id="T1", tenant_id="t", name="x"))
        session.flush()
        session.add(
            SpendTransaction(
                connection_id=1,
                source="bill",
                xero_id="b",
                date=date(2026, 1, 1),
                currency_code="NZD",
                total=0.1,
                status="AUTHORISED",
            )
        )  # type: ignore[arg-type]
        session.flush()
    engine.dispose()
