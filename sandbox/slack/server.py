"""The loopback HTTP server behind the Slack fake (stdlib only)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit


@dataclass
class HttpRequest:
    """What the fake needs from one incoming request."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass
class HttpAnswer:
    """What the fake answers: status, body, and extra headers."""

    status: int
    body: bytes
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> HttpAnswer:
        """A JSON answer like the Web API's."""
        return cls(status, json.dumps(data).encode(), headers=headers)

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/html") -> HttpAnswer:
        """A plain answer like response_url's `ok`."""
        return cls(status, text.encode(), content_type=content_type)


class Router(Protocol):
    """The fake, as seen by the server."""

    def route(self, request: HttpRequest) -> HttpAnswer: ...


class FakeHttpServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its router."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], router: Router) -> None:
        super().__init__(address, _Handler)
        self.router = router


class _Handler(BaseHTTPRequestHandler):
    server: FakeHttpServer

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = HttpRequest(
            method=method,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        try:
            answer = self.server.router.route(request)
        except Exception as exc:  # a bug in the fake must show up as a 500, not a hang
            detail = {"ok": False, "error": "fatal_error", "detail": repr(exc)}
            answer = HttpAnswer.json(detail, 500)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet; `fake.calls` is the log."""
