"""`/rechargly help` and `status` over real HTTP, signature checks, health."""

from __future__ import annotations

import json
import time
import urllib.request

from harness import ADMIN, CHANNEL, Running


def test_help_answers_with_blocks(rechargly: Running) -> None:
    response = rechargly.driver.command("/rechargly", "help", user_id=ADMIN, channel_id=CHANNEL)
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    text = json.dumps(body["blocks"])
    assert "/rechargly status" in text and "/rechargly connect" in text


def test_empty_text_is_help(rechargly: Running) -> None:
    body = rechargly.driver.command("/rechargly", "", user_id=ADMIN).json()
    assert body["blocks"][0]["type"] == "header"


def test_status_when_not_connected(rechargly: Running) -> None:
    body = rechargly.driver.command("/rechargly", "status", user_id=ADMIN).json()
    assert "Not connected to Xero yet" in json.dumps(body["blocks"])


def test_unknown_subcommand_lists_valid_ones(rechargly: Running) -> None:
    body = rechargly.driver.command("/rechargly", "frobnicate now", user_id=ADMIN).json()
    text = json.dumps(body["blocks"])
    assert body["response_type"] == "ephemeral"
    assert "frobnicate" in text and "`status`" in text


def test_unbalanced_quote_gets_a_friendly_reply(rechargly: Running) -> None:
    body = rechargly.driver.command("/rechargly", 'history "Acme', user_id=ADMIN).json()
    assert body["response_type"] == "ephemeral"
    assert "quote" in body["text"]


def test_forged_signature_is_refused(rechargly: Running) -> None:
    response = rechargly.driver.command("/rechargly", "help", signing_secret="not-the-secret")
    assert response.status == 401


def test_stale_timestamp_is_refused(rechargly: Running) -> None:
    response = rechargly.driver.command("/rechargly", "help", timestamp=int(time.time()) - 6 * 60)
    assert response.status == 401


def test_healthz_reports_database_and_version(rechargly: Running) -> None:
    with urllib.request.urlopen(f"{rechargly.url}/healthz", timeout=5) as response:
        assert response.status == 200
        body = json.loads(response.read())
    assert body["database"] is True
    assert body["version"]
