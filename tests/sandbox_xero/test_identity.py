"""OAuth2 authorize/token/refresh/revoke and connections, through urllib and the SDK."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest
from xero_python.exceptions import HTTPStatusException

from sandbox.xero import XeroSandbox
from sandbox.xero.testkit import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    authorize,
    oauth_round_trip,
    pkce_pair,
    post_form,
    raw_call,
)

if TYPE_CHECKING:
    from conftest import Xero


def test_round_trip_token_shape_and_jwt_claims(xero: Xero) -> None:
    token = xero.token
    assert token["token_type"] == "Bearer" and token["expires_in"] == 1800
    assert token["refresh_token"] and token["id_token"]
    assert "offline_access" in token["scope"].split()
    payload = token["access_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["authentication_event_id"] and claims["xero_userid"] and claims["exp"] > claims["nbf"]


def test_connections_via_sdk(xero: Xero) -> None:
    connections = xero.identity.get_connections()
    assert [c.tenant_id for c in connections] == [t.tenant_id for t in xero.sb.tenants]
    assert connections[0].tenant_type == "ORGANISATION"
    assert connections[0].tenant_name == "Kauri & Co Chartered Accountants"
    assert connections[0].created_date_utc.year >= 2025


def test_delete_connection_then_accounting_is_forbidden(xero: Xero) -> None:
    connection = xero.identity.get_connections()[0]
    xero.identity.delete_connection(connection.id)
    assert xero.identity.get_connections() == []
    status, _, _ = raw_call(
        xero.base, "GET", "/api.xro/2.0/Organisation", token=xero.access_token, tenant=xero.tenant_id
    )
    assert status == 403


def test_several_tenants_one_user() -> None:
    with XeroSandbox(seed=3, clients=2, months=1, tenants=2) as sb:
        token = oauth_round_trip(sb.base_url)
        status, _, body = raw_call(sb.base_url, "GET", "/Connections", token=token["access_token"])
        assert status == 200
        names = sorted(c["tenantName"] for c in json.loads(body))
        assert names == ["Kauri & Co (Australia)", "Kauri & Co Chartered Accountants"]


def test_deny_and_unknown_client(sb: XeroSandbox) -> None:
    sb.authorize_decision = "deny"
    status, location = authorize(sb.base_url)
    assert status == 302
    assert parse_qs(urlsplit(location).query) == {"error": ["access_denied"], "state": ["st-1"]}
    status, page = authorize(sb.base_url, client_id="someone-else")
    assert status == 400 and "unauthorized_client" in page


def test_code_is_single_use_and_pkce_checked(sb: XeroSandbox) -> None:
    verifier, challenge = pkce_pair()
    _, location = authorize(sb.base_url, challenge=challenge)
    code = parse_qs(urlsplit(location).query)["code"][0]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": "wrong-" + verifier,
    }
    assert post_form(f"{sb.base_url}/connect/token", form, basic=(CLIENT_ID, CLIENT_SECRET)) == (
        400,
        {"error": "invalid_grant", "error_description": "code_verifier does not match"},
    )
    form["code_verifier"] = verifier  # the failed attempt burned the code
    assert post_form(f"{sb.base_url}/connect/token", form, basic=(CLIENT_ID, CLIENT_SECRET))[0] == 400


def test_client_secret_checked(sb: XeroSandbox) -> None:
    status, body = post_form(
        f"{sb.base_url}/connect/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": "x",
            "client_id": CLIENT_ID,
            "client_secret": "nope",
        },
    )
    assert (status, body) == (401, {"error": "invalid_client"})


def test_refresh_rotates_and_old_token_is_dead(xero: Xero) -> None:
    old_refresh = xero.token["refresh_token"]
    new_token = xero.api_client.refresh_oauth2_token()
    assert new_token["refresh_token"] != old_refresh
    assert new_token["access_token"] != xero.access_token
    assert isinstance(new_token["scope"], list)
    assert xero.accounting.get_organisations(xero.tenant_id).organisations  # new token works
    status, body = post_form(
        f"{xero.base}/connect/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": old_refresh,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert (status, body) == (400, {"error": "invalid_grant"})


def test_sdk_refreshes_expired_access_token_automatically(xero: Xero) -> None:
    holder = xero.api_client.get_oauth2_token()
    xero.sb.expire_access_tokens()
    status, _, _ = raw_call(
        xero.base, "GET", "/api.xro/2.0/Organisation", token=xero.access_token, tenant=xero.tenant_id
    )
    assert status == 401
    # The SDK refreshes only when its own clock says so: mark the token as expired locally.
    xero.api_client.set_oauth2_token({**holder, "expires_at": 1})
    assert xero.accounting.get_organisations(xero.tenant_id).organisations
    assert xero.sb.calls_to("/connect/token")[-1].status == 200


def test_revoked_refresh_tokens_need_reconnect(xero: Xero) -> None:
    xero.sb.revoke_all_refresh_tokens()
    with pytest.raises(HTTPStatusException) as info:
        xero.api_client.refresh_oauth2_token()
    assert info.value.status == 400 and b"invalid_grant" in info.value.body


def test_revocation_kills_family_and_connections(xero: Xero) -> None:
    xero.api_client.revoke_oauth2_token()
    revoke = xero.sb.calls_to("/connect/revocation")[-1]
    assert revoke.status == 200
    status, _, _ = raw_call(xero.base, "GET", "/Connections", token=xero.access_token)
    assert status == 401
    status, body = post_form(
        f"{xero.base}/connect/token",
        {"grant_type": "refresh_token", "refresh_token": xero.token["refresh_token"]},
        basic=(CLIENT_ID, CLIENT_SECRET),
    )
    assert (status, body["error"]) == (400, "invalid_grant")


def test_bad_bearer_is_401(xero: Xero) -> None:
    status, headers, body = raw_call(
        xero.base, "GET", "/api.xro/2.0/Contacts", token="not-a-token", tenant=xero.tenant_id
    )
    assert status == 401
    assert json.loads(body)["Detail"] == "AuthenticationUnsuccessful"
    assert "invalid_token" in headers["WWW-Authenticate"]
