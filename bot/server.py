"""Running the web app under uvicorn: in the foreground for `serve`, in a thread for the demo."""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING

import uvicorn
from starlette.applications import Starlette

if TYPE_CHECKING:
    from bot.container import Services
    from bot.settings import Settings


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve_forever(app: Starlette, *, host: str, port: int) -> None:
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )


class BackgroundServer:
    """uvicorn in a daemon thread on a loopback port; used by the demo and the tests."""

    def __init__(self, app: Starlette, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=self.port, log_level="warning", access_log=False)
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True, name="uvicorn")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> str:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the web server did not start on {self.url}")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


def start_local(settings: Settings, *, scheduled: bool = False) -> tuple[Services, BackgroundServer]:
    """Rechargly on a free loopback port, its public and Xero redirect URLs pointing at it
    (`scheduled`: with its scheduler running, as `rechargly serve`)."""
    from bot.app import create_bolt_app
    from bot.bootstrap import build_services, start_scheduler
    from bot.web import create_web_app

    port = free_port()
    local = f"http://127.0.0.1:{port}"
    settings = settings.with_overrides(public_url=local, xero_redirect_uri=f"{local}/xero/callback")
    services = build_services(settings, scheduled=scheduled)
    start_scheduler(services)
    server = BackgroundServer(create_web_app(services, create_bolt_app(services)), port=port)
    server.start()
    return services, server
