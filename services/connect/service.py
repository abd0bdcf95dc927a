"""Connecting a workspace to Xero: consent with signed single-use state and PKCE, tenants, disconnect."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import update
from sqlmodel import Session, col, select

from services.connect.tokens import TokenCipher, XeroTokens
from services.errors import BadRequest, NotAllowed, OAuthStateInvalid, XeroNotConnected
from services.models import ConnectionStatus, OAuthState, Workspace, XeroConnection, XeroGrant
from services.notices import OptionalAccess, PickOrganisations, XeroConnected
from services.ports import Clock, SlackNotifier, XeroIdentity
from services.storage import Database
from services.xero_types import XeroTenant

log = logging.getLogger(__name__)

STATE_LIFETIME = timedelta(minutes=10)

# What the firm sees before consenting: Xero data in its own words, and why we need it.
DATA_WE_USE: tuple[tuple[str, str], ...] = (
    ("Settings (organisation)", "currency, country, entity type, company name"),
    ("Invoices & attachments", "create the recharge invoice with the original receipt; see when it is paid"),
    ("Bank transactions & bills", "find the software charges to recharge, fetch their receipts"),
    ("Contacts", "the name and email of each client to recharge"),
    ("Payments", "reconcile the invoice when the money comes in"),
)


# Reading Xero's billable expenses (LinkedTransactions) needs one of these; Rechargly recharges without
# them, but then its double-billing guard is off (services/billing/guard.py).
LINKED_TRANSACTIONS_SCOPES = frozenset({"accounting.transactions.read", "accounting.transactions"})
LINKED_TRANSACTIONS = (
    "Billable expenses (LinkedTransactions)",
    "accounting.transactions.read",
    "the double-billing guard reads Xero's billable expenses, so a charge already billed to a customer "
    "through Xero itself is never recharged again",
)


def optional_access(requested: Sequence[str], granted: Sequence[str] | None) -> tuple[OptionalAccess, ...]:
    """The optional access, as asked for (``requested``) and as Xero granted it (None: not connected)."""
    name, scope, adds = LINKED_TRANSACTIONS
    return (
        OptionalAccess(
            name=name,
            scope=scope,
            adds=adds,
            requested=bool(LINKED_TRANSACTIONS_SCOPES & set(requested)),
            granted=None if granted is None else bool(LINKED_TRANSACTIONS_SCOPES & set(granted)),
        ),
    )


@dataclass(frozen=True)
class ConnectConfig:
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    login_base: str
    state_key: bytes  # HMAC key for the state parameter


@dataclass(frozen=True)
class ConnectOffer:
    authorize_url: str
    scopes: tuple[str, ...]
    data_we_use: tuple[tuple[str, str], ...] = DATA_WE_USE
    optional: tuple[OptionalAccess, ...] = ()  # granted: as the workspace's current connection has it


@dataclass(frozen=True)
class CallbackResult:
    """What the browser page says after Xero sends the user back."""

    connected: tuple[str, ...]  # organisation names connected now
    choices_pending: int  # > 0 when the user must pick organisations in Slack


class Permissions:
    """Who may change the firm's connection and settings (Slack admins and RECHARGLY_ADMINS), and who
    may approve recharges (RECHARGLY_APPROVERS, the workspace's approvers, and the same admins)."""

    def __init__(
        self,
        *,
        notifier: SlackNotifier,
        admins: tuple[str, ...],
        approvers: tuple[str, ...] = (),
        db: Database | None = None,
    ) -> None:
        self._notifier = notifier
        self._admins = admins
        self._approvers = approvers
        self._db = db

    def ensure_approver(self, *, team_id: str, user_id: str, doing: str = "approve recharges") -> None:
        approvers = self._approvers + self._workspace_approvers(team_id)
        if user_id in approvers or user_id in self._admins:
            return
        if self._notifier.user_is_admin(team_id=team_id, user=user_id):
            return
        people = tuple(dict.fromkeys(approvers + self._admins))
        named = ", ".join(f"<@{a}>" for a in people)
        who = f"{named} or workspace admins" if named else "workspace admins"
        raise NotAllowed(f"Only {who} can {doing}. Nothing was changed.", mentions=people)

    def _workspace_approvers(self, team_id: str) -> tuple[str, ...]:
        if self._db is None:
            return ()
        with self._db.session() as session:
            workspace = session.get(Workspace, team_id)
            return tuple(workspace.approvers) if workspace else ()

    def ensure_admin(self, *, team_id: str, user_id: str, doing: str) -> None:
        if user_id in self._admins or self._notifier.user_is_admin(team_id=team_id, user=user_id):
            return
        named = ", ".join(f"<@{a}>" for a in self._admins)
        who = f"workspace admins or {named}" if named else "workspace admins"
        raise NotAllowed(f"Only {who} can {doing}. Ask one of them to do it for you.", mentions=self._admins)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class XeroConnector:
    """Runs the consent round trip and keeps the workspace's organisations."""

    def __init__(
        self,
        *,
        db: Database,
        identity: XeroIdentity,
        tokens: XeroTokens,
        cipher: TokenCipher,
        notifier: SlackNotifier,
        clock: Clock,
        config: ConnectConfig,
        permissions: Permissions,
    ) -> None:
        self._db = db
        self._permissions = permissions
        self._identity = identity
        self._tokens = tokens
        self._cipher = cipher
        self._notifier = notifier
        self._clock = clock
        self._config = config
        # Told the connection id whenever an organisation is connected or disconnected (the
        # nightly sync scheduler adds or drops its job); set by the composition root.
        self.on_change: Callable[[int], None] = lambda _connection_id: None
        # Told the connection id when an organisation is (re)connected: work that waited for Xero
        # access carries on. Set by the composition root.
        self.on_connected: Callable[[int], None] = lambda _connection_id: None

    # --- starting consent ------------------------------------------------------------------

    def start(self, *, team_id: str, user_id: str, channel_id: str) -> ConnectOffer:
        """Remember a single-use state for this user and build Xero's authorize URL (admins only)."""
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="connect Xero")
        nonce = secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(64)
        with self._db.session() as session:
            session.add(
                OAuthState(
                    nonce=nonce,
                    team_id=team_id,
                    user_id=user_id,
                    channel_id=channel_id,
                    code_verifier_ciphertext=self._cipher.encrypt(verifier),
                    expires_at=self._clock.now() + STATE_LIFETIME,
                )
            )
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._config.client_id,
                "redirect_uri": self._config.redirect_uri,
                "scope": " ".join(self._config.scopes),
                "state": self._sign(nonce, team_id, user_id),
                "code_challenge": _b64url(hashlib.sha256(verifier.encode()).digest()),
                "code_challenge_method": "S256",
            }
        )
        url = f"{self._config.login_base}/identity/connect/authorize?{query}"
        optional = optional_access(self._config.scopes, self._granted_scopes(team_id))
        return ConnectOffer(authorize_url=url, scopes=self._config.scopes, optional=optional)

    def _granted_scopes(self, team_id: str) -> list[str] | None:
        """What Xero granted the workspace's connected organisations; None when none is connected."""
        with self._db.session() as session:
            grants = session.exec(
                select(XeroGrant.scopes)
                .join(XeroConnection, col(XeroConnection.grant_id) == XeroGrant.id)
                .where(XeroConnection.team_id == team_id, XeroConnection.status == ConnectionStatus.ACTIVE)
            ).all()
        return None if not grants else [scope for scopes in grants for scope in scopes]

    def _sign(self, nonce: str, team_id: str, user_id: str) -> str:
        mac = hmac.new(self._config.state_key, f"{nonce}|{team_id}|{user_id}".encode(), hashlib.sha256)
        return f"{nonce}.{_b64url(mac.digest())}"

    # --- coming back from Xero -------------------------------------------------------------

    def complete(self, *, state: str, code: str | None, error: str | None) -> CallbackResult:
        """Spend the state, exchange the code, and connect the organisation(s) the user allowed."""
        pending = self._spend_state(state)
        if error or not code:
            raise OAuthStateInvalid(
                "Xero connection was cancelled, so nothing was connected. "
                "You can start again with /rechargly connect in Slack."
            )
        verifier = self._cipher.decrypt(pending.code_verifier_ciphertext)
        tokens = self._identity.exchange_code(
            code=code, code_verifier=verifier, redirect_uri=self._config.redirect_uri
        )
        tenants = self._identity.tenants(access_token=tokens.access_token)
        with self._db.session() as session:
            grant = XeroGrant(team_id=pending.team_id, authorised_by=pending.user_id)
            self._tokens.store(session, grant, tokens)
            grant.tenant_choices = [
                {"tenant_id": t.tenant_id, "name": t.name, "connection_id": t.connection_id} for t in tenants
            ]
            session.flush()
            grant_id = grant.id or 0
        if len(tenants) == 1:
            self._connect(grant_id, tenants[0], pending)
            return CallbackResult(connected=(tenants[0].name,), choices_pending=0)
        self._notifier.dm(
            team_id=pending.team_id,
            user=pending.user_id,
            notice=PickOrganisations(
                grant_id=grant_id, choices=tuple((t.tenant_id, t.name) for t in tenants)
            ),
        )
        return CallbackResult(connected=(), choices_pending=len(tenants))

    def _spend_state(self, state: str) -> OAuthState:
        """Check the signature, expiry and single use of a state; mark it used."""
        nonce, _, _mac = state.partition(".")
        with self._db.session() as session:
            row = session.get(OAuthState, nonce) if nonce else None
            if row is None or not hmac.compare_digest(state, self._sign(nonce, row.team_id, row.user_id)):
                raise OAuthStateInvalid("That Xero link isn't valid. Start again with /rechargly connect.")
            if row.expires_at <= self._clock.now():
                raise OAuthStateInvalid(
                    "That Xero link has expired (links last 10 minutes). Start again with /rechargly connect."
                )
            spent = session.execute(
                update(OAuthState)
                .where(col(OAuthState.nonce) == nonce, col(OAuthState.used_at).is_(None))
                .values(used_at=self._clock.now())
            )
            if spent.rowcount != 1:  # type: ignore[attr-defined]
                raise OAuthStateInvalid(
                    "That Xero link was already used. Start again with /rechargly connect."
                )
            return row

    def choose(self, *, team_id: str, user_id: str, grant_id: int, tenant_ids: list[str]) -> list[str]:
        """Connect the organisations the user picked from a grant that reached several (admins only)."""
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="connect Xero")
        if not tenant_ids:
            raise BadRequest("Pick at least one organisation to connect.")
        with self._db.session() as session:
            grant = session.get(XeroGrant, grant_id)
            if grant is None or grant.team_id != team_id:
                raise BadRequest("That choice has expired. Start again with /rechargly connect.")
            offered = {c["tenant_id"]: c for c in grant.tenant_choices}
        unknown = [t for t in tenant_ids if t not in offered]
        if unknown:
            raise BadRequest("That organisation wasn't offered by Xero. Start again with /rechargly connect.")
        origin = OAuthState(
            nonce="",
            team_id=team_id,
            user_id=user_id,
            code_verifier_ciphertext=b"",
            expires_at=self._clock.now(),
        )
        for tenant_id in tenant_ids:
            choice = offered[tenant_id]
            self._connect(
                grant_id,
                XeroTenant(connection_id=choice["connection_id"], tenant_id=tenant_id, name=choice["name"]),
                origin,
            )
        return [offered[t]["name"] for t in tenant_ids]

    def _connect(self, grant_id: int, tenant: XeroTenant, origin: OAuthState) -> None:
        """Read the organisation's settings and store (or revive) the workspace's connection to it."""
        access = self._tokens.access_token(grant_id, organisation=tenant.name)
        org = self._identity.organisation(access_token=access, tenant_id=tenant.tenant_id)
        with self._db.session() as session:
            grant = session.get(XeroGrant, grant_id)
            granted = list(grant.scopes) if grant else []
            connection = session.exec(
                select(XeroConnection).where(
                    XeroConnection.team_id == origin.team_id, XeroConnection.tenant_id == tenant.tenant_id
                )
            ).one_or_none() or XeroConnection(team_id=origin.team_id, tenant_id=tenant.tenant_id)
            connection.grant_id = grant_id
            connection.xero_connection_id = tenant.connection_id
            connection.name = org.name
            connection.short_code = org.short_code
            connection.base_currency = org.base_currency
            connection.country_code = org.country_code
            connection.organisation_type = org.organisation_type
            connection.tax_basis = org.tax_basis
            connection.xero_timezone = org.xero_timezone
            connection.timezone = org.timezone
            connection.status = ConnectionStatus.ACTIVE
            connection.connected_by = origin.user_id
            connection.connected_at = self._clock.now()
            connection.notice_channel = origin.channel_id or connection.notice_channel
            connection.reconnect_notified_at = None
            session.add(connection)
            session.flush()
            connection_id = connection.id or 0
        self.on_change(connection_id)
        self.on_connected(connection_id)
        log.info("workspace %s connected Xero organisation %s", origin.team_id, tenant.tenant_id)
        self._notifier.dm(
            team_id=origin.team_id,
            user=origin.user_id,
            notice=XeroConnected(
                organisation=org.name,
                base_currency=org.base_currency,
                country_code=org.country_code,
                organisation_type=org.organisation_type,
                optional=optional_access(self._config.scopes, granted),
            ),
        )

    # --- disconnecting ---------------------------------------------------------------------

    def disconnect_choices(self, *, team_id: str, user_id: str) -> list[tuple[int, str]]:
        """The organisations an admin may disconnect, as (connection id, name)."""
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="disconnect Xero")
        connections = self.active_connections(team_id)
        if not connections:
            raise XeroNotConnected()
        return [(c.id or 0, c.name) for c in connections]

    def disconnect(self, *, team_id: str, user_id: str, connection_id: int) -> str:
        """Revoke at Xero, delete the tokens, keep the history; returns the organisation's name."""
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="disconnect Xero")
        with self._db.session() as session:
            connection = session.get(XeroConnection, connection_id)
            if connection is None or connection.team_id != team_id:
                raise XeroNotConnected()
            grant = session.get(XeroGrant, connection.grant_id) if connection.grant_id else None
            connection.status = ConnectionStatus.DISCONNECTED
            session.add(connection)
            if grant is not None and not self._others_use(session, grant, connection):
                self._revoke(grant)
                grant.token_ciphertext = None
                grant.status = ConnectionStatus.DISCONNECTED
                session.add(grant)
            name = connection.name
        self.on_change(connection_id)
        return name

    def _others_use(self, session: Session, grant: XeroGrant, leaving: XeroConnection) -> bool:
        others = session.exec(
            select(XeroConnection).where(
                XeroConnection.grant_id == grant.id,
                XeroConnection.id != leaving.id,
                XeroConnection.status == ConnectionStatus.ACTIVE,
            )
        ).first()
        return others is not None

    def _revoke(self, grant: XeroGrant) -> None:
        if grant.token_ciphertext is None or grant.status != ConnectionStatus.ACTIVE:
            return  # nothing live to revoke (already refused by Xero)
        self._identity.revoke(refresh_token=self._tokens.read(grant).refresh_token)

    def active_connections(self, team_id: str) -> list[XeroConnection]:
        with self._db.session() as session:
            return list(
                session.exec(
                    select(XeroConnection)
                    .where(
                        XeroConnection.team_id == team_id,
                        XeroConnection.status != ConnectionStatus.DISCONNECTED,
                    )
                    .order_by(col(XeroConnection.name))
                )
            )
