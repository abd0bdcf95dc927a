"""Xero tokens at rest (encrypted) and their refresh, serialised so a refresh token is spent once."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import update
from sqlmodel import Session, col, select

from services.errors import NeedsReconnect, XeroAuthError
from services.models import ConnectionStatus, OAuthState, XeroConnection, XeroGrant
from services.ports import Clock, XeroIdentity
from services.storage import Database
from services.xero_types import AccessLost, TokenSet, XeroAccess

log = logging.getLogger(__name__)

# Refresh this long before Xero's 30-minute access token expires, so no call races the expiry.
REFRESH_MARGIN = timedelta(minutes=5)


def encryption_keys(setting: str) -> list[str]:
    """TOKEN_ENCRYPTION_KEY's keys, newest first ("NEW,OLD" while rotating)."""
    return [key.strip() for key in setting.split(",") if key.strip()]


class TokenCipher:
    """Fernet encryption for tokens and PKCE verifiers stored in the database.

    Several keys, newest first: new secrets are encrypted with the first, any of them decrypts, and
    `rotate` re-encrypts a secret with the first, so an old key can be retired.
    """

    def __init__(self, key: str) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in encryption_keys(key)])

    def encrypt(self, plain: str) -> bytes:
        return self._fernet.encrypt(plain.encode())

    def decrypt(self, cipher: bytes) -> str:
        try:
            return self._fernet.decrypt(cipher).decode()
        except InvalidToken:
            raise ValueError("stored secret can't be decrypted with TOKEN_ENCRYPTION_KEY") from None

    def rotate(self, cipher: bytes) -> bytes:
        """The same secret, encrypted with the newest key."""
        try:
            return self._fernet.rotate(cipher)
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


def rotate_stored_secrets(*, db: Database, cipher: TokenCipher) -> int:
    """Re-encrypt every stored secret with the newest key; returns how many were re-encrypted.

    Each row is swapped only if it still holds what was read, so a token refreshed meanwhile (by a
    running replica) is left as that refresh wrote it: already under the newest key.
    """
    count = 0
    for table, column in (
        (XeroGrant, XeroGrant.token_ciphertext),
        (OAuthState, OAuthState.code_verifier_ciphertext),
    ):
        key_column = XeroGrant.id if table is XeroGrant else OAuthState.nonce
        with db.session() as session:
            rows = session.exec(select(key_column, column).where(col(column).is_not(None))).all()
        for key, old in rows:
            if not old:
                continue
            with db.session() as session:
                swapped = session.execute(
                    update(table)
                    .where(col(key_column) == key, col(column) == old)
                    .values({column: cipher.rotate(old)})
                )
                count += swapped.rowcount  # type: ignore[attr-defined]
    return count


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

    def access_token(self, grant_id: int, *, organisation: str = "Xero", refused: str | None = None) -> str:
        """A valid access token for the grant; refreshes (once, under a lock) when close to expiry,
        or when `refused` (the token Xero just answered 401 to) is still the stored one."""
        tokens = self._current(grant_id, organisation)
        if refused is not None or self._expiring(tokens):
            tokens = self._refresh_serialised(grant_id, organisation, refused=refused)
        return tokens.access_token

    def access_for(self, connection: XeroConnection) -> XeroAccess:
        """The organisation to call, a token source for it (refreshing when Xero asks), and what
        happens when Xero refuses access for good: the connection is marked and the caller stops."""
        if connection.grant_id is None or connection.status != ConnectionStatus.ACTIVE:
            raise NeedsReconnect(connection.name)
        grant_id, name, connection_id = connection.grant_id, connection.name, connection.id or 0

        def refused(lost: AccessLost) -> None:
            if lost == AccessLost.GRANT:
                self.mark_needs_reconnect(grant_id)
            else:
                self.mark_connection_lost(connection_id)
            raise NeedsReconnect(name)

        return XeroAccess(
            tenant_id=connection.tenant_id,
            token=lambda refused_token: self.access_token(grant_id, organisation=name, refused=refused_token),
            refused=refused,
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

    def _refresh_serialised(self, grant_id: int, organisation: str, refused: str | None) -> TokenSet:
        # The process lock orders threads; the row write lock taken first thing in the transaction
        # orders processes and replicas (PostgreSQL row lock, SQLite database write lock). Whoever
        # comes second re-reads the row and finds the fresh pair, so a refresh token is spent once.
        with self._lock_for(grant_id), self._db.session() as session:
            grant = self._locked_grant(session, grant_id, organisation)
            tokens = self.read(grant)
            # Compared with the token Xero refused, not one read before the lock: a replica that
            # refreshed meanwhile has already replaced it, and its fresh pair is the answer.
            still_stale = (refused is not None and tokens.access_token == refused) or (
                refused is None and self._expiring(tokens)
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
        """Stop using this grant and its organisations (invalid_grant, token refused after a refresh)."""
        with self._db.session() as session:
            session.execute(
                update(XeroGrant)
                .where(col(XeroGrant.id) == grant_id, col(XeroGrant.status) == ConnectionStatus.ACTIVE)
                .values(status=ConnectionStatus.NEEDS_RECONNECT)
            )
            ids = session.exec(select(XeroConnection.id).where(XeroConnection.grant_id == grant_id)).all()
        log.warning("Xero grant %s refused by Xero; marked needs reconnect", grant_id)
        self._lose([i or 0 for i in ids])

    def mark_connection_lost(self, connection_id: int) -> None:
        """Stop using one organisation: Xero answered 403 (the firm removed the connection)."""
        log.warning("Xero refused connection %s (403); marked needs reconnect", connection_id)
        self._lose([connection_id])

    def _lose(self, connection_ids: list[int]) -> None:
        """Mark the still-active connections; tell admins once (the UPDATE decides who tells)."""
        now = self._clock.now()
        lost: list[XeroConnection] = []
        grant: XeroGrant | None = None
        with self._db.session() as session:
            for connection_id in connection_ids:
                changed = session.execute(
                    update(XeroConnection)
                    .where(
                        col(XeroConnection.id) == connection_id,
                        col(XeroConnection.status) == ConnectionStatus.ACTIVE,
                    )
                    .values(status=ConnectionStatus.NEEDS_RECONNECT, reconnect_notified_at=now)
                )
                if changed.rowcount:  # type: ignore[attr-defined]
                    lost.append(session.get(XeroConnection, connection_id))  # type: ignore[arg-type]
            if lost:
                grant = session.get(XeroGrant, lost[0].grant_id)
        if grant is not None and lost:
            self._on_needs_reconnect(grant, lost)
