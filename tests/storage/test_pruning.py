"""Tables that only remember deliveries (webhook receipts, Slack event ids) are pruned, not kept forever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from harness import both_databases
from sqlmodel import select

from bot.db import create_db_engine, upgrade_database
from services.models import SlackDelivery, WebhookReceipt, XeroConnection
from services.payments.webhooks import prune
from services.storage import Database

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@both_databases
def test_old_receipts_and_slack_event_ids_are_pruned(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_database(engine)
    db = Database(engine)
    old, recent = NOW - timedelta(days=30), NOW - timedelta(hours=1)
    with db.session() as session:
        connection = XeroConnection(team_id="T1", tenant_id="t")
        session.add(connection)
        session.flush()
        for n, (received, fetched) in enumerate([(old, old), (recent, recent), (old, None)]):
            receipt = WebhookReceipt(connection_id=connection.id or 0, resource_id=f"inv-{n}",
                                     event_date="2026-11-01", received_at=received)  # fmt: skip
            receipt.fetched_at = fetched
            session.add(receipt)
        session.add(SlackDelivery(key="event:Ev1", at=old))
        session.add(SlackDelivery(key="event:Ev2", at=recent))
        session.add(SlackDelivery(key="payment-offer:7", at=old))  # "once, ever": kept
    assert prune(db=db, now=NOW) == (1, 1)
    with db.session() as session:
        assert sorted(r.resource_id for r in session.exec(select(WebhookReceipt))) == ["inv-1", "inv-2"]
        assert sorted(d.key for d in session.exec(select(SlackDelivery))) == ["event:Ev2", "payment-offer:7"]
    engine.dispose()
