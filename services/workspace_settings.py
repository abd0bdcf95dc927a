"""Settings a firm makes in Slack (`/rechargly settings`): checked, stored per workspace, audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import select

from services import audit
from services.connect.service import Permissions
from services.errors import FormInvalid
from services.models import Workspace, XeroConnection
from services.recharging.allocation import parse_percent
from services.storage import Database

INVOICE_STATUSES = ("AUTHORISED", "DRAFT")
MAX_APPROVERS = 50
MAX_MARKUP = Decimal(1000)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SettingsInvalid(FormInvalid):
    """Some fields of the settings form are wrong; each message belongs under its field."""


@dataclass(frozen=True)
class SettingsForm:
    """The settings modal as typed (block ids are these field names)."""

    digest_channel: str | None = None
    approvals_channel: str | None = None
    digest_time: str | None = None  # "HH:MM"
    invoice_status: str | None = None
    default_markup: str = ""  # "10" or "12.5%"; empty: no default
    approvers: tuple[str, ...] = ()


class WorkspaceSettings:
    """Reads and saves a workspace's settings; admins only. `on_change` reschedules its digest."""

    def __init__(
        self, *, db: Database, permissions: Permissions, on_change: Callable[[int], None] | None = None
    ) -> None:
        self._db = db
        self._permissions = permissions
        self.on_change = on_change

    def current(self, *, team_id: str) -> SettingsForm:
        with self._db.session() as session:
            workspace = session.get(Workspace, team_id) or Workspace(team_id=team_id)
        markup = workspace.default_markup_percent
        return SettingsForm(
            digest_channel=workspace.digest_channel,
            approvals_channel=workspace.approvals_channel,
            digest_time=workspace.digest_time,
            invoice_status=workspace.invoice_status,
            default_markup="" if markup is None else f"{markup.normalize():f}",
            approvers=tuple(workspace.approvers),
        )

    def for_editing(self, *, team_id: str, user_id: str) -> SettingsForm:
        """The current settings, for an admin about to change them."""
        self.ensure_admin(team_id=team_id, user_id=user_id)
        return self.current(team_id=team_id)

    def ensure_admin(self, *, team_id: str, user_id: str) -> None:
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="change Rechargly's settings")

    def save(self, *, team_id: str, user_id: str, form: SettingsForm) -> None:
        """Check every field, then store them all (or nothing) and record who changed what."""
        self.ensure_admin(team_id=team_id, user_id=user_id)
        markup = check(form)
        with self._db.session() as session:
            workspace = session.get(Workspace, team_id) or Workspace(team_id=team_id)
            before = self._describe(workspace)
            workspace.digest_channel = form.digest_channel or None
            workspace.approvals_channel = form.approvals_channel or None
            workspace.digest_time = form.digest_time or None
            workspace.invoice_status = form.invoice_status or None
            workspace.default_markup_percent = markup
            workspace.approvers = list(dict.fromkeys(form.approvers))
            after = self._describe(workspace)
            session.add(workspace)
            if before != after:
                audit.record(
                    session,
                    team_id=team_id,
                    connection_id=None,
                    actor=user_id,
                    action="settings changed",
                    subject=f"workspace:{team_id}",
                    details={"before": before, "after": after},
                )
            connections = session.exec(
                select(XeroConnection.id).where(XeroConnection.team_id == team_id)
            ).all()
        if self.on_change is not None and before.get("digest_time") != after.get("digest_time"):
            for connection_id in connections:
                self.on_change(connection_id or 0)

    @staticmethod
    def _describe(workspace: Workspace) -> dict[str, object]:
        markup = workspace.default_markup_percent
        return {
            "digest_channel": workspace.digest_channel,
            "approvals_channel": workspace.approvals_channel,
            "digest_time": workspace.digest_time,
            "invoice_status": workspace.invoice_status,
            "default_markup_percent": None if markup is None else f"{markup:f}",
            "approvers": list(workspace.approvers),
        }


def check(form: SettingsForm) -> Decimal | None:
    """The form's errors by field (raised as SettingsInvalid), else the default markup parsed."""
    errors: dict[str, str] = {}
    for name in ("digest_channel", "approvals_channel"):
        value = getattr(form, name)
        if value and not _CHANNEL.match(value):
            errors[name] = "Pick a channel from the list."
    if form.digest_time and not _TIME.match(form.digest_time):
        errors["digest_time"] = "Pick a time like 08:00."
    if form.invoice_status and form.invoice_status not in INVOICE_STATUSES:
        errors["invoice_status"] = "Choose Approved (AUTHORISED) or Draft."
    if len(form.approvers) > MAX_APPROVERS:
        errors["approvers"] = f"Choose at most {MAX_APPROVERS} approvers."
    elif any(not _USER.match(user) for user in form.approvers):
        errors["approvers"] = "Pick people from the list."
    markup = None
    if form.default_markup.strip():
        try:
            markup = parse_percent(form.default_markup)
        except ValueError as error:
            errors["default_markup"] = str(error)
        else:
            if not Decimal(0) <= markup <= MAX_MARKUP:
                errors["default_markup"] = f"The markup must be between 0% and {MAX_MARKUP}%."
    if errors:
        raise SettingsInvalid(errors)
    return markup
