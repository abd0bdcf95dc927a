"""Xero Identity: authorize (consent), token, revocation and the connections of the one sandbox user."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

ACCESS_TOKEN_SECONDS = 1800
AUTH_CODE_SECONDS = 300
JsonBody = dict[str, Any]


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _fake_jwt(claims: JsonBody) -> str:
    """A JWT-shaped token (RS256 header, random signature): decodable, never verifiable."""
    header = {"alg": "RS256", "kid": "sandbox", "typ": "JWT"}
    return ".".join(
        [
            _b64url(json.dumps(header).encode()),
            _b64url(json.dumps(claims).encode()),
            _b64url(secrets.token_bytes(32)),
        ]
    )


def pkce_s256(verifier: str) -> str:
    """The S256 code challenge for a verifier (RFC 7636)."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


@dataclass
class AuthCode:
    client_id: str
    redirect_uri: str
    scopes: list[str]
    challenge: str
    challenge_method: str
    auth_event_id: str
    expires_at: float


@dataclass
class Grant:
    """One consent (Xero's authentication event); tokens of the same grant form a family."""

    auth_event_id: str
    client_id: str
    scopes: list[str]
    revoked: bool = False


@dataclass
class AccessToken:
    auth_event_id: str
    expires_at: float


@dataclass
class RefreshToken:
    auth_event_id: str
    used: bool = False


@dataclass
class Connection:
    id: str
    tenant_id: str
    tenant_name: str
    auth_event_id: str
    created: dt.datetime
    updated: dt.datetime

    def to_json(self) -> JsonBody:
        return {
            "id": self.id,
            "authEventId": self.auth_event_id,
            "tenantId": self.tenant_id,
            "tenantType": "ORGANISATION",
            "tenantName": self.tenant_name,
            "createdDateUtc": _xero_iso(self.created),
            "updatedDateUtc": _xero_iso(self.updated),
        }


