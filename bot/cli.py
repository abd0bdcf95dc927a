"""The `rechargly` command: serve, socket, sandbox, demo, sync, billing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from slack_sdk import WebClient

from bot.settings import SERVE_NEEDS, SOCKET_NEEDS, WHERE_TO_GET, Settings, SettingsError, load_settings


class SlackRefused(Exception):
    """Slack refused a token at start-up, or could not be reached; the message says which and what to do."""


def _tool(name: str) -> Callable[..., int]:
    """The demo and the standalone Xero sandbox: development tools that live in sandbox/ and use the app.

    They are found through the package's entry points (pyproject.toml, "rechargly.tools") rather than
    imported, so that nothing in bot/ depends on sandbox/."""
    [entry] = entry_points(group="rechargly.tools", name=name)
    tool: Callable[..., int] = entry.load()
    return tool


def _settings(*required: str) -> Settings:
    return load_settings(required=required)


def cmd_serve(args: argparse.Namespace) -> int:
    """HTTP mode: Slack's request URL, the Xero callback and the health check under uvicorn."""
    from bot.app import create_bolt_app
    from bot.bootstrap import build_services, start_background
    from bot.logging_setup import configure_logging
    from bot.server import serve_forever
    from bot.web import create_web_app

    settings = _settings(*SERVE_NEEDS)
    configure_logging(level=settings.log_level, json_format=settings.log_json, secrets=_secrets(settings))
    check_bot_token(settings)
    services = build_services(settings, scheduled=True)
    web = create_web_app(services, create_bolt_app(services))
    start_background(services)  # after the app: its features register their message renderers
    print(f"Rechargly listening on http://{args.host}:{args.port} (Slack: POST /slack/events)", flush=True)
    serve_forever(web, host=args.host, port=args.port)
    return 0


def cmd_socket(_args: argparse.Namespace) -> int:
    """Socket Mode: no public URL needed for Slack; the Xero callback is still served locally."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_bolt_app
    from bot.bootstrap import build_services, start_background
    from bot.logging_setup import configure_logging
    from bot.server import serve_forever
    from bot.web import create_web_app

    settings = _settings(*SOCKET_NEEDS)
    configure_logging(level=settings.log_level, json_format=settings.log_json, secrets=_secrets(settings))
    check_bot_token(settings)
    with _slack_start_up("SLACK_APP_TOKEN", settings.slack_api_url, unreachable_is_fatal=True):
        # Asked before anything starts, so a wrong token is one line rather than Bolt's retry logs.
        _slack_client(settings, None).apps_connections_open(app_token=settings.slack_app_token or "")
    services = build_services(settings, scheduled=True)
    bolt_app = create_bolt_app(services)
    start_background(services)  # after the app: its features register their message renderers
    SocketModeHandler(bolt_app, settings.slack_app_token).connect()
    print(f"Rechargly connected to Slack in Socket Mode; Xero callback on port {settings.port}")
    serve_forever(create_web_app(services, bolt_app), host="0.0.0.0", port=settings.port)  # noqa: S104
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    """Run the Xero sandbox alone, seeded with a deterministic demo firm (a dev tool, not the app)."""
    serve_sandbox = _tool("sandbox")

    return serve_sandbox(port=args.port, seed=args.seed, clients=args.clients, months=args.months)


def cmd_demo(_args: argparse.Namespace) -> int:
    """The whole story against the Xero sandbox and a Slack fake, printed as a conversation."""
    run_demo = _tool("demo")

    return run_demo(print)


def cmd_sync(args: argparse.Namespace) -> int:
    """Fetch what changed in Xero now, print a progress bar and a summary (for operators and cron)."""
    from bot.bootstrap import build_services
    from bot.sync_cli import run_sync_once

    if not args.once:
        print("rechargly: add --once (the nightly sync runs inside `rechargly serve`)", file=sys.stderr)
        return 2
    services = build_services(_settings())
    try:
        return run_sync_once(services, organisation=args.org)
    finally:
        services.close()


def cmd_billing(args: argparse.Namespace) -> int:
    """Build (or --dry-run preview) the billing run for the period before --date and post its card."""
    from bot.billing_cli import run_billing_once
    from bot.bootstrap import build_services

    services = build_services(_settings())
    try:
        return run_billing_once(services, organisation=args.org, on=args.date, dry_run=args.dry_run)
    finally:
        services.close()


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} isn't a date like 2026-12-01") from None


def cmd_rotate_key(_args: argparse.Namespace) -> int:
    """Re-encrypt every stored Xero secret with the first TOKEN_ENCRYPTION_KEY (after adding a new key)."""
    from bot.db import create_db_engine, upgrade_database
    from services.connect.tokens import TokenCipher, encryption_keys, rotate_stored_secrets
    from services.storage import Database

    settings = _settings()
    settings.require("token_encryption_key")
    assert settings.token_encryption_key
    engine = create_db_engine(settings.database_url)
    try:
        upgrade_database(engine)
        cipher = TokenCipher(settings.token_encryption_key)
        try:
            count = rotate_stored_secrets(db=Database(engine), cipher=cipher)
        except ValueError:
            print(
                "rechargly: a stored secret can't be decrypted with any key in TOKEN_ENCRYPTION_KEY; "
                "nothing more was changed. Keep the old key after the new one (NEW,OLD).",
                file=sys.stderr,
            )
            return 1
    finally:
        engine.dispose()
    keys = len(encryption_keys(settings.token_encryption_key))
    print(f"Re-encrypted {count} stored secret(s) with the newest key.")
    if keys > 1:
        print("Every replica can now run with TOKEN_ENCRYPTION_KEY set to the newest key alone.")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run the product: serve when Slack is configured, otherwise the local demo."""
    settings = _settings()
    missing = [variable for variable, _ in settings.missing("slack")]
    if not missing:
        return cmd_socket(args) if settings.slack_app_token else cmd_serve(args)
    print(
        f"Slack is not configured ({' and '.join(missing)} not set): running the local demo against "
        "the Xero sandbox. Set them (README → Connect a real Slack workspace) to run for real.\n"
    )
    return cmd_demo(args)


