"""A first-time user is never stuck: every missing setting at once, tokens checked at start in plain
words, terminal commands that speak terminal, and a bot missing from a channel told how to fix it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness import ADMIN, CHANNEL, SIGNING_SECRET, Running

from sandbox.process import serve_environment
from sandbox.slack import SlackFake
from sandbox.xero import XeroSandbox

RECHARGLY = [sys.executable, "-m", "bot.cli"]
REPO = Path(__file__).resolve().parents[2]


def run(
    args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        RECHARGLY + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env["PYTHONPATH"] = str(REPO)
    return env


def _closed_port_url() -> str:
    return "http://127.0.0.1:9/api/"  # discard port: nothing listens on loopback there


def test_serve_with_nothing_set_lists_every_missing_setting_with_where_to_get_it(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["serve"], clean_env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    for variable, where in [
        ("SLACK_SIGNING_SECRET", "Basic Information"),
        ("SLACK_BOT_TOKEN", "OAuth & Permissions"),
        ("XERO_CLIENT_ID", "developer.xero.com"),
        ("XERO_CLIENT_SECRET", "developer.xero.com"),
        ("TOKEN_ENCRYPTION_KEY", "Fernet.generate_key"),
    ]:
        [line] = [line for line in lines if line.startswith(f"rechargly: {variable}:")]
        assert where in line, line
    assert len(lines) == 5


def test_missing_and_malformed_settings_are_reported_together(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**clean_env, "PUBLIC_URL": "not a url", "PORT": "eighty", "SLACK_BOT_TOKEN": "xapp-wrong-kind"}
    result = run(["serve"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    said = result.stderr
    for variable in ("PUBLIC_URL", "PORT", "SLACK_BOT_TOKEN: must start with xoxb-", "SLACK_SIGNING_SECRET"):
        assert f"rechargly: {variable}" in said, said


def test_socket_without_app_token_names_it(clean_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["socket"], clean_env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "rechargly: SLACK_APP_TOKEN: is not set; Slack app settings" in result.stderr


def _configured(xero: XeroSandbox, slack: SlackFake, **changes: str) -> dict[str, str]:
    env = serve_environment(xero, slack, signing_secret=SIGNING_SECRET)
    return {**env, **changes}


def test_socket_with_a_refused_app_token_says_one_line(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack, SLACK_APP_TOKEN="xapp-1-A0-0-refusedrefused")
    result = run(["socket"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    line = result.stderr.strip()
    assert line.startswith("rechargly: Slack refused SLACK_APP_TOKEN (invalid_auth)"), line


def test_socket_with_slack_unreachable_says_one_line(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack, SLACK_APP_TOKEN="xapp-1-A0-0-whatever", SLACK_API_URL=_closed_port_url())
    result = run(["socket"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "rechargly: can't reach Slack at http://127.0.0.1:9/api/" in result.stderr.splitlines()[-1]


def test_serve_with_a_wrong_bot_token_says_so_at_start(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack, SLACK_BOT_TOKEN="xoxb-not-the-real-one")
    result = run(["serve", "--port", "0"], env, tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in line and "OAuth & Permissions" in line


def test_serve_warns_and_goes_on_when_slack_is_unreachable(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack, SLACK_API_URL=_closed_port_url())
    process = subprocess.Popen(
        [*RECHARGLY, "serve", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed once the app is built and about to listen
        assert "Rechargly listening" in first
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "warning: can't reach Slack" in err and "starting anyway" in err
    assert "will be unused" not in err and "Traceback" not in err


def test_serve_start_up_has_no_bolt_token_warning(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack)
    process = subprocess.Popen(
        [*RECHARGLY, "serve", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert "Rechargly listening" in process.stdout.readline()
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    assert "will be unused" not in err and "Slack refused" not in err


def test_run_names_what_is_missing_when_it_falls_back_to_the_demo(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["run"], {**clean_env, "SLACK_SIGNING_SECRET": SIGNING_SECRET}, tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert "Slack is not configured (SLACK_BOT_TOKEN not set): running the local demo" in first


def test_sync_once_with_nothing_connected_says_how_to_connect(
    tmp_path: Path, xero: XeroSandbox, slack: SlackFake
) -> None:
    env = _configured(xero, slack)
    result = run(["sync", "--once"], env, tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "no Xero organisation is connected yet" in result.stdout
    assert "/rechargly connect" in result.stdout and "*" not in result.stdout


def test_sync_once_with_a_typo_lists_the_organisations(connected: Running, tmp_path: Path) -> None:
    from bot.sync_cli import run_sync_once

    said: list[str] = []
    assert run_sync_once(connected.services, organisation="Typo Ltd", say=said.append) == 1
    [line] = said
    name = connected.xero.tenants[0].name
    assert "no connected organisation is called “Typo Ltd”" in line and f"Connected: {name}." in line


def test_the_bot_missing_from_the_digest_channel_is_told_plainly(connected: Running) -> None:
    from harness import TEAM

    from services.workspace_settings import SettingsForm

    connected.slack.add_channel("C0ELSEWHERE", "partners", is_member=False)
    connected.services.workspace_settings.save(
        team_id=TEAM,
        user_id=ADMIN,
        form=SettingsForm(digest_channel="C0ELSEWHERE", approvals_channel=CHANNEL),
    )
    reply = connected.driver.command("/rechargly", "digest", user_id=ADMIN, channel_id=CHANNEL)
    assert reply.status == 200

    def told() -> str:
        return json.dumps(connected.slack.responses)

    assert connected.slack.wait_for(lambda: "Invite @Rechargly to <#C0ELSEWHERE>" in told(), timeout=15), (
        told()
    )
    assert "Something went wrong" not in told()


def test_a_csv_posted_in_a_channel_is_not_imported(connected: Running) -> None:
    connected.slack.add_file("F9", "usage.csv", b"client,cost\nX,1.00\n", user=ADMIN)
    before = len(connected.slack.calls_of("chat.postMessage"))
    connected.driver.event({"type": "file_shared", "file_id": "F9", "user_id": ADMIN, "channel_id": CHANNEL})
    assert not connected.slack.wait_for(
        lambda: len(connected.slack.calls_of("chat.postMessage")) > before, timeout=1.5
    )


def test_sandbox_command_prints_its_description_once_with_env_lines(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    from bot.server import free_port

    process = subprocess.Popen(
        [*RECHARGLY, "sandbox", "--port", str(free_port()), "--clients", "3", "--months", "1"],
        env=clean_env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.strip())
            if line.startswith("Press Ctrl+C"):
                break
    finally:
        process.terminate()
        process.communicate(timeout=20)
    for variable in ("XERO_CLIENT_ID=", "XERO_CLIENT_SECRET=", "XERO_API_BASE=", "XERO_IDENTITY_BASE="):
        assert sum(line.startswith(variable) for line in lines) == 1, lines
    assert sum(line.startswith("Xero sandbox (seed") for line in lines) == 1
