"""The `rechargly` command as an operator runs it: a real process, real settings, real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from harness import ADMIN, SIGNING_SECRET, TEAM

from bot.server import free_port
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox

RECHARGLY = [sys.executable, "-m", "bot.cli"]
SUBCOMMANDS = ["serve", "socket", "sandbox", "demo", "run"]


def run(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        RECHARGLY + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """Only what a fresh shell has: no Rechargly variables, the repo importable."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


@pytest.mark.parametrize("subcommand", [None, *SUBCOMMANDS])
def test_help_everywhere(subcommand: str | None, clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run([subcommand, "--help"] if subcommand else ["--help"], clean_env, tmp_path)
    assert result.returncode == 0 and "usage: rechargly" in result.stdout


def test_serve_without_signing_secret_says_one_line(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["serve"], clean_env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "SLACK_SIGNING_SECRET" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_encryption_key_says_how_to_make_one(clean_env: dict[str, str], tmp_path: Path) -> None:
    env = {**clean_env, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": "xoxb-1-2-3"}
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 2 and "TOKEN_ENCRYPTION_KEY" in result.stderr
    assert "Fernet.generate_key" in result.stderr and "Traceback" not in result.stderr


def test_placeholder_secret_is_refused(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["serve"], {**clean_env, "SLACK_SIGNING_SECRET": "changeme"}, tmp_path)
    assert result.returncode == 2 and "placeholder" in result.stderr


def test_demo_tells_the_story_and_exits_zero(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["demo"], clean_env, tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "@ana › /rechargly connect" in result.stdout
    assert "Connected to" in result.stdout
    assert "Demo finished" in result.stdout


@pytest.fixture
def served(clean_env: dict[str, str], tmp_path: Path, xero: XeroSandbox, slack: SlackFake) -> Iterator[str]:
    """`rechargly serve` as a real child process, pointed at the sandbox and the Slack fake."""
    port = free_port()
    env = {
        **clean_env,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_API_URL": slack.api_url,
        "XERO_CLIENT_ID": xero.client_id,
        "XERO_CLIENT_SECRET": xero.client_secret,
        "XERO_API_BASE": xero.base_url,
        "XERO_IDENTITY_BASE": xero.base_url,
        "XERO_LOGIN_BASE": xero.base_url,
        "TOKEN_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    process = subprocess.Popen(
        [*RECHARGLY, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    import urllib.request

    while True:
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError(f"serve did not start: {process.communicate()[1]}") from None
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=15)
    assert (tmp_path / "rechargly.db").exists()  # SQLite by default, in the working directory


def test_serve_answers_signed_commands_over_http(served: str, slack: SlackFake) -> None:
    driver = SlackDriver(f"{served}/slack/events", SIGNING_SECRET, slack, TEAM)
    help_reply = driver.command("/rechargly", "help", user_id=ADMIN)
    assert help_reply.status == 200 and "blocks" in help_reply.json()
    status_reply = driver.command("/rechargly", "status", user_id=ADMIN)
    assert status_reply.status == 200 and "Not connected" in status_reply.text
    assert driver.command("/rechargly", "help", signing_secret="forged-secret").status == 401
