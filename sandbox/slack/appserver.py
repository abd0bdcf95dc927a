"""Serve a Bolt `App` over real loopback HTTP (stdlib server), for end-to-end tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # slack_bolt is only needed when a test actually serves an app
    from slack_bolt import App


class _BoltServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: App, path: str) -> None:
        super().__init__(address, _BoltHandler)
        self.app = app
        self.events_path = path


class _BoltHandler(BaseHTTPRequestHandler):
    server: _BoltServer

    def do_POST(self) -> None:
        from slack_bolt.request import BoltRequest

        path, _, query = self.path.partition("?")
        if path != self.server.events_path:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers: dict[str, str | Sequence[str]] = {k.lower(): v for k, v in self.headers.items()}
        bolt_response = self.server.app.dispatch(
            BoltRequest(body=body.decode("utf-8"), query=query, headers=headers)
        )
        payload = bolt_response.body.encode("utf-8")
        self.send_response(bolt_response.status)
        for name, value in bolt_response.first_headers_without_set_cookie().items():
            if name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests assert on responses, not access logs."""


@contextmanager
def serve_bolt_app(
    app: App, host: str = "127.0.0.1", port: int = 0, path: str = "/slack/events"
) -> Iterator[str]:
    """Serve `app` in a daemon thread; yield its URL (e.g. `http://127.0.0.1:PORT/slack/events`)."""
    server = _BoltServer((host, port), app, path)
    # A short poll interval lets shutdown() return in milliseconds instead of 0.5 s per test.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), name="bolt-app", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
