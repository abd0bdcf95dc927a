"""Alembic environment: runs on the engine the app hands over (see bot.db.upgrade_database)."""

from alembic import context
from sqlmodel import SQLModel

import bot.slack_install  # noqa: F401  (declares Bolt's installation and state tables)
import services.models  # noqa: F401  (registers every table on SQLModel.metadata)

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=False,
    )
    context.run_migrations()
