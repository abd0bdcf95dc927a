"""Modals: the rule form (with contact search), Review and Reject of a proposal."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from handlers import blocks, ids
from handlers.payloads import number, user_and_team
from services.allocation import parse_money
from services.approvals import LineEdit
from services.errors import RecharglyError
from services.recharge import UnmatchedCharge
from services.rules import RuleForm, RuleInvalid
from services.workspace_settings import SettingsForm, SettingsInvalid

if TYPE_CHECKING:
    from bot.container import Services

Values = dict[str, dict[str, Any]]


# --- opening the rule modal (from /rechargly rules add, Edit, Create rule) -----------------------


def open_rule_modal(
    services: Services,
    client: WebClient,
    *,
    team_id: str,
    trigger_id: str,
    channel_id: str,
    form: RuleForm | None = None,
    rule_id: int | None = None,
) -> None:
    form = form or services.rules.blank_form(team_id=team_id)
    chosen = ([form.supplier_contact] if form.supplier_contact else []) + list(form.clients)
    names = services.rules.contact_names(team_id=team_id, xero_ids=chosen) if chosen else {}
    prefill = blocks.RuleModal(
        form=form,
        supplier=(form.supplier_contact, names[form.supplier_contact]) if form.supplier_contact else None,
        clients=tuple((c, names[c]) for c in form.clients),
        metadata=json.dumps({"rule_id": rule_id, "channel": channel_id}),
        editing=rule_id is not None,
    )
    client.views_open(trigger_id=trigger_id, view=blocks.rule_modal(prefill))


def open_settings_modal(services: Services, client: WebClient, *, team_id: str, trigger_id: str) -> None:
    current = services.workspace_settings.current(team_id=team_id)
    default_time = _cron_time(services.settings.digest_cron)
    client.views_open(trigger_id=trigger_id, view=blocks.settings_modal(current, default_time=default_time))


def _cron_time(cron: str) -> str:
    """DIGEST_CRON's time of day as "HH:MM" (08:00 when it isn't a plain daily time)."""
    minute, hour = cron.split()[:2]
    return f"{int(hour):02d}:{int(minute):02d}" if minute.isdigit() and hour.isdigit() else "08:00"


def settings_form(values: Values) -> SettingsForm:
    def picked(block_id: str, key: str) -> str | None:
        element = values.get(block_id, {}).get(block_id) or {}
        return str(element[key]) if element.get(key) else None

    approvers = (values.get("approvers", {}).get("approvers") or {}).get("selected_users") or []
    return SettingsForm(
        digest_channel=picked("digest_channel", "selected_conversation"),
        approvals_channel=picked("approvals_channel", "selected_conversation"),
        digest_time=picked("digest_time", "selected_time"),
        invoice_status=_selected(values, "invoice_status", "invoice_status"),
        default_markup=_text(values, "default_markup"),
        approvers=tuple(str(user) for user in approvers),
    )


def form_from_charge(services: Services, team_id: str, charge: UnmatchedCharge) -> RuleForm:
    """A new rule prefilled from an unmatched software charge: its supplier and its vendor."""
    blank = services.rules.blank_form(team_id=team_id)
    return RuleForm(
        name=f"{charge.vendor} recharge",
        supplier_contact=charge.supplier_contact_xero_id,
        supplier_pattern="" if charge.supplier_contact_xero_id else charge.supplier_name,
        tax_type=blank.tax_type,
        markup_percent=blank.markup_percent,
    )


# --- reading view state ---------------------------------------------------------------------------


def _text(values: Values, block_id: str) -> str:
    element = values.get(block_id, {}).get(block_id) or {}
    return str(element.get("value") or "")


def _selected(values: Values, block_id: str, action_id: str) -> str | None:
    element = values.get(block_id, {}).get(action_id) or {}
    option = element.get("selected_option") or {}
    return str(option["value"]) if option.get("value") else None


def _selected_many(values: Values, block_id: str, action_id: str) -> tuple[str, ...]:
    element = values.get(block_id, {}).get(action_id) or {}
    return tuple(str(o["value"]) for o in element.get("selected_options") or [] if o.get("value"))


def rule_form(values: Values) -> RuleForm:
    return RuleForm(
        name=_text(values, "name"),
        supplier_contact=_selected(values, "supplier", ids.RULE_SUPPLIER),
        supplier_pattern=_text(values, "supplier_pattern"),
        description_pattern=_text(values, "description_pattern"),
        account_code_match=_text(values, "account_code_match"),
        tracking_match=_text(values, "tracking_match"),
        allocation=_selected(values, "allocation", "allocation") or "whole",
        clients=_selected_many(values, "clients", ids.RULE_CLIENTS),
        shares=_text(values, "shares"),
        seat_price=_text(values, "seat_price"),
        markup_percent=_text(values, "markup_percent"),
        markup_fee=_text(values, "markup_fee"),
        revenue_account_code=_text(values, "revenue_account_code"),
        tax_type=_text(values, "tax_type"),
        basis=_selected(values, "basis", "basis") or "net",
        auto_approve=bool(_selected_many(values, "auto_approve", "auto_approve")),
        auto_approve_tolerance=_text(values, "auto_approve_tolerance"),
        per_client_billing=_selected(values, "per_client_billing", "per_client_billing") or "auto",
    )


def review_edits(values: Values) -> list[LineEdit]:
    """The Review modal's lines; a ValueError-free amount per line or RuleInvalid-style errors."""
    errors: dict[str, str] = {}
    edits: list[LineEdit] = []
    for block_id in values:
        if not block_id.startswith("amount:"):
            continue
        recharge_id = block_id.removeprefix("amount:")
        drop = bool(_selected_many(values, f"drop:{recharge_id}", f"drop:{recharge_id}"))
        try:
            amount = parse_money(_text(values, block_id))
        except ValueError as error:
            errors[block_id] = str(error)
            continue
        if amount <= 0 and not drop:
            errors[block_id] = "The amount must be more than zero (tick the box to drop the line instead)"
            continue
        edits.append(LineEdit(int(recharge_id), amount, _text(values, f"description:{recharge_id}"), drop))
    if errors:
        raise RuleInvalid(errors)
    return edits


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _message_id(view: dict[str, Any]) -> int:
    return number(
        view.get("private_metadata", ""), stale="That form is out of date. Open it again from the message."
    )


