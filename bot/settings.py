"""The one typed settings object, read once from the environment and `.env`, then passed down."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

GRANULAR_XERO_SCOPES = (
    "offline_access",
    "accounting.settings.read",
    "accounting.contacts.read",
    "accounting.invoices",
    "accounting.payments",
    "accounting.banktransactions.read",
    "accounting.attachments",
)
# For Xero apps created before granular scopes (March 2026): the broad legacy scopes.
LEGACY_XERO_SCOPES = (
    "offline_access",
    "accounting.settings.read",
    "accounting.contacts.read",
    "accounting.transactions",
    "accounting.attachments",
)

_PLACEHOLDER = re.compile(r"^(changeme|change-me|xxx+|todo|your[-_ ].*|<.*>|\.\.\.|placeholder)$", re.I)
_CRON = re.compile(r"^\S+ \S+ \S+ \S+ \S+$")
_INVOICE_STATUSES = ("AUTHORISED", "DRAFT")


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


def _secret(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    if not value:
        return None
    if _PLACEHOLDER.match(value):
        raise SettingsError(name, "is still a placeholder value; set the real secret")
    return value


def _text(env: Mapping[str, str], name: str, default: str) -> str:
    return env.get(name, "").strip() or default


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = _text(env, name, default)
    if not re.match(r"^https?://[^\s/]+", value):
        raise SettingsError(name, f"must be an http(s) URL, got {value!r}")
    return value


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", env.get(name, "")) if part)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise SettingsError(name, f"must be a whole number, got {raw!r}")
    return int(raw)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise SettingsError(name, f"must be a number of seconds, got {raw!r}") from None
    if not 0 <= value <= 3600:
        raise SettingsError(name, "must be between 0 and 3600 seconds")
    return value


def _money(env: Mapping[str, str], name: str, default: str) -> Decimal:
    raw = _text(env, name, default)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise SettingsError(name, f"must be an amount like 5.00, got {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise SettingsError(name, f"must be an amount of zero or more, got {raw!r}")
    return value


def _cron(env: Mapping[str, str], name: str, default: str) -> str:
    value = _text(env, name, default)
    if not _CRON.match(value):
        raise SettingsError(name, f"must be a five-field cron expression like '0 2 * * *', got {value!r}")
    return value


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _text(env, name, default).upper()
    if value not in choices:
        raise SettingsError(name, f"must be one of {', '.join(choices)}, got {value!r}")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(name, f"must be true or false, got {raw!r}")


def _scopes(env: Mapping[str, str]) -> tuple[str, ...]:
    raw = _text(env, "XERO_SCOPES", "granular")
    if raw.lower() == "granular":
        return GRANULAR_XERO_SCOPES
    if raw.lower() == "legacy":
        return LEGACY_XERO_SCOPES
    scopes = tuple(raw.split())
    if "offline_access" not in scopes:
        raise SettingsError("XERO_SCOPES", "must include offline_access so the connection survives")
    return scopes


def _fernet_key(env: Mapping[str, str]) -> str | None:
    key = _secret(env, "TOKEN_ENCRYPTION_KEY")
    if key is not None and not re.fullmatch(r"[A-Za-z0-9_\-]{43}=", key):
        raise SettingsError("TOKEN_ENCRYPTION_KEY", "is not a Fernet key; " + FERNET_HINT)
    return key


FERNET_HINT = (
    "generate one with: python -c "
    "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
)


@dataclass(frozen=True)
class Settings:
    """Everything Rechargly reads from its environment. Secrets are excluded from repr()."""

    database_url: str = "sqlite:///rechargly.db"
    public_url: str = "http://localhost:3000"
    port: int = 3000
    slack_signing_secret: str | None = field(default=None, repr=False)
    slack_bot_token: str | None = field(default=None, repr=False)
    slack_app_token: str | None = field(default=None, repr=False)
    slack_client_id: str | None = None
    slack_client_secret: str | None = field(default=None, repr=False)
    slack_api_url: str = "https://slack.com/api/"
    xero_client_id: str | None = None
    xero_client_secret: str | None = field(default=None, repr=False)
    xero_redirect_uri: str = ""
    xero_scopes: tuple[str, ...] = GRANULAR_XERO_SCOPES
    xero_api_base: str = "https://api.xero.com"
    xero_identity_base: str = "https://identity.xero.com"
    xero_login_base: str = "https://login.xero.com"
    xero_webhook_key: str | None = field(default=None, repr=False)
    xero_timeout_seconds: int = 30
    token_encryption_key: str | None = field(default=None, repr=False)
    admins: tuple[str, ...] = ()
    approvers: tuple[str, ...] = ()
    approvals_channel: str | None = None
    digest_channel: str | None = None
    sync_cron: str = "0 2 * * *"
    digest_cron: str = "0 8 * * *"
    digest_skip_empty: bool = True
    invoice_status: str = "AUTHORISED"
    min_invoice_amount: Decimal = Decimal("5.00")
    log_level: str = "INFO"
    log_json: bool = False
    # The outbox: Slack allows about one message a second per channel; a claimed message whose
    # sender died is taken over after the lease; a channel error or a spent retry waits this long.
    slack_post_interval_seconds: float = 1.0
    outbox_lease_seconds: float = 60.0
    outbox_retry_seconds: float = 60.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Parse and check every variable; raise SettingsError naming the first bad one."""
        public_url = _url(env, "PUBLIC_URL", cls.public_url).rstrip("/")
        return cls(
            database_url=_text(env, "DATABASE_URL", cls.database_url),
            public_url=public_url,
            port=_int(env, "PORT", cls.port),
            slack_signing_secret=_secret(env, "SLACK_SIGNING_SECRET"),
            slack_bot_token=_secret(env, "SLACK_BOT_TOKEN"),
            slack_app_token=_secret(env, "SLACK_APP_TOKEN"),
            slack_client_id=_text(env, "SLACK_CLIENT_ID", "") or None,
            slack_client_secret=_secret(env, "SLACK_CLIENT_SECRET"),
            slack_api_url=_url(env, "SLACK_API_URL", cls.slack_api_url),
            xero_client_id=_text(env, "XERO_CLIENT_ID", "") or None,
            xero_client_secret=_secret(env, "XERO_CLIENT_SECRET"),
            xero_redirect_uri=_url(env, "XERO_REDIRECT_URI", f"{public_url}/xero/callback"),
            xero_scopes=_scopes(env),
            xero_api_base=_url(env, "XERO_API_BASE", cls.xero_api_base).rstrip("/"),
            xero_identity_base=_url(env, "XERO_IDENTITY_BASE", cls.xero_identity_base).rstrip("/"),
            xero_login_base=_url(env, "XERO_LOGIN_BASE", cls.xero_login_base).rstrip("/"),
            xero_webhook_key=_secret(env, "XERO_WEBHOOK_KEY"),
            xero_timeout_seconds=_int(env, "XERO_TIMEOUT_SECONDS", cls.xero_timeout_seconds),
            token_encryption_key=_fernet_key(env),
            admins=_list(env, "RECHARGLY_ADMINS"),
            approvers=_list(env, "RECHARGLY_APPROVERS"),
            approvals_channel=_text(env, "APPROVALS_CHANNEL", "") or None,
            digest_channel=_text(env, "DIGEST_CHANNEL", "") or None,
            sync_cron=_cron(env, "SYNC_CRON", cls.sync_cron),
            digest_cron=_cron(env, "DIGEST_CRON", cls.digest_cron),
            digest_skip_empty=_bool(env, "DIGEST_SKIP_EMPTY", cls.digest_skip_empty),
            invoice_status=_choice(env, "INVOICE_STATUS", cls.invoice_status, _INVOICE_STATUSES),
            min_invoice_amount=_money(env, "MIN_INVOICE_AMOUNT", "5.00"),
            log_level=_choice(env, "LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR")),
            log_json=_bool(env, "LOG_JSON", cls.log_json),
            slack_post_interval_seconds=_seconds(env, "SLACK_POST_INTERVAL_SECONDS", 1.0),
            outbox_lease_seconds=_seconds(env, "OUTBOX_LEASE_SECONDS", cls.outbox_lease_seconds),
            outbox_retry_seconds=_seconds(env, "OUTBOX_RETRY_SECONDS", cls.outbox_retry_seconds),
        )

    @property
    def installs_into_many_workspaces(self) -> bool:
        """OAuth installation (SLACK_CLIENT_ID/SECRET) rather than one workspace's bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def require_slack(self) -> None:
        """The signing secret, and either a bot token or the client credentials for installation."""
        self.require("slack_signing_secret")
        if not self.installs_into_many_workspaces:
            self.require("slack_bot_token")

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields replaced (the demo and tests point URLs at loopback fakes)."""
        return replace(self, **changes)

    def require(self, *names: str) -> None:
        """Raise SettingsError for the first of these fields that is unset."""
        for name in names:
            if not getattr(self, name):
                hint = f"; {FERNET_HINT}" if name == "token_encryption_key" else ""
                raise SettingsError(name.upper(), f"is required for this command{hint}")


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
    reader: Callable[[Path], Mapping[str, str | None]] = dotenv_values,
) -> Settings:
    """Read `.env` (if present) under the real environment, which wins, and parse once."""
    merged: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        merged.update({k: v for k, v in reader(dotenv_path).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return Settings.from_env(merged)
