"""Settings a firm makes in Slack (`/rechargly settings`): checked, stored per workspace (and, for
billing, per organisation), audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from services import audit
from services.billing.periods import LAST
from services.billing.terms import BILLING_MODES, SENDING, BillingTerms, terms_for
from services.connect.service import Permissions
from services.errors import BadRequest, FormInvalid
from services.models import ConnectionStatus, Workspace, XeroConnection
from services.recharging.allocation import parse_money, parse_percent
from services.storage import Database
from services.workspaces import pick_named

INVOICE_STATUSES = ("AUTHORISED", "DRAFT")
MAX_APPROVERS = 50
MAX_MARKUP = Decimal(1000)
MAX_ADMIN_FEE = Decimal(10000)
MAX_TOLERANCE = Decimal(100)
# Organisations whose billing the modal shows (seven inputs each, within a modal's 100 blocks).
MAX_BILLING_ORGANISATIONS = 5
ON, OFF = "on", "off"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")


class SettingsInvalid(FormInvalid):
    """Some fields of the settings form are wrong; each message belongs under its field."""


def billing_field(name: str, connection_id: int) -> str:
    """The block id of one organisation's billing field: "billing_day:12"."""
    return f"{name}:{connection_id}"


@dataclass(frozen=True)
class BillingForm:
    """One organisation's billing in the settings modal, as typed (block ids: `billing_field`)."""

    connection_id: int
    organisation: str = ""
    billing_mode: str | None = None  # approval | monthly; None: BILLING_MODE
    billing_day: str = ""  # "1".."28" or "last"; empty: BILLING_DAY
    admin_fee: str = ""  # per invoice of a billing run; empty: ADMIN_FEE
    send_invoices: str | None = None  # none | email; None: SEND_INVOICES
    auto_approve: str | None = None  # on | off
    tolerance: str = ""  # percent; empty: 0 (an exact match)


@dataclass(frozen=True)
class SettingsForm:
    """The settings modal as typed (block ids are these field names)."""

    digest_channel: str | None = None
    approvals_channel: str | None = None
    digest_time: str | None = None  # "HH:MM"
    invoice_status: str | None = None
    default_markup: str = ""  # "10" or "12.5%"; empty: no default
    approvers: tuple[str, ...] = ()
    billing: tuple[BillingForm, ...] = ()
    # Connected organisations whose billing isn't in this modal (beyond MAX_BILLING_ORGANISATIONS, or
    # all but the one asked for): `/rechargly settings <organisation>` opens one's.
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Billing:
    """One organisation's billing, checked."""

    connection_id: int
    terms: BillingTerms


class WorkspaceSettings:
    """Reads and saves a workspace's settings; admins only. `on_change` reschedules its digest."""

    def __init__(
        self,
        *,
        db: Database,
        permissions: Permissions,
        on_change: Callable[[int], None] | None = None,
        billing: BillingTerms | None = None,
    ) -> None:
        self._db = db
        self._permissions = permissions
        self.on_change = on_change
        self._billing = billing or BillingTerms()  # BILLING_MODE, BILLING_DAY, ADMIN_FEE, SEND_INVOICES

    def current(self, *, team_id: str, organisation: str = "") -> SettingsForm:
        """The settings with the billing of the first organisations, or of the one named."""
        with self._db.session() as session:
            workspace = session.get(Workspace, team_id) or Workspace(team_id=team_id)
            connections = _organisations(session, team_id)
        markup = workspace.default_markup_percent
        shown = (
            pick_named(connections, organisation) if organisation else connections[:MAX_BILLING_ORGANISATIONS]
        )
        return SettingsForm(
            digest_channel=workspace.digest_channel,
            approvals_channel=workspace.approvals_channel,
            digest_time=workspace.digest_time,
            invoice_status=workspace.invoice_status,
            default_markup="" if markup is None else f"{markup.normalize():f}",
            approvers=tuple(workspace.approvers),
            billing=tuple(self._billing_form(c) for c in shown),
            others=tuple(c.name for c in connections if c not in shown),
        )

    def _billing_form(self, connection: XeroConnection) -> BillingForm:
        """The organisation's billing as it stands (its own choices, else the settings' defaults)."""
        terms = terms_for(connection, self._billing)
        return BillingForm(
            connection_id=connection.id or 0,
            organisation=connection.name,
            billing_mode=terms.mode,
            billing_day=terms.day,
            admin_fee=f"{terms.admin_fee:.2f}",
            send_invoices=terms.send_invoices,
            auto_approve=ON if terms.auto_approve else OFF,
            tolerance=f"{terms.tolerance_percent.normalize():f}" if terms.auto_approve else "",
        )

    def for_editing(self, *, team_id: str, user_id: str, organisation: str = "") -> SettingsForm:
        """The current settings, for an admin about to change them (`organisation`: its billing)."""
        self.ensure_admin(team_id=team_id, user_id=user_id)
        return self.current(team_id=team_id, organisation=organisation)

    def ensure_admin(self, *, team_id: str, user_id: str) -> None:
        self._permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="change Rechargly's settings")

    def save(self, *, team_id: str, user_id: str, form: SettingsForm) -> None:
        """Check every field, then store them all (or nothing) and record who changed what."""
        self.ensure_admin(team_id=team_id, user_id=user_id)
        markup, billing = check(form, self._billing)
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
            rescheduled = self._save_billing(session, team_id, user_id, billing)
            connections = session.exec(
                select(XeroConnection.id).where(XeroConnection.team_id == team_id)
            ).all()
        if before.get("digest_time") != after.get("digest_time"):
            rescheduled = [c or 0 for c in connections]
        if self.on_change is not None:
            for connection_id in rescheduled:  # the digest or the billing day moved
                self.on_change(connection_id)

    def _save_billing(
        self, session: Session, team_id: str, user_id: str, billing: list[_Billing]
    ) -> list[int]:
        """Store each organisation's billing (only what differs from the settings' defaults, so the
        rest keeps following them), audited per organisation; the ones whose billing day moved."""
        moved: list[int] = []
        for chosen in billing:
            connection = session.get(XeroConnection, chosen.connection_id)
            if (
                connection is None
                or connection.team_id != team_id
                or connection.status == ConnectionStatus.DISCONNECTED
            ):
                raise BadRequest(
                    "An organisation in the form was disconnected meanwhile. "
                    "Nothing was saved: open `/rechargly settings` again."
                )
            before = _describe_billing(terms_for(connection, self._billing))
            self._store(connection, chosen.terms)
            after = _describe_billing(terms_for(connection, self._billing))
            session.add(connection)
            if before == after:
                continue
            if before["billing_day"] != after["billing_day"]:
                moved.append(chosen.connection_id)
            audit.record(
                session,
                team_id=team_id,
                connection_id=chosen.connection_id,
                actor=user_id,
                action="billing settings changed",
                subject=f"organisation:{chosen.connection_id}",
                details={"before": before, "after": after},
            )
        return moved

    def _store(self, connection: XeroConnection, terms: BillingTerms) -> None:
        defaults = self._billing
        connection.billing_mode = terms.mode if terms.mode != defaults.mode else None
        connection.billing_day = terms.day if terms.day != defaults.day else None
        connection.admin_fee = terms.admin_fee if terms.admin_fee != defaults.admin_fee else None
        connection.send_invoices = (
            terms.send_invoices if terms.send_invoices != defaults.send_invoices else None
        )
        connection.auto_approve_runs = terms.auto_approve
        connection.auto_approve_tolerance_percent = terms.tolerance_percent if terms.auto_approve else None

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


