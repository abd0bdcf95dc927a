"""The HTTP side: Slack's request URL beside our own routes, served by uvicorn."""

from __future__ import annotations

from importlib.metadata import version

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.container import Services
from bot.db import database_reachable

MAX_SLACK_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything larger unread


async def _read_limited(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


def create_web_app(services: Services, bolt_app: App) -> Starlette:
    async def slack_events(request: Request) -> Response:
        body = await _read_limited(request, MAX_SLACK_BODY)
        if body is None:
            return PlainTextResponse("Request body too large", status_code=413)
        bolt_request = to_bolt_request(request, body)
        # Bolt's App is synchronous: dispatch off the event loop so slow listeners never block acks.
        bolt_response = await run_in_threadpool(bolt_app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    async def healthz(_request: Request) -> Response:
        db_ok = await run_in_threadpool(database_reachable, services.db.engine)
        body = {"status": "ok" if db_ok else "degraded", "database": db_ok, "version": version("rechargly")}
        return JSONResponse(body, status_code=200 if db_ok else 503)

    return Starlette(
        routes=[
            Route("/slack/events", slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
