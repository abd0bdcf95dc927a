"""`/rechargly settings`: channels, digest time, invoice status, default markup, approvers, and each
organisation's billing (admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers import ids
from handlers.forms import Values, picked, selected, text
from handlers.kit import md, section
from handlers.payloads import user_and_team
from handlers.settings.blocks import settings_modal
from handlers.slash import Invocation, reply, slash
from services.workspace_settings import BillingForm, SettingsForm, billing_field

if TYPE_CHECKING:
    from bot.container import Services


def _cron_time(cron: str) -> str:
    """DIGEST_CRON's time of day as "HH:MM" (08:00 when it isn't a plain daily time)."""
    minute, hour = cron.split()[:2]
    return f"{int(hour):02d}:{int(minute):02d}" if minute.isdigit() and hour.isdigit() else "08:00"


def billing_forms(values: Values) -> tuple[BillingForm, ...]:
    """Each organisation's billing fields in the submitted modal (block ids "billing_mode:12"…)."""
    connection_ids = sorted(
        int(rest) for block_id in values for name, _, rest in [block_id.partition(":")]
        if name == "billing_mode" and rest.isdigit()
    )  # fmt: skip
    return tuple(_billing_form(values, connection_id) for connection_id in connection_ids)


def _billing_form(values: Values, connection_id: int) -> BillingForm:
    def field(name: str) -> str:
        return billing_field(name, connection_id)

    return BillingForm(
        connection_id=connection_id,
        billing_mode=selected(values, field("billing_mode"), field("billing_mode")),
        billing_day=text(values, field("billing_day")),
        admin_fee=text(values, field("admin_fee")),
        send_invoices=selected(values, field("send_invoices"), field("send_invoices")),
        auto_approve=selected(values, field("auto_approve"), field("auto_approve")),
        tolerance=text(values, field("tolerance")),
    )


def settings_form(values: Values) -> SettingsForm:
    approvers = (values.get("approvers", {}).get("approvers") or {}).get("selected_users") or []
    return SettingsForm(
        digest_channel=picked(values, "digest_channel", "selected_conversation"),
        approvals_channel=picked(values, "approvals_channel", "selected_conversation"),
        digest_time=picked(values, "digest_time", "selected_time"),
        invoice_status=selected(values, "invoice_status", "invoice_status"),
        default_markup=text(values, "default_markup"),
        approvers=tuple(str(user) for user in approvers),
        billing=billing_forms(values),
    )


def on_settings(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    """Open the settings modal (admins only); `/rechargly settings <organisation>`: with its billing."""
    inv = Invocation.of(command)
    current = services.workspace_settings.for_editing(
        team_id=inv.team_id, user_id=inv.user_id, organisation=inv.request.rest
    )
    view = settings_modal(current, default_time=_cron_time(services.settings.digest_cron))
    client.views_open(trigger_id=inv.trigger_id, view=view)  # before answering, as the trigger lasts 3 s
    reply(ack, [section(md("Opening the settings…"))])


def on_settings_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id, team_id = user_and_team(body)
    services.workspace_settings.save(
        team_id=team_id, user_id=user_id, form=settings_form(view["state"]["values"])
    )
    ack()


def register(app: App) -> None:
    slash(app, "settings", on_settings)
    app.view(ids.SETTINGS_MODAL)(on_settings_saved)
