"""The HTTP front door: parse, record, inject faults, authenticate, rate-limit, route."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlsplit

from sandbox.xero.http_types import Request, Response, json_response, text_response
from sandbox.xero.limits import seconds_until_utc_midnight

if TYPE_CHECKING:
    from sandbox.xero.sandbox import XeroSandbox

API_PREFIX = "/api.xro/2.0/"
logger = logging.getLogger(__name__)


@dataclass
class RecordedCall:
    """One request the sandbox saw (headers are lower-cased; status 0 = connection dropped)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int
    tenant_id: str | None


def problem(status: int, title: str, detail: str) -> Response:
    """Xero's RFC 7807-style body for 401/403 answers."""
    return json_response(
        status,
        {
            "Type": None,
            "Title": title,
            "Status": status,
            "Detail": detail,
            "Instance": str(uuid.uuid4()),
            "Extensions": {},
        },
    )


def too_many(problem_kind: str, retry_after: int) -> Response:
    response = json_response(
        429, {"Title": "Too Many Requests", "Status": 429, "Detail": f"Rate limit exceeded: {problem_kind}"}
    )
    response.headers.update({"Retry-After": str(retry_after), "X-Rate-Limit-Problem": problem_kind})
    return response


class _Drop(Exception):
    """Raised to close the connection without answering."""


class Router:
    """Turns a Request into a Response; owns no state beyond the sandbox reference."""

    def __init__(self, sandbox: XeroSandbox) -> None:
        self.sb = sandbox

    def route(self, req: Request) -> tuple[Response, str | None]:
        """Answer a request; also return the tenant id it was for (accounting calls)."""
        fault = self.sb.faults.take(req.method, req.path)
        delay = 0.0
        if fault is not None and fault.kind == "slow":
            delay = fault.delay
        elif fault is not None and fault.kind != "hang_after":
            return self._fault(fault.kind), req.header("xero-tenant-id") or None
        lowered = req.path.lower().rstrip("/")
        if lowered.startswith(API_PREFIX.rstrip("/")):
            answered = self._accounting(req, delay)
        else:
            time.sleep(delay)
            answered = self._identity(req, lowered), None
        if fault is not None and fault.kind == "hang_after":
            time.sleep(fault.delay)  # the work is done; the answer is late (or never read)
        return answered

    @staticmethod
    def _fault(kind: str) -> Response:
        """The answer for an injected failure ("slow" is handled by the caller)."""
        if kind == "drop":
            raise _Drop
        if kind == "429":
            return too_many("minute", 1)
        if kind == "daily_limit":
            return too_many("day", seconds_until_utc_midnight())
        if kind == "500":
            return json_response(
                500,
                {
                    "ErrorNumber": 500,
                    "Type": "UnknownErrorException",
                    "Message": "An error occurred in Xero. Check the API Status page",
                },
            )
        return text_response(503, "The Xero API is currently unavailable. Please try again later.")

    # --- identity -----------------------------------------------------------------------------
    def _identity(self, req: Request, lowered: str) -> Response:
        identity = self.sb.identity
        if lowered == "/identity/connect/authorize" and req.method == "GET":
            status, where = identity.authorize(req.query)
            if status == 302:
                return Response(302, b"", "text/plain", {"Location": where})
            return text_response(400, f"<html><body><h1>Error</h1><p>{where}</p></body></html>", "text/html")
        if lowered == "/connect/token" and req.method == "POST":
            result = identity.token(_form(req), req.header("authorization"))
            return json_response(result.status, result.body, {"Cache-Control": "no-store"})
        if lowered == "/connect/revocation" and req.method == "POST":
            result = identity.revoke(_form(req), req.header("authorization"))
            return json_response(result.status, result.body) if result.status != 200 else Response(200)
        if lowered == "/connections" or lowered.startswith("/connections/"):
            return self._connections(req, lowered)
        return text_response(404, "Not Found")

    def _connections(self, req: Request, lowered: str) -> Response:
        if self.sb.identity.grant_for_bearer(req.header("authorization")) is None:
            return problem(401, "Unauthorized", "AuthenticationUnsuccessful")
        parts = lowered.strip("/").split("/")
        if len(parts) == 1 and req.method == "GET":
            return json_response(200, self.sb.identity.list_connections(req.arg("authEventId")))
        if len(parts) == 2 and req.method == "DELETE":
            if self.sb.identity.delete_connection(parts[1]):
                return Response(204)
            return text_response(404, "Not Found")
        return text_response(404, "Not Found")

    # --- accounting ----------------------------------------------------------------------------
    def _accounting(self, req: Request, delay: float = 0.0) -> tuple[Response, str | None]:
        tenant_id = req.header("xero-tenant-id").strip().lower() or None
        if self.sb.identity.grant_for_bearer(req.header("authorization")) is None:
            response = problem(401, "Unauthorized", "AuthenticationUnsuccessful")
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response, tenant_id
        if not tenant_id or tenant_id not in self.sb.store or not self.sb.identity.is_connected(tenant_id):
            return problem(403, "Forbidden", "AuthenticationUnsuccessful"), tenant_id
        verdict = self.sb.limiter.acquire(tenant_id)
        if not verdict.allowed:
            return too_many(verdict.problem, verdict.retry_after), tenant_id
        try:
            time.sleep(delay)  # a "slow" fault holds its concurrency slot, like a slow Xero call
            raw = req.raw_path or req.path
            parts = [unquote(p) for p in raw[len(API_PREFIX) :].strip("/").split("/") if p]
            response = self.sb.accounting.handle(req, tenant_id, parts)
        finally:
            self.sb.limiter.release(tenant_id)
        response = Response(response.status, response.body, response.content_type, dict(response.headers))
        response.headers.update({k: str(v) for k, v in self.sb.limiter.remaining(tenant_id).items()})
        return response, tenant_id


def _form(req: Request) -> dict[str, str]:
    return dict(parse_qsl(req.body.decode("utf-8", errors="replace"), keep_blank_values=True))


class _Handler(BaseHTTPRequestHandler):
    """stdlib handler; every method goes through `_serve`."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the sandbox records calls instead."""

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def _read_request(self) -> Request:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        return Request(
            method=self.command,
            path=unquote(split.path),
            raw_path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            base_url=self.server.sandbox.base_url,
        )

    def _serve(self) -> None:
        sandbox = self.server.sandbox
        req = self._read_request()
        tenant_id = req.header("xero-tenant-id") or None
        try:
            response, tenant_id = sandbox.router.route(req)
        except _Drop:
            sandbox.record(RecordedCall(req.method, req.path, req.query, req.headers, 0, tenant_id))
            self.close_connection = True
            return
        except Exception:  # a sandbox bug must still answer, like Xero's own 500s
            logger.exception("sandbox failed on %s %s", req.method, req.path)
            response = json_response(
                500,
                {"ErrorNumber": 500, "Type": "UnknownErrorException", "Message": "Sandbox internal error"},
            )
        # Record before answering so a client that has its answer always finds the call logged.
        sandbox.record(RecordedCall(req.method, req.path, req.query, req.headers, response.status, tenant_id))
        self._write(response)

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.status != 204:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Date", dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT"))
        self.end_headers()
        if response.status != 204:
            self.wfile.write(response.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], sandbox: XeroSandbox) -> None:
        self.sandbox = sandbox
        super().__init__(address, _Handler)


def serve(sandbox: XeroSandbox, host: str, port: int) -> tuple[_Server, threading.Thread]:
    """Bind and start serving in a daemon thread."""
    server = _Server((host, port), sandbox)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="xero-sandbox", daemon=True
    )
    thread.start()
    return server, thread
