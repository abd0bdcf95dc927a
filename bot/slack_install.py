"""Installing Rechargly into many Slack workspaces: Bolt's OAuth flow with stores on our database.

The stores' tables are declared on our metadata (by `schema_metadata`, called by the migrations) so
Alembic creates and keeps them like every other table; importing this module declares nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Installation, InstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData
from sqlmodel import SQLModel

from bot.settings import Settings

BOT_SCOPES = ("commands", "chat:write", "im:write", "users:read", "files:read")
INSTALLATIONS_TABLE = "slack_installations"
BOTS_TABLE = "slack_bots"
STATES_TABLE = "slack_oauth_states"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"


def schema_metadata() -> MetaData:
    """Every table the database holds: ours (services.models), the Slack install stores' and the
    scheduler's job table."""
    import services.models  # noqa: F401  (its classes are our tables)
    from bot.scheduler import JOB_TABLE, build_jobs_table

    metadata = SQLModel.metadata
    if INSTALLATIONS_TABLE not in metadata.tables:
        SQLAlchemyInstallationStore.build_installations_table(metadata, INSTALLATIONS_TABLE)
        SQLAlchemyInstallationStore.build_bots_table(metadata, BOTS_TABLE)
        SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, STATES_TABLE)
    if JOB_TABLE not in metadata.tables:
        build_jobs_table(metadata)
    return metadata


class RecharglyInstallationStore(SQLAlchemyInstallationStore):
    """Bolt's store on our database, telling us when a workspace installs (again)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.on_saved: Callable[[str], None] = lambda _team_id: None

    def save(self, installation: Installation) -> None:
        super().save(installation)
        self.on_saved(installation.team_id or "")


def installation_store(settings: Settings, engine: Engine) -> RecharglyInstallationStore:
    return RecharglyInstallationStore(
        client_id=settings.slack_client_id or "",
        engine=engine,
        bots_table_name=BOTS_TABLE,
        installations_table_name=INSTALLATIONS_TABLE,
    )


def oauth_settings(settings: Settings, store: InstallationStore, engine: Engine) -> OAuthSettings:
    """Bolt's install flow: /slack/install → Slack's consent → /slack/oauth_redirect."""
    slack_host = settings.slack_api_url.rstrip("/").removesuffix("/api")
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=store,
        state_store=SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine, table_name=STATES_TABLE),
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        redirect_uri=f"{settings.public_url}{REDIRECT_PATH}",
        authorization_url=f"{slack_host}/oauth/v2/authorize",
    )
