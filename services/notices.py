"""What the services tell people in Slack, as plain data; handlers/blocks.py renders each one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    """Base of every message a service sends."""


@dataclass(frozen=True)
class XeroConnected(Notice):
    organisation: str
    base_currency: str
    country_code: str
    organisation_type: str


@dataclass(frozen=True)
class PickOrganisations(Notice):
    grant_id: int
    choices: tuple[tuple[str, str], ...]  # (tenant_id, name)


@dataclass(frozen=True)
class XeroNeedsReconnect(Notice):
    organisations: tuple[str, ...]
