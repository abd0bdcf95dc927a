"""Alembic environment: runs on the engine the app hands over (see bot.db.upgrade_database)."""

from alembic import context

from bot.slack_install import schema_metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=schema_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=False,
    )
    context.run_migrations()