def _organisations(session: Session, team_id: str) -> list[XeroConnection]:
    """The workspace's connected organisations, by name (as the rest of Rechargly orders them)."""
    return list(
        session.exec(
            select(XeroConnection)
            .where(XeroConnection.team_id == team_id, XeroConnection.status != ConnectionStatus.DISCONNECTED)
            .order_by(col(XeroConnection.name), col(XeroConnection.id))
        )
    )


def _describe_billing(terms: BillingTerms) -> dict[str, object]:
    return {
        "billing_mode": terms.mode,
        "billing_day": terms.day,
        "admin_fee": f"{terms.admin_fee:f}",
        "send_invoices": terms.send_invoices,
        "auto_approve_runs": terms.auto_approve,
        "auto_approve_tolerance_percent": f"{terms.tolerance_percent:f}",
    }


def check(
    form: SettingsForm, billing_defaults: BillingTerms | None = None
) -> tuple[Decimal | None, list[_Billing]]:
    """The form's errors by field (raised as SettingsInvalid), else the default markup and each
    organisation's billing, parsed (a billing field left empty takes the settings' default)."""
    errors: dict[str, str] = {}
    defaults = billing_defaults or BillingTerms()
    billing = [_check_billing(chosen, defaults, errors) for chosen in form.billing]
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
    return markup, billing


def _check_billing(form: BillingForm, defaults: BillingTerms, errors: dict[str, str]) -> _Billing:
    """One organisation's billing fields; what's wrong goes into ``errors`` under each field."""
    field = lambda name: billing_field(name, form.connection_id)  # noqa: E731
    mode = form.billing_mode or defaults.mode
    if mode not in BILLING_MODES:
        errors[field("billing_mode")] = "Choose one invoice per approval, or a monthly billing run."
    day = form.billing_day.strip().lower() or defaults.day
    if day.isascii() and day.isdigit() and 1 <= int(day) <= 28:
        day = str(int(day))
    elif day != LAST:
        errors[field("billing_day")] = "Type a day of the month from 1 to 28, or “last”."
    fee = defaults.admin_fee
    if form.admin_fee.strip():
        fee = _amount(form.admin_fee, field("admin_fee"), errors)
    sending = form.send_invoices or defaults.send_invoices
    if sending not in SENDING:
        errors[field("send_invoices")] = "Choose whether Xero emails the invoices."
    auto = form.auto_approve == ON
    if form.auto_approve not in (None, ON, OFF):
        errors[field("auto_approve")] = "Choose whether matching runs are approved automatically."
    tolerance = Decimal(0)
    if form.tolerance.strip():
        try:
            tolerance = parse_percent(form.tolerance)
        except ValueError as error:
            errors[field("tolerance")] = str(error)
        else:
            if not Decimal(0) <= tolerance <= MAX_TOLERANCE:
                errors[field("tolerance")] = f"The tolerance must be between 0% and {MAX_TOLERANCE}%."
    terms = BillingTerms(
        mode=mode,
        day=day,
        admin_fee=fee,
        send_invoices=sending,
        auto_approve=auto,
        tolerance_percent=tolerance,
    )
    return _Billing(connection_id=form.connection_id, terms=terms)


def _amount(text: str, field: str, errors: dict[str, str]) -> Decimal:
    """An admin fee: an amount of zero or more, with at most two decimal places."""
    try:
        amount = parse_money(text)
    except ValueError as error:
        errors[field] = str(error)
        return Decimal(0)
    if amount < 0:
        errors[field] = "The admin fee can't be negative: type 0 for none."
    elif amount > MAX_ADMIN_FEE:
        errors[field] = f"The admin fee must be at most {MAX_ADMIN_FEE:,}."
    return amount
