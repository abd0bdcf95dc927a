"""Test kit: drive the sandbox like a real app would — OAuth round trip, SDK clients, spec checks.

Used by tests/sandbox_xero and meant for the rest of the test suite:

    sb = XeroSandbox(...); sb.start()
    with point_token_api_at(sb.base_url):
        token = oauth_round_trip(sb.base_url)
        api_client, accounting, identity = sdk_clients(sb.base_url, token)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import urllib3
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient
from xero_python.api_client.configuration import Configuration
from xero_python.api_client.oauth2 import OAuth2Token, TokenApi
from xero_python.exceptions import HTTPStatusException
from xero_python.identity import IdentityApi

from sandbox.xero.spec_check import validate, validate_response

CLIENT_ID = "sandbox-client-id"
CLIENT_SECRET = "sandbox-client-secret"
REDIRECT_URI = "http://localhost:8765/xero/callback"
SCOPES = [
    "openid",
    "profile",
    "email",
    "offline_access",
    "accounting.transactions",
    "accounting.contacts",
    "accounting.settings",
    "accounting.attachments",
]


def check_body(url: str, method: str, status: int, content_type: str, data: bytes) -> None:
    """Validate one sandbox answer against the matching official spec."""
    if "json" not in (content_type or "") or not data:
        return
    body = json.loads(data)
    path = urlsplit(url).path
    lowered = path.lower()
    if lowered.startswith("/api.xro/2.0"):
        validate_response("accounting", path, method, status, body)
        if status == 400:
            validate("Error", body)
    elif lowered.startswith("/connections") and status == 200:
        validate_response("identity", path, method, status, body)
    elif lowered == "/connect/token" and status == 200:
        validate("AccessToken", body, spec_name="identity")


class SpecCheckingApiClient(ApiClient):
    """The SDK's ApiClient, validating every sandbox response body it receives."""

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        try:
            response = super().request(method, url, *args, **kwargs)
        except HTTPStatusException as error:
            resp = error.http_resp
            check_body(url, method, resp.status, resp.getheader("Content-Type"), resp.data)
            raise
        raw = getattr(response, "urllib3_response", response)
        check_body(url, method, response.status, raw.getheader("Content-Type"), response.data)
        return response


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def authorize(
    base: str, client_id: str = CLIENT_ID, challenge: str = "", state: str = "st-1"
) -> tuple[int, str]:
    """GET the consent URL without following the redirect; returns (status, Location or body)."""
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": " ".join(SCOPES),
        "state": state,
    }
    if challenge:
        query.update(code_challenge=challenge, code_challenge_method="S256")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(f"{base}/identity/connect/authorize?{urlencode(query)}") as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Location") or err.read().decode()


def consent(authorize_url: str) -> dict[str, str]:
    """Say yes on the sandbox's consent page for an app's own authorize URL, without a browser.

    Returns the query the app's callback would receive (code and state, or error).
    """
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(authorize_url) as resp:
            raise RuntimeError(f"the sandbox answered {resp.status} instead of redirecting")
    except urllib.error.HTTPError as err:
        location = err.headers.get("Location") or ""
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def post_form(
    url: str, form: dict[str, str], basic: tuple[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
    if basic:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{basic[0]}:{basic[1]}".encode()).decode()
    req = urllib.request.Request(  # noqa: S310 - http(s) URLs built by the caller
        url, data=urlencode(form).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(req) as resp:  # noqa: S310
            data = resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        data, status = err.read(), err.code
    body = json.loads(data) if data else {}
    if status == 200 and "access_token" in body:
        validate("AccessToken", body, spec_name="identity")
    return status, body


def oauth_round_trip(base: str) -> dict[str, Any]:
    """authorize → code → token with PKCE; returns the raw token response."""
    verifier, challenge = pkce_pair()
    status, location = authorize(base, challenge=challenge)
    assert status == 302, location
    params = parse_qs(urlsplit(location).query)
    assert params["state"] == ["st-1"]
    status, token = post_form(
        f"{base}/connect/token",
        {
            "grant_type": "authorization_code",
            "code": params["code"][0],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        },
        basic=(CLIENT_ID, CLIENT_SECRET),
    )
    assert status == 200, token
    return token


def raw_call(
    base: str,
    method: str,
    path: str,
    *,
    token: str = "",
    tenant: str = "",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Plain urllib call; returns (status, headers, body) and validates JSON bodies."""
    all_headers = {"Accept": "application/json", **(headers or {})}
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    if tenant:
        all_headers["xero-tenant-id"] = tenant
    req = urllib.request.Request(  # noqa: S310 - http(s) URLs built by the caller
        base + path, data=body, headers=all_headers, method=method
    )
    try:
        with urllib.request.urlopen(req) as resp:  # noqa: S310
            status, got, data = resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        status, got, data = err.code, dict(err.headers.items()), err.read()
    check_body(base + path, method, status, got.get("Content-Type", ""), data)
    return status, got, data


def sdk_clients(
    base: str,
    token: dict[str, Any],
    *,
    retries: int | None = 0,
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
) -> tuple[ApiClient, AccountingApi, IdentityApi]:
    """Build SDK clients pointed at the sandbox.

    Configuration is a copy-of-first-instance singleton (constructor arguments are ignored after
    the first call), so the OAuth2Token is set on the returned copy. `retries`: urllib3 inside the
    SDK by default retries dropped connections and honours Retry-After on 429/503 (sleeping up to
    60 s); 0 disables that so tests see every answer, None keeps the SDK's default.
    """
    config = Configuration()
    config.oauth2_token = OAuth2Token(client_id=client_id, client_secret=client_secret)
    holder: dict[str, Any] = {}

    def save(new_token: dict[str, Any]) -> None:
        holder.clear()
        holder.update(new_token)

    save({**token, "scope": token["scope"].split()})  # the SDK wants scope as a list
    api_client = SpecCheckingApiClient(
        config, pool_threads=1, oauth2_token_getter=lambda: dict(holder), oauth2_token_saver=save
    )
    if retries is not None:
        policy = urllib3.Retry(total=retries, redirect=False, respect_retry_after_header=False)
        api_client.rest_client.pool_manager.connection_pool_kw["retries"] = policy
    accounting = AccountingApi(api_client, base_url=f"{base}/api.xro/2.0")
    return api_client, accounting, IdentityApi(api_client, base_url=base)


@contextlib.contextmanager
def point_token_api_at(base: str) -> Iterator[None]:
    """The SDK posts refresh/revoke requests to TokenApi class attributes; aim them at `base`."""
    names = ("refresh_token_url", "revoke_token_url", "client_credentials_token_url")
    saved = {name: getattr(TokenApi, name) for name in names}
    TokenApi.refresh_token_url = f"{base}/connect/token"
    TokenApi.revoke_token_url = f"{base}/connect/revocation"
    TokenApi.client_credentials_token_url = f"{base}/connect/token"
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(TokenApi, name, value)
