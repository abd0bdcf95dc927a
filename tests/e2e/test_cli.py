"""The `rechargly` command as an operator runs it: a real process, real settings, real HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import ADMIN, SIGNING_SECRET, TEAM

from sandbox.process import ServeProcess, serve_environment
from sandbox.slack import SlackDriver, SlackFake
from sandbox.xero import XeroSandbox

RECHARGLY = [sys.executable, "-m", "bot.cli"]
SUBCOMMANDS = ["serve", "socket", "sandbox", "demo", "sync", "billing", "run"]


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


def test_serve_without_signing_secret_says_one_line_for_it(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["serve"], clean_env, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[0].startswith("rechargly: SLACK_SIGNING_SECRET: is not set")
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
    # The billing run: the card follows Xero's pace to the end, and every invoice read back is whole.
    assert "every invoice is in Xero" in result.stdout
    assert result.stdout.count("History: “Raised by Rechargly; approved by Ana Partner") == 3
    assert "Traceback" not in result.stdout + result.stderr  # nothing still running when it stops


@pytest.fixture
def served(tmp_path: Path, xero: XeroSandbox, slack: SlackFake) -> Iterator[str]:
    """`rechargly serve` as a real child process, pointed at the sandbox and the Slack fake."""
    server = ServeProcess(serve_environment(xero, slack, signing_secret=SIGNING_SECRET), tmp_path)
    yield server.start()
    server.stop()
    assert (tmp_path / "rechargly.db").exists()  # SQLite by default, in the working directory


def test_serve_answers_signed_commands_over_http(served: str, slack: SlackFake) -> None:
    driver = SlackDriver(f"{served}/slack/events", SIGNING_SECRET, slack, TEAM)
    help_reply = driver.command("/rechargly", "help", user_id=ADMIN)
    assert help_reply.status == 200 and "blocks" in help_reply.json()
    status_reply = driver.command("/rechargly", "status", user_id=ADMIN)
    assert status_reply.status == 200 and "Not connected" in status_reply.text
    assert driver.command("/rechargly", "help", signing_secret="forged-secret").status == 401
    with urllib.request.urlopen(f"{served}/healthz", timeout=5) as response:
        health = json.loads(response.read())
    assert health == {**health, "status": "ok", "database": True, "scheduler": "running"}