def _xero_iso(moment: dt.datetime) -> str:
    """Identity's timestamp style: UTC, no offset, 7 fractional digits."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0"


@dataclass
class TokenResult:
    status: int
    body: JsonBody
    headers: dict[str, str] = field(default_factory=dict)


def _error(status: int, error: str, description: str = "") -> TokenResult:
    body: JsonBody = {"error": error}
    if description:
        body["error_description"] = description
    return TokenResult(status, body)


class IdentityServer:
    """In-memory OAuth2 state. All public methods are thread-safe."""

    def __init__(
        self, client_id: str, client_secret: str, user_id: str, tenants: list[tuple[str, str]]
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.user_id = user_id
        self.tenants = tenants  # (tenant_id, tenant_name)
        self.issuer = "https://identity.xero.com"
        self.authorize_decision = "allow"
        self._lock = threading.Lock()
        self._codes: dict[str, AuthCode] = {}
        self._grants: dict[str, Grant] = {}
        self._access: dict[str, AccessToken] = {}
        self._refresh: dict[str, RefreshToken] = {}
        self.connections: dict[str, Connection] = {}

    # --- authorize -------------------------------------------------------------------------
    def authorize(self, query: dict[str, str]) -> tuple[int, str]:
        """Consent screen: (302, redirect location) or (400, error page text)."""
        if query.get("client_id") != self.client_id:
            return 400, "unauthorized_client: unknown client_id"
        redirect_uri = query.get("redirect_uri", "")
        if urlsplit(redirect_uri).scheme not in {"http", "https"}:
            return 400, "invalid_request: redirect_uri is missing or invalid"
        state = query.get("state", "")
        if query.get("response_type") != "code":
            return 302, _redirect(redirect_uri, error="unsupported_response_type", state=state)
        if self.authorize_decision != "allow":
            return 302, _redirect(redirect_uri, error="access_denied", state=state)
        scopes = query.get("scope", "").split()
        code = secrets.token_urlsafe(24)
        auth_event_id = str(uuid.uuid4())
        with self._lock:
            self._codes[code] = AuthCode(
                client_id=self.client_id,
                redirect_uri=redirect_uri,
                scopes=scopes,
                challenge=query.get("code_challenge", ""),
                challenge_method=query.get("code_challenge_method", "plain"),
                auth_event_id=auth_event_id,
                expires_at=time.time() + AUTH_CODE_SECONDS,
            )
            self._connect_all(auth_event_id)
        return 302, _redirect(redirect_uri, code=code, scope=" ".join(scopes), state=state)

    def _connect_all(self, auth_event_id: str) -> None:
        """The user ticks every organisation on the consent screen."""
        now = dt.datetime.now(dt.UTC)
        existing = {c.tenant_id: c for c in self.connections.values()}
        for tenant_id, name in self.tenants:
            if tenant_id in existing:
                existing[tenant_id].auth_event_id = auth_event_id
                existing[tenant_id].updated = now
            else:
                conn = Connection(str(uuid.uuid4()), tenant_id, name, auth_event_id, now, now)
                self.connections[conn.id] = conn

    # --- token -----------------------------------------------------------------------------
    def _client_ok(self, form: dict[str, str], authorization: str) -> bool:
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.lower().startswith("basic "):
            try:
                decoded = base64.b64decode(authorization[6:].strip()).decode()
            except ValueError:
                return False
            client_id, _, secret = decoded.partition(":")
        return client_id == self.client_id and secret == self.client_secret

    def token(self, form: dict[str, str], authorization: str) -> TokenResult:
        """POST /connect/token for authorization_code and refresh_token grants."""
        if not self._client_ok(form, authorization):
            return _error(401, "invalid_client")
        grant_type = form.get("grant_type", "")
        with self._lock:
            if grant_type == "authorization_code":
                return self._exchange_code(form)
            if grant_type == "refresh_token":
                return self._refresh_grant(form)
        return _error(400, "unsupported_grant_type")

    def _exchange_code(self, form: dict[str, str]) -> TokenResult:
        code = self._codes.pop(form.get("code", ""), None)  # single use, even when it fails
        if code is None or code.expires_at < time.time():
            return _error(400, "invalid_grant")
        if code.redirect_uri != form.get("redirect_uri", ""):
            return _error(400, "invalid_grant", "redirect_uri mismatch")
        if code.challenge and not _pkce_ok(code, form.get("code_verifier", "")):
            return _error(400, "invalid_grant", "code_verifier does not match")
        grant = Grant(code.auth_event_id, code.client_id, code.scopes)
        self._grants[grant.auth_event_id] = grant
        return TokenResult(200, self._issue(grant))

    def _refresh_grant(self, form: dict[str, str]) -> TokenResult:
        record = self._refresh.get(form.get("refresh_token", ""))
        grant = self._grants.get(record.auth_event_id) if record else None
        if record is None or grant is None or record.used or grant.revoked:
            return _error(400, "invalid_grant")
        record.used = True  # rotation: the old refresh token is dead from now on
        return TokenResult(200, self._issue(grant))

    def _issue(self, grant: Grant) -> JsonBody:
        now = int(time.time())
        access = _fake_jwt(
            {
                "nbf": now,
                "exp": now + ACCESS_TOKEN_SECONDS,
                "iss": self.issuer,
                "aud": f"{self.issuer}/resources",
                "client_id": grant.client_id,
                "sub": self.user_id.replace("-", ""),
                "auth_time": now,
                "xero_userid": self.user_id,
                "global_session_id": uuid.uuid4().hex,
                "sid": uuid.uuid4().hex,
                "jti": uuid.uuid4().hex,
                "authentication_event_id": grant.auth_event_id,
                "scope": grant.scopes,
            }
        )
        self._access[access] = AccessToken(grant.auth_event_id, now + ACCESS_TOKEN_SECONDS)
        body: JsonBody = {}
        if "openid" in grant.scopes:
            body["id_token"] = self._id_token(grant, now)
        body.update({"access_token": access, "expires_in": ACCESS_TOKEN_SECONDS, "token_type": "Bearer"})
        if "offline_access" in grant.scopes:  # Xero only issues refresh tokens for offline_access
            refresh = secrets.token_hex(32)
            self._refresh[refresh] = RefreshToken(grant.auth_event_id)
            body["refresh_token"] = refresh
        body["scope"] = " ".join(grant.scopes)
        return body

    def _id_token(self, grant: Grant, now: int) -> str:
        return _fake_jwt(
            {
                "nbf": now,
                "exp": now + 300,
                "iss": self.issuer,
                "aud": grant.client_id,
                "iat": now,
                "sub": self.user_id.replace("-", ""),
                "auth_time": now,
                "xero_userid": self.user_id,
                "preferred_username": "sandbox.user@kauri.example",
                "email": "sandbox.user@kauri.example",
                "given_name": "Sandbox",
                "family_name": "User",
                "name": "Sandbox User",
            }
        )

    # --- revocation, bearer checks, test switches --------------------------------------------
    def revoke(self, form: dict[str, str], authorization: str) -> TokenResult:
        """POST /connect/revocation: kill the refresh token's family and the user's connections."""
        if not self._client_ok(form, authorization):
            return _error(401, "invalid_client")
        with self._lock:
            record = self._refresh.get(form.get("token", ""))
            if record is not None:
                grant = self._grants.get(record.auth_event_id)
                if grant is not None:
                    grant.revoked = True
                self.connections.clear()
        return TokenResult(200, {})

    def grant_for_bearer(self, authorization: str) -> Grant | None:
        """The live grant behind an `Authorization: Bearer …` header, or None."""
        if not authorization.lower().startswith("bearer "):
            return None
        with self._lock:
            token = self._access.get(authorization[7:].strip())
            if token is None or token.expires_at <= time.time():
                return None
            grant = self._grants.get(token.auth_event_id)
            return grant if grant is not None and not grant.revoked else None

    def is_connected(self, tenant_id: str) -> bool:
        with self._lock:
            return any(c.tenant_id == tenant_id for c in self.connections.values())

    def list_connections(self, auth_event_id: str = "") -> list[JsonBody]:
        with self._lock:
            conns = list(self.connections.values())
        if auth_event_id:
            conns = [c for c in conns if c.auth_event_id == auth_event_id]
        return [c.to_json() for c in conns]

    def delete_connection(self, connection_id: str) -> bool:
        with self._lock:
            return self.connections.pop(connection_id.lower(), None) is not None

    def expire_access_tokens(self) -> None:
        with self._lock:
            for token in self._access.values():
                token.expires_at = 0

    def revoke_all_refresh_tokens(self) -> None:
        with self._lock:
            for record in self._refresh.values():
                record.used = True


def _pkce_ok(code: AuthCode, verifier: str) -> bool:
    if not verifier:
        return False
    if code.challenge_method.upper() == "S256":
        return secrets.compare_digest(pkce_s256(verifier), code.challenge)
    return secrets.compare_digest(verifier, code.challenge)


def _redirect(redirect_uri: str, **params: str) -> str:
    separator = "&" if "?" in redirect_uri else "?"
    return redirect_uri + separator + urlencode({k: v for k, v in params.items() if v})
