"""Xero tokens at rest (encrypted) and their refresh, serialised so a refresh token is spent once."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import update
from sqlmodel import Session, col, select

from services.errors import NeedsReconnect, XeroAuthError
from services.models import ConnectionStatus, XeroConnection, XeroGrant
from services.ports import Clock, XeroIdentity
from services.storage import Database
from services.xero_types import TokenSet, XeroAccess

log = logging.getLogger(__name__)

# Refresh this long before Xero's 30-minute access token expires, so no call races the expiry.
REFRESH_MARGIN = timedelta(minutes=5)


class TokenCipher:
    """Fernet encryption for tokens and PKCE verifiers stored in the database."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    def encrypt(self, plain: str) -> bytes:
        return self._fernet.encrypt(plain.encode())

    def decrypt(self, cipher: bytes) -> str:
        try:
            return self._fernet.decrypt(cipher).decode()
        except InvalidToken:
            raise ValueError("stored secret can't be decrypted with TOKEN_ENCRYPTION_KEY") from None

    def seal_tokens(self, tokens: TokenSet) -> bytes:
        return self.encrypt(
            json.dumps(
                {
                    "access": tokens.access_token,
                    "refresh": tokens.refresh_token,
                    "expires_at": tokens.expires_at.isoformat(),
                    "scopes": list(tokens.scopes),
                }
            )
        )

    def open_tokens(self, cipher: bytes) -> TokenSet:
        data = json.loads(self.decrypt(cipher))
        return TokenSet(
            access_token=data["access"],
            refresh_token=data["refresh"],
            expires_at=datetime.fromisoformat(data["expires_at"]),
            scopes=tuple(data["scopes"]),
        )


ReconnectNotice = Callable[[XeroGrant, list[XeroConnection]], None]


class XeroTokens:
    """Hands out a valid access token per grant, refreshing at most once however many callers ask."""

    def __init__(
        self,
        *,
        db: Database,
        cipher: TokenCipher,
        identity: XeroIdentity,
        clock: Clock,
        on_needs_reconnect: ReconnectNotice,
    ) -> None:
        self._db = db
        self._cipher = cipher
        self._identity = identity
        self._clock = clock
        self._on_needs_reconnect = on_needs_reconnect
        self._locks: dict[int, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def store(self, session: Session, grant: XeroGrant, tokens: TokenSet) -> None:
        grant.token_ciphertext = self._cipher.seal_tokens(tokens)
        grant.access_expires_at = tokens.expires_at
        grant.scopes = list(tokens.scopes)
        grant.token_version += 1
        session.add(grant)

    def read(self, grant: XeroGrant) -> TokenSet:
        if grant.token_ciphertext is None:
            raise ValueError("this Xero grant holds no tokens")
        return self._cipher.open_tokens(grant.token_ciphertext)

    def access_token(self, grant_id: int, *, organisation: str = "Xero", force: bool = False) -> str:
        """A valid access token for the grant; refreshes (once, under a lock) when close to expiry."""
        tokens = self._current(grant_id, organisation)
        if force or self._expiring(tokens):
            tokens = self._refresh_serialised(grant_id, organisation, seen=tokens if force else None)
        return tokens.access_token

    def access_for(self, connection: XeroConnection) -> XeroAccess:
        """The organisation to call and a token source for it (refreshing when Xero asks)."""
        if connection.grant_id is None or connection.status != ConnectionStatus.ACTIVE:
            raise NeedsReconnect(connection.name)
        grant_id, name = connection.grant_id, connection.name
        return XeroAccess(
            tenant_id=connection.tenant_id,
            token=lambda force: self.access_token(grant_id, organisation=name, force=force),
        )

    def _current(self, grant_id: int, organisation: str) -> TokenSet:
        with self._db.session() as session:
            grant = session.get(XeroGrant, grant_id)
            if grant is None or grant.status != ConnectionStatus.ACTIVE or grant.token_ciphertext is None:
                raise NeedsReconnect(organisation)
            return self.read(grant)

    def _expiring(self, tokens: TokenSet) -> bool:
        return tokens.expires_at - self._clock.now() <= REFRESH_MARGIN

    def _lock_for(self, grant_id: int) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(grant_id, threading.Lock())

    def _refresh_serialised(self, grant_id: int, organisation: str, seen: TokenSet | None) -> TokenSet:
        # The process lock orders threads; the row write lock taken first thing in the transaction
        # orders processes and replicas (PostgreSQL row lock, SQLite database write lock). Whoever
        # comes second re-reads the row and finds the fresh pair, so a refresh token is spent once.
        with self._lock_for(grant_id), self._db.session() as session:
            grant = self._locked_grant(session, grant_id, organisation)
            tokens = self.read(grant)
            still_stale = (seen is not None and tokens.access_token == seen.access_token) or (
                seen is None and self._expiring(tokens)
            )
            if not still_stale:
                return tokens
            try:
                fresh = self._identity.refresh(refresh_token=tokens.refresh_token, scopes=tokens.scopes)
            except XeroAuthError:
                session.rollback()
                self.mark_needs_reconnect(grant_id)
                raise NeedsReconnect(organisation) from None
            # Persisted (committed) before anyone uses the new access token.
            self.store(session, grant, fresh)
            session.commit()
            return fresh

    def _locked_grant(self, session: Session, grant_id: int, organisation: str) -> XeroGrant:
        session.execute(
            update(XeroGrant)
            .where(col(XeroGrant.id) == grant_id)
            .values(token_version=XeroGrant.token_version)
        )
        grant = session.exec(select(XeroGrant).where(XeroGrant.id == grant_id)).one_or_none()
        if grant is None or grant.status != ConnectionStatus.ACTIVE:
            raise NeedsReconnect(organisation)
        session.refresh(grant)
        return grant

    def mark_needs_reconnect(self, grant_id: int) -> None:
        """Stop using this grant and tell its channel once (invalid_grant, revoked at Xero)."""
        with self._db.session() as session:
            grant = session.get(XeroGrant, grant_id)
            if grant is None or grant.status == ConnectionStatus.NEEDS_RECONNECT:
                return
            grant.status = ConnectionStatus.NEEDS_RECONNECT
            connections = list(
                session.exec(select(XeroConnection).where(XeroConnection.grant_id == grant_id))
            )
            for connection in connections:
                connection.status = ConnectionStatus.NEEDS_RECONNECT
                connection.reconnect_notified_at = self._clock.now()
                session.add(connection)
            session.add(grant)
        log.warning("Xero grant %s refused by Xero; marked needs reconnect", grant_id)
        self._on_needs_reconnect(grant, connections)
