"""`rechargly serve` as a real child process pointed at the sandbox: for replica, fault and load runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from cryptography.fernet import Fernet

from sandbox.slack import SlackFake
from sandbox.xero import XeroSandbox

REPO = Path(__file__).resolve().parents[1]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve_environment(
    xero: XeroSandbox,
    slack: SlackFake,
    *,
    signing_secret: str,
    encryption_key: str | None = None,
    **extra: str,
) -> dict[str, str]:
    """A fresh shell's environment plus the settings that point Rechargly at the sandbox and the fake."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update({
        "PYTHONPATH": str(REPO), "SLACK_SIGNING_SECRET": signing_secret, "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_API_URL": slack.api_url, "XERO_CLIENT_ID": xero.client_id,
        "XERO_CLIENT_SECRET": xero.client_secret, "XERO_API_BASE": xero.base_url,
        "XERO_IDENTITY_BASE": xero.base_url, "XERO_LOGIN_BASE": xero.base_url,
        "TOKEN_ENCRYPTION_KEY": encryption_key or Fernet.generate_key().decode(),
    })  # fmt: skip
    env.update(extra)
    return env


class ServeProcess:
    """One `rechargly serve` process on a free loopback port; restartable on the same port."""

    def __init__(self, env: dict[str, str], cwd: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {"PUBLIC_URL": self.url, **env}
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.log = cwd / f"serve-{self.port}.log"

    def start(self, timeout: float = 60) -> str:
        command = [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own CLI
                command, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT, text=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rechargly serve exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=1).close()  # noqa: S310 - loopback
                return self.url
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"rechargly serve did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a machine dies."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
