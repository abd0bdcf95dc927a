"""The `rechargly` command: serve, socket, sandbox, demo, sync."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.settings import Settings, SettingsError, load_settings


def _settings() -> Settings:
    return load_settings()


def cmd_serve(args: argparse.Namespace) -> int:
    """HTTP mode: Slack's request URL, the Xero callback and the health check under uvicorn."""
    from bot.app import create_bolt_app
    from bot.bootstrap import build_services, start_background
    from bot.logging_setup import configure_logging
    from bot.server import serve_forever
    from bot.web import create_web_app

    settings = _settings()
    settings.require_slack()
    configure_logging(level=settings.log_level, json_format=settings.log_json, secrets=_secrets(settings))
    services = build_services(settings, scheduled=True)
    web = create_web_app(services, create_bolt_app(services))
    start_background(services)  # after the app: its features register their message renderers
    print(f"Rechargly listening on http://{args.host}:{args.port} (Slack: POST /slack/events)")
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

    settings = _settings()
    settings.require("slack_app_token")
    settings.require_slack()
    configure_logging(level=settings.log_level, json_format=settings.log_json, secrets=_secrets(settings))
    services = build_services(settings, scheduled=True)
    bolt_app = create_bolt_app(services)
    start_background(services)  # after the app: its features register their message renderers
    SocketModeHandler(bolt_app, settings.slack_app_token).connect()
    print(f"Rechargly connected to Slack in Socket Mode; Xero callback on port {settings.port}")
    serve_forever(create_web_app(services, bolt_app), host="0.0.0.0", port=settings.port)  # noqa: S104
    return 0


def cmd_sandbox(args: argparse.Namespace) -> int:
    """Run the Xero sandbox alone, seeded with a deterministic demo firm."""
    import time

    from sandbox.xero import XeroSandbox

    sandbox = XeroSandbox(seed=args.seed, clients=args.clients, months=args.months)
    base = sandbox.start(host="127.0.0.1", port=args.port)
    print(sandbox.describe())
    print("\nPoint Rechargly at it with:")
    for name in ("XERO_API_BASE", "XERO_IDENTITY_BASE", "XERO_LOGIN_BASE"):
        print(f"  {name}={base}")
    print("Press Ctrl+C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sandbox.stop()
    return 0


def cmd_demo(_args: argparse.Namespace) -> int:
    """The whole story against the Xero sandbox and a Slack fake, printed as a conversation."""
    from bot.demo import run_demo

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


def cmd_run(args: argparse.Namespace) -> int:
    """Run the product: serve when Slack is configured, otherwise the local demo."""
    settings = _settings()
    if settings.slack_signing_secret and (settings.slack_bot_token or settings.installs_into_many_workspaces):
        return cmd_socket(args) if settings.slack_app_token else cmd_serve(args)
    print("No Slack credentials configured: running the local demo against the Xero sandbox.\n")
    return cmd_demo(args)


def _secrets(settings: Settings) -> list[str | None]:
    return [
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
    run = add("run", cmd_run)
    run.add_argument("--port", type=int, default=3000, help="port for serve mode (default 3000)")
    run.add_argument("--host", default="0.0.0.0", help="address for serve mode")  # noqa: S104
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except SettingsError as error:
        print(f"rechargly: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
