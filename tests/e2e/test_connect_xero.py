"""Connecting Xero from Slack, end to end over HTTP against the sandbox."""

from __future__ import annotations

import json
import threading
import urllib.parse

import pytest
from harness import ADMIN, CHANNEL, MEMBER, Running, both_databases, connect, connect_button_url, open_page
from sqlalchemy import text
from sqlmodel import select

from services.errors import NeedsReconnect
from services.models import ConnectionStatus, OAuthState, XeroConnection, XeroGrant


def test_connect_shows_scope_table_and_round_trips(rechargly: Running) -> None:
    reply = rechargly.driver.command("/rechargly", "connect", user_id=ADMIN, channel_id=CHANNEL).json()
    shown = json.dumps(reply["blocks"])
    assert "Invoices &amp; attachments" in shown and "accounting.banktransactions.read" in shown
    assert "payroll" in shown.lower()  # says what we do NOT touch
    url = connect_button_url(reply)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
    assert url.startswith(f"{rechargly.xero.base_url}/identity/connect/authorize")
    assert query["code_challenge_method"] == ["S256"]
    assert "accounting.transactions" not in query["scope"][0].split()

    status, page = open_page(url)  # the sandbox consents and redirects to /xero/callback
    assert status == 200 and "you can close this tab" in page

    with rechargly.services.db.session() as session:
        connection = session.exec(select(XeroConnection)).one()
        grant = session.exec(select(XeroGrant)).one()
        raw = session.execute(text("SELECT token_ciphertext FROM xerogrant")).scalar_one()
    assert connection.name == rechargly.xero.tenants[0].name
    assert connection.base_currency == "NZD" and connection.country_code == "NZ"
    assert connection.timezone == "Pacific/Auckland"
    assert "offline_access" in grant.scopes
    tokens = rechargly.services.tokens.read(grant)
    assert tokens.access_token.encode() not in raw and tokens.refresh_token.encode() not in raw
    assert tokens.access_token not in repr(grant) and tokens.refresh_token not in repr(tokens)

    dms = [m for m in rechargly.slack.messages() if "Connected to" in m.text]
    assert len(dms) == 1 and "NZD" in dms[0].text


def test_status_after_connecting(rechargly: Running) -> None:
    connect(rechargly)
    body = rechargly.driver.command("/rechargly", "status", user_id=ADMIN).json()
    shown = json.dumps(body["blocks"])
    assert rechargly.xero.tenants[0].name.replace("&", "&amp;") in shown
    assert "NZD" in shown and "ok" in shown and "accounting.invoices" in shown


def test_non_admin_cannot_connect(rechargly: Running) -> None:
    body = rechargly.driver.command("/rechargly", "connect", user_id=MEMBER).json()
    assert "Only workspace admins" in body["text"]
    with rechargly.services.db.session() as session:
        assert session.exec(select(OAuthState)).first() is None


def test_replayed_state_stores_nothing_more(rechargly: Running) -> None:
    reply = rechargly.driver.command("/rechargly", "connect", user_id=ADMIN).json()
    status, _ = open_page(connect_button_url(reply))
    assert status == 200
    state = urllib.parse.parse_qs(urllib.parse.urlparse(connect_button_url(reply)).query)["state"][0]
    status, page = open_page(f"{rechargly.url}/xero/callback?code=anything&state={urllib.parse.quote(state)}")
    assert status == 400 and "already used" in page
    with rechargly.services.db.session() as session:
        assert len(session.exec(select(XeroGrant)).all()) == 1


@pytest.mark.parametrize("state", ["", "forged.c2lnbmF0dXJl", "nonce-only"])
def test_forged_state_is_refused(rechargly: Running, state: str) -> None:
    status, page = open_page(f"{rechargly.url}/xero/callback?code=abc&state={state}")
    assert status == 400 and "isn't valid" in page
    with rechargly.services.db.session() as session:
        assert session.exec(select(XeroGrant)).first() is None


def test_expired_state_is_refused(rechargly: Running) -> None:
    reply = rechargly.driver.command("/rechargly", "connect", user_id=ADMIN).json()
    with rechargly.services.db.session() as session:
        session.execute(text("UPDATE oauthstate SET expires_at = '2000-01-01 00:00:00'"))
    status, page = open_page(connect_button_url(reply))
    assert status == 400 and "expired" in page
    with rechargly.services.db.session() as session:
        assert session.exec(select(XeroGrant)).first() is None


