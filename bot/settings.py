"""The one typed settings object, read once from the environment and `.env`, then passed down."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
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
    """Settings are missing or malformed; `problems` names every variable at fault, one line each."""

    def __init__(self, variable: str, problem: str, *more: tuple[str, str]) -> None:
        self.problems: tuple[tuple[str, str], ...] = ((variable, problem), *more)
        super().__init__("\n".join(self.lines()))
        self.variable = variable

    @classmethod
    def of(cls, problems: Sequence[tuple[str, str]]) -> SettingsError:
        first, *rest = problems
        return cls(*first, *rest)

    def lines(self) -> list[str]:
        return [f"{variable}: {problem}" for variable, problem in self.problems]


# Where a person finds each secret: said with every "missing" line, so nobody has to guess.
WHERE_TO_GET = {
    "SLACK_SIGNING_SECRET": "Slack app settings (api.slack.com/apps → your app) → Basic Information → "
    "App Credentials → Signing Secret",
    "SLACK_BOT_TOKEN": "Slack app settings → OAuth & Permissions → Bot User OAuth Token (xoxb-…), after "
    "installing the app; or set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install into many workspaces",
    "SLACK_APP_TOKEN": "Slack app settings → Basic Information → App-Level Tokens → Generate, with the "
    "connections:write scope (xapp-…)",
    "XERO_CLIENT_ID": "developer.xero.com/app/manage → your app → Configuration → Client id",
    "XERO_CLIENT_SECRET": "developer.xero.com/app/manage → your app → Configuration → Generate a secret",
}


class _Collector:
    """Runs each parser and keeps every problem, so that one start-up reports them all."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def __call__(self, parse: Callable[..., Any], *args: Any, fallback: Any = None) -> Any:
        try:
            return parse(*args)
        except SettingsError as error:
            self.problems.extend(error.problems)
            return fallback


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


