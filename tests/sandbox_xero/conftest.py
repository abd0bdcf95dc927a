"""Fixtures: a seeded sandbox on a free port, a real OAuth round trip, and SDK clients.

Every JSON body the SDK receives from the sandbox is checked against Xero's OpenAPI spec by
`SpecCheckingApiClient` (a thin subclass of the SDK's ApiClient, in sandbox.xero.testkit).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from xero_python.accounting import AccountingApi
from xero_python.api_client import ApiClient
from xero_python.identity import IdentityApi

from sandbox.xero import XeroSandbox
from sandbox.xero.testkit import oauth_round_trip, point_token_api_at, sdk_clients

TODAY = dt.date(2025, 6, 15)


@dataclass
class Xero:
    """Everything a test needs: the sandbox, a live token, and SDK clients pointed at it."""

    sb: XeroSandbox
    base: str
    token: dict[str, Any]
    api_client: ApiClient
    accounting: AccountingApi
    identity: IdentityApi

    @property
    def tenant_id(self) -> str:
        return self.sb.tenants[0].tenant_id

    @property
    def access_token(self) -> str:
        return str(self.token["access_token"])


@pytest.fixture
def sb() -> Iterator[XeroSandbox]:
    sandbox = XeroSandbox(seed=7, clients=12, months=3, tenants=1, today=TODAY)
    sandbox.start()
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def xero(sb: XeroSandbox) -> Iterator[Xero]:
    base = sb.base_url
    with point_token_api_at(base):
        token = oauth_round_trip(base)
        api_client, accounting, identity = sdk_clients(base, token)
        yield Xero(sb, base, token, api_client, accounting, identity)
