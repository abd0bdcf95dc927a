"""Alembic environment: runs on the engine the app hands over (see bot.db.upgrade_database)."""

from alembic import context
from sqlalchemy import text

from bot.slack_install import schema_metadata

# Any number of replicas may start at once on a fresh database: on PostgreSQL the first to take
# this transaction-level advisory lock migrates, the others wait, then find nothing left to do.
MIGRATION_LOCK = 7_240_913  # an arbitrary constant shared by every Rechargly process

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=schema_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=False,
    )
    context.run_migrations()
