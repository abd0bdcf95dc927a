"""manifest.yml, .env.example and the settings object agree with each other and with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet

from bot.settings import GRANULAR_XERO_SCOPES, LEGACY_XERO_SCOPES, Settings, SettingsError, load_settings
from handlers import ids

ROOT = Path(__file__).resolve().parents[2]


def manifest() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_declares_the_command_and_points_at_slack_events() -> None:
    data = manifest()
    commands = data["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [ids.COMMAND]
    urls = [
        commands[0]["url"],
        data["settings"]["event_subscriptions"]["request_url"],
        data["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith("/slack/events") for url in urls)
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True


def test_usage_hint_names_every_subcommand_but_the_rarest() -> None:
    from handlers.parsing import SUBCOMMANDS

    hint = manifest()["features"]["slash_commands"][0]["usage_hint"]
    missing = [name for name in SUBCOMMANDS if name not in hint and name not in ("disconnect",)]
    assert len(hint) <= 1000 and not missing, missing


def test_manifest_subscribes_to_exactly_the_events_we_handle() -> None:
    handled = set()
    for module in (ROOT / "handlers").rglob("*.py"):
        handled |= set(re.findall(r'app\.event\("([a-z_]+)"\)', module.read_text()))
    assert set(manifest()["settings"]["event_subscriptions"]["bot_events"]) == handled


def test_manifest_asks_for_minimal_bot_scopes() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert scopes == {"commands", "chat:write", "im:write", "users:read", "files:read"}


def test_env_example_lists_every_setting() -> None:
    source = (ROOT / "bot" / "settings.py").read_text()
    read = set(re.findall(r'\benv,\s*"([A-Z_]+)"', source)) | {"XERO_SCOPES", "TOKEN_ENCRYPTION_KEY"}
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"
    assert listed <= read, f"not read by Settings: {sorted(listed - read)}"


def test_defaults_point_at_the_real_hosts() -> None:
    settings = Settings.from_env({})
    assert settings.xero_api_base == "https://api.xero.com"
    assert settings.xero_identity_base == "https://identity.xero.com"
    assert settings.xero_login_base == "https://login.xero.com"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///rechargly.db"
    assert settings.xero_scopes == GRANULAR_XERO_SCOPES
    assert "accounting.transactions" not in settings.xero_scopes


def test_legacy_scopes_on_request() -> None:
    assert Settings.from_env({"XERO_SCOPES": "legacy"}).xero_scopes == LEGACY_XERO_SCOPES


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SLACK_SIGNING_SECRET": "changeme"}, "SLACK_SIGNING_SECRET"),
        ({"TOKEN_ENCRYPTION_KEY": "not-a-key"}, "TOKEN_ENCRYPTION_KEY"),
        ({"XERO_API_BASE": "ftp://x"}, "XERO_API_BASE"),
        ({"SYNC_CRON": "every night"}, "SYNC_CRON"),
        ({"INVOICE_STATUS": "PAID"}, "INVOICE_STATUS"),
        ({"MIN_INVOICE_AMOUNT": "five"}, "MIN_INVOICE_AMOUNT"),
        ({"PORT": "http"}, "PORT"),
        ({"XERO_SCOPES": "accounting.invoices"}, "XERO_SCOPES"),
    ],
)
def test_malformed_settings_name_the_variable(env: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env)
    assert caught.value.variable == variable


def test_secrets_stay_out_of_repr() -> None:
    key = Fernet.generate_key().decode()
    settings = Settings.from_env(
        {
            "SLACK_SIGNING_SECRET": "s3cr3t-signing",
            "TOKEN_ENCRYPTION_KEY": key,
            "XERO_CLIENT_SECRET": "xero-client-s3cret",
            "SLACK_BOT_TOKEN": "xoxb-123",
        }
    )
    shown = repr(settings)
    assert "s3cr3t-signing" not in shown and key not in shown and "xero-client-s3cret" not in shown
    assert "xoxb-123" not in shown


def test_dotenv_is_read_and_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("PUBLIC_URL=https://from-file.example\nPORT=4000\n")
    settings = load_settings({"PORT": "5000"}, dotenv_path=dotenv)
    assert settings.public_url == "https://from-file.example"
    assert settings.port == 5000
