"""The HTTP side: Slack's request URL beside our own routes, served by uvicorn."""

from __future__ import annotations

from html import escape
from importlib.metadata import version

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.container import Services
from bot.db import database_reachable
from bot.slack_install import INSTALL_PATH, REDIRECT_PATH
from services.errors import RecharglyError
from services.payments.webhooks import parse_events, signature_valid

MAX_SLACK_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything larger unread


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` bytes. The excess is read and
    dropped, never kept, so the client still receives our answer instead of a broken connection."""
    body = bytearray()
    too_large = False
    async for chunk in request.stream():
        too_large = too_large or len(body) + len(chunk) > limit
        if not too_large:
            body += chunk
    return None if too_large else bytes(body)


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _page(title: str, message: str, status: int = 200) -> HTMLResponse:
    """A short, plain page for the browser tab Xero sends back to us."""
    body = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)} · Rechargly</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}"
        "</style></head>"
        f"<body><h1>{escape(title, quote=False)}</h1><p>{escape(message, quote=False)}</p></body></html>"
    )
    return HTMLResponse(body, status_code=status)


def create_web_app(services: Services, bolt_app: App) -> Starlette:
    verifier = SignatureVerifier(services.settings.slack_signing_secret or "")

    async def slack_events(request: Request) -> Response:
        body = await _read_limited(request, MAX_SLACK_BODY)
        if body is None:
            return PlainTextResponse("Request body too large", status_code=413)
        if not _is_utf8(body):  # Slack always sends UTF-8
            return PlainTextResponse("Malformed request", status_code=400)
        # Checked before Bolt parses anything, so a stranger's body is never even read.
        if not verifier.is_valid_request(body, dict(request.headers)):
            return PlainTextResponse("Invalid request signature", status_code=401)
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, AttributeError, TypeError):  # undecodable, or JSON of the wrong shape
            return PlainTextResponse("Malformed request", status_code=400)
        # Bolt's App is synchronous: dispatch off the event loop so slow listeners never block acks.
        bolt_response = await run_in_threadpool(bolt_app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        db_ok = await run_in_threadpool(database_reachable, services.db.engine)
        scheduler = services.schedule.health()
        healthy = db_ok and scheduler != "stopped"
        body = {"status": "ok" if healthy else "degraded", "database": db_ok, "scheduler": scheduler,
                "version": version("rechargly")}  # fmt: skip
        return JSONResponse(body, status_code=200 if healthy else 503)

    async def xero_callback(request: Request) -> Response:
        params = request.query_params
        try:
            result = await run_in_threadpool(
                services.connector.complete,
                state=params.get("state", ""),
                code=params.get("code"),
                error=params.get("error"),
            )
        except RecharglyError as error:
            return _page("Not connected", error.message, status=400)
        if result.choices_pending:
            return _page(
                "Almost there",
                "Xero gave access to several organisations. Choose which "
                "ones to recharge from in Slack, then close this tab.",
            )
        return _page("Connected", f"Connected to {', '.join(result.connected)} — you can close this tab.")

    async def xero_webhooks(request: Request) -> Response:
        """Xero's webhook: 401 unless signed with XERO_WEBHOOK_KEY (also its intent-to-receive check).

        Answered at once; the invoices named are fetched in the background (Xero allows 5 seconds).
        """
        key = services.settings.xero_webhook_key
        if not key:
            return PlainTextResponse("Webhooks are not configured", status_code=404)
        body = await _read_limited(request, MAX_SLACK_BODY)
        signature = request.headers.get("x-xero-signature", "")
        if body is None or not signature_valid(key=key, body=body, signature=signature):
            return Response(status_code=401)
        try:
            events = parse_events(body)
        except ValueError:
            return Response(status_code=200)  # signed but not an events list: nothing to do
        # Stored (repeats merged) before answering; fetched in batches per organisation shortly after.
        await run_in_threadpool(services.webhooks.received, events)
        return Response(status_code=200)

    async def slack_install(request: Request) -> Response:
        flow = bolt_app.oauth_flow
        if flow is None:
            return PlainTextResponse("This Rechargly serves a single Slack workspace.", status_code=404)
        handle = flow.handle_installation if request.url.path == flow.install_path else flow.handle_callback
        bolt_response = await run_in_threadpool(handle, to_bolt_request(request, b""))
        return to_starlette_response(bolt_response)

    return Starlette(
        routes=[
            Route(INSTALL_PATH, slack_install, methods=["GET"]),
            Route(REDIRECT_PATH, slack_install, methods=["GET"]),
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/xero/callback", xero_callback, methods=["GET"]),
            Route("/xero/webhooks", xero_webhooks, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