def _first_block(view: dict[str, Any]) -> str:
    inputs = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"]
    return inputs[0] if inputs else ""


def register(app: App, services: Services) -> None:
    @app.view(ids.RULE_MODAL)
    def on_rule_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user_id, team_id = user_and_team(body)
        meta = _metadata(view)
        rule_id = meta.get("rule_id")
        try:
            services.permissions.ensure_approver(
                team_id=team_id, user_id=user_id, doing="manage recharge rules"
            )
            rule = services.rules.save(
                team_id=team_id,
                user_id=user_id,
                form=rule_form(view["state"]["values"]),
                rule_id=int(rule_id) if isinstance(rule_id, int) else None,
            )
        except RuleInvalid as invalid:
            ack(response_action="errors", errors=invalid.errors)
            return
        except RecharglyError as error:  # shown on the form itself: a modal has no other place
            ack(response_action="errors", errors={_first_block(view): error.message})
            return
        ack()
        if meta.get("channel"):
            client.chat_postEphemeral(
                channel=str(meta["channel"]),
                user=user_id,
                text=f"Saved rule “{rule.name}”. Charges of the last 60 days it covers are proposed now.",
            )

    @app.view(ids.REVIEW_MODAL)
    def on_review_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user_id, team_id = user_and_team(body)
        try:
            edits = review_edits(view["state"]["values"])
            services.approvals.review(
                team_id=team_id, user_id=user_id, message_id=_message_id(view), edits=edits
            )
        except RuleInvalid as invalid:
            ack(response_action="errors", errors=invalid.errors)
            return
        except RecharglyError as error:
            ack(response_action="errors", errors={_first_block(view): error.message})
            return
        ack()

    @app.view(ids.REJECT_MODAL)
    def on_reject_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user_id, team_id = user_and_team(body)
        try:
            services.approvals.reject(
                team_id=team_id,
                user_id=user_id,
                message_id=_message_id(view),
                reason=_text(view["state"]["values"], "reason"),
            )
        except RecharglyError as error:
            ack(response_action="errors", errors={"reason": error.message})
            return
        ack()

    @app.view(ids.SETTINGS_MODAL)
    def on_settings_saved(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user_id, team_id = user_and_team(body)
        try:
            services.workspace_settings.save(
                team_id=team_id, user_id=user_id, form=settings_form(view["state"]["values"])
            )
        except SettingsInvalid as invalid:
            ack(response_action="errors", errors=invalid.errors)
            return
        except RecharglyError as error:
            ack(response_action="errors", errors={_first_block(view): error.message})
            return
        ack()

    @app.options(ids.RULE_SUPPLIER)
    @app.options(ids.RULE_CLIENTS)
    @app.options(ids.PICK_CLIENT_FOR_LINE)
    @app.options(ids.CHANGE_MAPPING)
    def on_contact_search(ack: Ack, body: dict[str, Any]) -> None:
        _user_id, team_id = user_and_team(body)
        found = services.rules.search_contacts(team_id=team_id, query=str(body.get("value", ""))[:100])
        ack(options=blocks.contact_options(found))