# Slack's answers that mean the token itself is wrong, as opposed to Slack being unreachable.
_TOKEN_REFUSED = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


@contextmanager
def _slack_start_up(variable: str, api_url: str, *, unreachable_is_fatal: bool) -> Iterator[None]:
    """Slack's start-up answers as one plain line: a refused token stops; unreachable warns or stops."""
    from slack_sdk.errors import SlackApiError

    try:
        yield
    except SlackApiError as error:
        code = str(error.response.get("error", "")) if error.response is not None else ""
        if code in _TOKEN_REFUSED:
            raise SlackRefused(
                f"Slack refused {variable} ({code}); copy it again from {WHERE_TO_GET[variable]}"
            ) from None
        raise SlackRefused(f"Slack answered {code or 'an error'} when checking {variable}") from None
    except (OSError, TimeoutError) as error:
        line = f"can't reach Slack at {api_url} ({type(error).__name__}); check the network"
        if unreachable_is_fatal:
            raise SlackRefused(line) from None
        print(f"rechargly: warning: {line}; starting anyway", file=sys.stderr)


def check_bot_token(settings: Settings) -> None:
    """auth.test with the bot token, so a wrong one is said at start rather than at the first click."""
    if settings.installs_into_many_workspaces or not settings.slack_bot_token:
        return  # each workspace's token comes with its installation
    with _slack_start_up("SLACK_BOT_TOKEN", settings.slack_api_url, unreachable_is_fatal=False):
        _slack_client(settings, settings.slack_bot_token).auth_test()


def _slack_client(settings: Settings, token: str | None) -> WebClient:
    from slack_sdk import WebClient

    return WebClient(token=token, base_url=settings.slack_api_url, timeout=10)


def _secrets(settings: Settings) -> list[str | None]:
    keys = (settings.token_encryption_key or "").split(",")  # each key alone, as well as the list
    return [
        *keys,
        settings.slack_signing_secret,
        settings.slack_bot_token,
        settings.slack_app_token,
        settings.slack_client_secret,
        settings.xero_client_secret,
        settings.token_encryption_key,
        settings.xero_webhook_key,
    ]


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rechargly", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command) -> argparse.ArgumentParser:
        doc = (func.__doc__ or "").strip()
        command = sub.add_parser(name, help=doc, description=doc)
        command.set_defaults(func=func)
        return command

    serve = add("serve", cmd_serve)
    serve.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    serve.add_argument("--host", default="0.0.0.0", help="address to bind (default 0.0.0.0)")  # noqa: S104
    add("socket", cmd_socket)
    sandbox = add("sandbox", cmd_sandbox)
    sandbox.add_argument("--port", type=int, default=5005, help="port (default 5005)")
    sandbox.add_argument("--seed", type=int, default=1, help="random seed for the demo firm")
    sandbox.add_argument("--clients", type=int, default=12, help="number of client contacts")
    sandbox.add_argument("--months", type=int, default=12, help="months of history")
    add("demo", cmd_demo)
    sync = add("sync", cmd_sync)
    sync.add_argument("--once", action="store_true", help="sync now and exit")
    sync.add_argument("--org", metavar="NAME", help="only this organisation (default: every connected one)")
    billing = add("billing", cmd_billing)
    billing.add_argument("--org", metavar="NAME", required=True, help="the organisation to bill")
    billing.add_argument(
        "--date", metavar="YYYY-MM-DD", type=_day, required=True, help="bill the period before this day"
    )
    billing.add_argument("--dry-run", action="store_true", help="preview only: save, post and send nothing")

    add("rotate-key", cmd_rotate_key)
    run = add("run", cmd_run)
    run.add_argument("--port", type=int, default=3000, help="port for serve mode (default 3000)")
    run.add_argument("--host", default="0.0.0.0", help="address for serve mode")  # noqa: S104
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as error:
        for line in error.lines():
            print(f"rechargly: {line}", file=sys.stderr)
        return 2
    except SlackRefused as error:
        print(f"rechargly: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