def _token(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    value = _secret(env, name)
    if value is not None and not value.startswith(prefix):
        raise SettingsError(name, f"must start with {prefix}; copy it from {WHERE_TO_GET[name]}")
    return value


def _fernet_key(env: Mapping[str, str]) -> str | None:
    """One Fernet key, or several separated by commas, newest first (while rotating keys)."""
    key = _secret(env, "TOKEN_ENCRYPTION_KEY")
    if key is None:
        return None
    keys = [part.strip() for part in key.split(",")]
    if not all(re.fullmatch(r"[A-Za-z0-9_\-]{43}=", part) for part in keys):
        raise SettingsError(
            "TOKEN_ENCRYPTION_KEY", "is not a Fernet key (or comma-separated Fernet keys); " + FERNET_HINT
        )
    return ",".join(keys)


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

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, required: Sequence[str] = ()) -> Settings:
        """Parse and check every variable, and that the `required` fields are set.

        Raises one SettingsError listing every problem found, so a first start shows them all at once."""
        take = _Collector()
        public_url = take(_url, env, "PUBLIC_URL", cls.public_url, fallback=cls.public_url).rstrip("/")
        settings = cls(
            database_url=_text(env, "DATABASE_URL", cls.database_url),
            public_url=public_url,
            port=take(_int, env, "PORT", cls.port, fallback=cls.port),
            slack_signing_secret=take(_secret, env, "SLACK_SIGNING_SECRET"),
            slack_bot_token=take(_token, env, "SLACK_BOT_TOKEN", "xoxb-"),
            slack_app_token=take(_token, env, "SLACK_APP_TOKEN", "xapp-"),
            slack_client_id=_text(env, "SLACK_CLIENT_ID", "") or None,
            slack_client_secret=take(_secret, env, "SLACK_CLIENT_SECRET"),
            slack_api_url=take(_url, env, "SLACK_API_URL", cls.slack_api_url, fallback=cls.slack_api_url),
            xero_client_id=_text(env, "XERO_CLIENT_ID", "") or None,
            xero_client_secret=take(_secret, env, "XERO_CLIENT_SECRET"),
            xero_redirect_uri=take(
                _url, env, "XERO_REDIRECT_URI", f"{public_url}/xero/callback", fallback=""
            ),
            xero_scopes=take(_scopes, env, fallback=cls.xero_scopes),
            xero_api_base=take(_url, env, "XERO_API_BASE", cls.xero_api_base, fallback="").rstrip("/"),
            xero_identity_base=take(
                _url, env, "XERO_IDENTITY_BASE", cls.xero_identity_base, fallback=""
            ).rstrip("/"),
            xero_login_base=take(_url, env, "XERO_LOGIN_BASE", cls.xero_login_base, fallback="").rstrip("/"),
            xero_webhook_key=take(_secret, env, "XERO_WEBHOOK_KEY"),
            xero_timeout_seconds=take(
                _int, env, "XERO_TIMEOUT_SECONDS", cls.xero_timeout_seconds, fallback=cls.xero_timeout_seconds
            ),
            token_encryption_key=take(_fernet_key, env),
            admins=_list(env, "RECHARGLY_ADMINS"),
            approvers=_list(env, "RECHARGLY_APPROVERS"),
            approvals_channel=_text(env, "APPROVALS_CHANNEL", "") or None,
            digest_channel=_text(env, "DIGEST_CHANNEL", "") or None,
            sync_cron=take(_cron, env, "SYNC_CRON", cls.sync_cron, fallback=cls.sync_cron),
            digest_cron=take(_cron, env, "DIGEST_CRON", cls.digest_cron, fallback=cls.digest_cron),
            digest_skip_empty=take(
                _bool, env, "DIGEST_SKIP_EMPTY", cls.digest_skip_empty, fallback=cls.digest_skip_empty
            ),
            invoice_status=take(
                _choice,
                env,
                "INVOICE_STATUS",
                cls.invoice_status,
                _INVOICE_STATUSES,
                fallback=cls.invoice_status,
            ),
            min_invoice_amount=take(
                _money, env, "MIN_INVOICE_AMOUNT", "5.00", fallback=cls.min_invoice_amount
            ),
            log_level=take(
                _choice, env, "LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"), fallback="INFO"
            ),
            log_json=take(_bool, env, "LOG_JSON", cls.log_json, fallback=cls.log_json),
        )
        problems = take.problems
        flagged = {variable for variable, _ in problems}
        problems += [p for p in settings.missing(*required) if p[0] not in flagged]
        if problems:
            raise SettingsError.of(problems)
        return settings

    @property
    def installs_into_many_workspaces(self) -> bool:
        """OAuth installation (SLACK_CLIENT_ID/SECRET) rather than one workspace's bot token."""
        return bool(self.slack_client_id and self.slack_client_secret)

    def missing(self, *names: str) -> list[tuple[str, str]]:
        """A problem line for each of these fields that is unset, saying where to get its value.

        "slack" stands for what serving Slack needs: the signing secret, and either a bot token or the
        client credentials for installing into many workspaces."""
        bot_token = () if self.installs_into_many_workspaces else ("slack_bot_token",)
        slack = ("slack_signing_secret", *bot_token)
        fields = [field for name in names for field in (slack if name == "slack" else (name,))]
        problems = []
        for name in dict.fromkeys(fields):
            if not getattr(self, name):
                variable = name.upper()
                where = FERNET_HINT if name == "token_encryption_key" else WHERE_TO_GET.get(variable)
                problems.append((variable, "is not set" + (f"; {where}" if where else "")))
        return problems

    def require(self, *names: str) -> None:
        """Raise one SettingsError listing every one of these fields that is unset ("slack" as in missing)."""
        problems = self.missing(*names)
        if problems:
            raise SettingsError.of(problems)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields replaced (the demo and tests point URLs at loopback fakes)."""
        return replace(self, **changes)


# What each command needs set, checked together with the parsing so one start names every problem.
SERVE_NEEDS = ("slack", "xero_client_id", "xero_client_secret", "token_encryption_key")
SOCKET_NEEDS = ("slack_app_token", *SERVE_NEEDS)


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = Path(".env"),
    reader: Callable[[Path], Mapping[str, str | None]] = dotenv_values,
    *,
    required: Sequence[str] = (),
) -> Settings:
    """Read `.env` from the current directory (if present) under the real environment, which wins."""
    merged: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        merged.update({k: v for k, v in reader(dotenv_path).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return Settings.from_env(merged, required=required)