def test_access_denied_stores_nothing(rechargly: Running) -> None:
    rechargly.xero.authorize_decision = "deny"
    status, page = connect(rechargly)
    assert status == 400 and "cancelled" in page
    with rechargly.services.db.session() as session:
        assert session.exec(select(XeroGrant)).first() is None


def grant_id(rechargly: Running) -> int:
    with rechargly.services.db.session() as session:
        return session.exec(select(XeroGrant.id)).one() or 0


@both_databases
def test_expired_access_token_refreshes_once_for_concurrent_callers(rechargly: Running) -> None:
    connect(rechargly)
    gid = grant_id(rechargly)
    before = rechargly.services.tokens.read(_grant(rechargly, gid))
    _force_expiry(rechargly, gid)
    rechargly.xero.reset_calls()
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(rechargly.services.tokens.access_token(gid)))
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and results[0] != before.access_token
    refreshes = [c for c in rechargly.xero.calls_to("/connect/token")]
    assert len(refreshes) == 1


@both_databases
def test_revoked_refresh_token_needs_reconnect_and_tells_once(rechargly: Running) -> None:
    connect(rechargly)
    gid = grant_id(rechargly)
    rechargly.xero.revoke_all_refresh_tokens()
    _force_expiry(rechargly, gid)
    for _ in range(2):
        with pytest.raises(NeedsReconnect):
            rechargly.services.tokens.access_token(gid)
    notices = [m for m in rechargly.slack.messages() if "lost access" in m.text]
    assert len(notices) == 1 and notices[0].channel == CHANNEL
    with rechargly.services.db.session() as session:
        assert session.exec(select(XeroConnection)).one().status == ConnectionStatus.NEEDS_RECONNECT


def test_disconnect_revokes_and_keeps_history(rechargly: Running) -> None:
    connect(rechargly)
    reply = rechargly.driver.command("/rechargly", "disconnect", user_id=ADMIN, channel_id=CHANNEL).json()
    button = reply["blocks"][1]["elements"][0]
    assert button["confirm"]["confirm"]["text"] == "Disconnect"
    rechargly.driver.click("confirm_disconnect", button["value"], user_id=ADMIN, channel_id=CHANNEL)
    assert rechargly.slack.wait_for(
        lambda: any("Disconnected" in json.dumps(r) for r in rechargly.slack.responses)
    )
    assert rechargly.xero.calls_to("/connect/revocation")
    with rechargly.services.db.session() as session:
        connection = session.exec(select(XeroConnection)).one()
        grant = session.exec(select(XeroGrant)).one()
    assert connection.status == ConnectionStatus.DISCONNECTED
    assert grant.token_ciphertext is None


def _grant(rechargly: Running, gid: int) -> XeroGrant:
    with rechargly.services.db.session() as session:
        grant = session.get(XeroGrant, gid)
        assert grant is not None
        return grant


def _force_expiry(rechargly: Running, gid: int) -> None:
    """Make the stored access token look a minute from expiry (as after 29 minutes)."""
    tokens = rechargly.services.tokens
    grant = _grant(rechargly, gid)
    current = tokens.read(grant)
    from dataclasses import replace
    from datetime import timedelta

    with rechargly.services.db.session() as session:
        grant = session.get(XeroGrant, gid)
        assert grant is not None
        tokens.store(
            session, grant, replace(current, expires_at=rechargly.services.clock.now() + timedelta(minutes=1))
        )


def test_the_gateway_hits_the_configured_hosts_without_changing_the_sdk_globals(rechargly: Running) -> None:
    from xero_python.api_client.oauth2 import TokenApi

    connect(rechargly)
    tokens, grant = rechargly.services.tokens, grant_id(rechargly)
    tokens.access_token(grant, refused=tokens.access_token(grant))  # Xero refused it: a refresh via the SDK
    assert rechargly.xero.calls_to("/connect/token") and rechargly.xero.calls_to("/api.xro/2.0/Organisation")
    # Other code in the process still sees Xero's real token URL: we set ours on our own instance.
    assert TokenApi.refresh_token_url == "https://identity.xero.com/connect/token"
