"""The narrow ports through which services reach the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Protocol

from services.notices import Notice
from services.xero_types import OrganisationInfo, TokenSet, XeroTenant


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SlackNotifier(Protocol):
    """What services say in Slack. They hand over a notice; the adapter in bot/ renders it."""

    def post(self, *, team_id: str, channel: str, notice: Notice) -> str:
        """Post a message; returns its ts."""
        ...

    def update(self, *, team_id: str, channel: str, ts: str, notice: Notice) -> None: ...

    def dm(self, *, team_id: str, user: str, notice: Notice) -> tuple[str, str]:
        """Post to the user's direct messages; returns (channel, ts)."""
        ...

    def user_is_admin(self, *, team_id: str, user: str) -> bool: ...


class XeroIdentity(Protocol):
    """Xero's OAuth 2 endpoints and the organisation a token reaches."""

    def exchange_code(self, *, code: str, code_verifier: str, redirect_uri: str) -> TokenSet: ...

    def refresh(self, *, refresh_token: str, scopes: Sequence[str]) -> TokenSet:
        """Spend a refresh token for a new pair; raises XeroAuthError when Xero refuses it."""
        ...

    def revoke(self, *, refresh_token: str) -> None: ...

    def tenants(self, *, access_token: str) -> list[XeroTenant]: ...

    def organisation(self, *, access_token: str, tenant_id: str) -> OrganisationInfo: ...
