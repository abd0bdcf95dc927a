"""Recharge rules: `/rechargly rules` (and `rules add`), `unmatched`, Create/Edit/Delete, the rule form."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import ids
from handlers.errors import UNEXPECTED, on_click
from handlers.forms import Values, answer_form, selected, selected_many, text
from handlers.kit import Block, Page, md, section
from handlers.payloads import STALE_BUTTON, channel_of, metadata, number, respond_with, user_and_team
from handlers.rules.blocks import (
    FIELD_LABELS,
    RULES_PAGE,
    UNMATCHED_PAGE,
    RuleModal,
    contact_options,
    rule_modal,
    rules_blocks,
    saved_modal,
    saving_modal,
    unmatched_blocks,
)
from handlers.slash import Invocation, reply, slash
from services.errors import BadRequest, FormInvalid, RecharglyError
from services.recharging.rules import RuleForm

if TYPE_CHECKING:
    from bot.container import Services


def _rules_page(services: Services, team_id: str, offset: int) -> list[dict[str, Any]]:
    rules = services.rules.summaries(team_id=team_id)
    offset = min(offset, max(0, len(rules) - 1))
    page = Page(offset=offset - offset % RULES_PAGE, size=RULES_PAGE, total=len(rules))
    return rules_blocks(rules[page.offset : page.offset + RULES_PAGE], page)


def _unmatched_page(services: Services, team_id: str, offset: int) -> list[dict[str, Any]]:
    found = services.lists.unmatched(team_id=team_id, offset=offset, limit=UNMATCHED_PAGE)
    return unmatched_blocks(found.rows, Page(offset=found.offset, size=UNMATCHED_PAGE, total=found.total))


def on_rules(ack: Ack, command: dict[str, Any], client: WebClient, services: Services) -> None:
    """`rules` lists them; `rules add` opens the rule form."""
    inv = Invocation.of(command)
    if not inv.request.args:
        reply(ack, _rules_page(services, inv.team_id, 0))
        return
    if [a.lower() for a in inv.request.args] != ["add"]:
        raise BadRequest(
            "Try `/rechargly rules` to list your rules, or `/rechargly rules add` to create one."
        )
    form = services.rules.new_form(team_id=inv.team_id, user_id=inv.user_id)
    open_rule_modal(  # before answering: the trigger lasts 3 seconds, and the answer says it's open
        services, client, team_id=inv.team_id, trigger_id=inv.trigger_id, channel_id=inv.channel_id, form=form
    )
    reply(ack, [section(md("Opening the rule form…"))])


def on_rules_page(body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services) -> None:
    _user_id, team_id = user_and_team(body)
    offset = number(action.get("value", ""), stale=STALE_BUTTON)
    respond_with(respond, _rules_page(services, team_id, offset), md("Recharge rules"), replace=True)


def on_unmatched(ack: Ack, command: dict[str, Any], services: Services) -> None:
    inv = Invocation.of(command)
    inv.no_arguments()
    reply(ack, _unmatched_page(services, inv.team_id, 0))


def on_unmatched_page(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    _user_id, team_id = user_and_team(body)
    offset = number(action.get("value", ""), stale=STALE_BUTTON)
    respond_with(
        respond, _unmatched_page(services, team_id, offset), md("Unmatched software spend"), replace=True
    )


def open_rule_modal(
    services: Services,
    client: WebClient,
    *,
    team_id: str,
    trigger_id: str,
    channel_id: str,
    form: RuleForm,
    rule_id: int | None = None,
) -> None:
    client.views_open(
        trigger_id=trigger_id, view=rule_modal(_prefill(services, team_id, form, channel_id, rule_id))
    )


def _prefill(
    services: Services,
    team_id: str,
    form: RuleForm,
    channel_id: str,
    rule_id: int | None,
    errors: tuple[tuple[str, str], ...] = (),
) -> RuleModal:
    chosen = ([form.supplier_contact] if form.supplier_contact else []) + list(form.clients)
    names = services.rules.contact_names(team_id=team_id, xero_ids=chosen) if chosen else {}
    return RuleModal(
        form=form,
        supplier=(form.supplier_contact, names[form.supplier_contact]) if form.supplier_contact else None,
        clients=tuple((c, names[c]) for c in form.clients),
        metadata=json.dumps({"rule_id": rule_id, "channel": channel_id}),
        editing=rule_id is not None,
        errors=errors,
    )


def on_create_rule(
    body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    spend_line_id = number(action.get("value", ""), stale=STALE_BUTTON)
    form = services.rules.form_from_charge(team_id=team_id, user_id=user_id, spend_line_id=spend_line_id)
    open_rule_modal(
        services,
        client,
        team_id=team_id,
        trigger_id=body["trigger_id"],
        channel_id=channel_of(body),
        form=form,
    )


def on_edit_rule(body: dict[str, Any], action: dict[str, Any], client: WebClient, services: Services) -> None:
    user_id, team_id = user_and_team(body)
    rule_id = number(action.get("value", ""), stale=STALE_BUTTON)
    form = services.rules.edit_form(team_id=team_id, user_id=user_id, rule_id=rule_id)
    open_rule_modal(
        services,
        client,
        team_id=team_id,
        trigger_id=body["trigger_id"],
        channel_id=channel_of(body),
        form=form,
        rule_id=rule_id,
    )


def on_delete_rule(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    services.rules.delete(
        team_id=team_id, user_id=user_id, rule_id=number(action.get("value", ""), stale=STALE_BUTTON)
    )
    respond_with(respond, _rules_page(services, team_id, 0), md("Rule deleted"), replace=True)


def rule_form(values: Values) -> RuleForm:
    return RuleForm(
        name=text(values, "name"),
        supplier_contact=selected(values, "supplier", ids.RULE_SUPPLIER),
        supplier_pattern=text(values, "supplier_pattern"),
        description_pattern=text(values, "description_pattern"),
        account_code_match=text(values, "account_code_match"),
        tracking_match=text(values, "tracking_match"),
        allocation=selected(values, "allocation", "allocation") or "whole",
        clients=selected_many(values, "clients", ids.RULE_CLIENTS),
        shares=text(values, "shares"),
        seat_price=text(values, "seat_price"),
        markup_percent=text(values, "markup_percent"),
        markup_fee=text(values, "markup_fee"),
        revenue_account_code=text(values, "revenue_account_code"),
        tax_type=text(values, "tax_type"),
        basis=selected(values, "basis", "basis") or "net",
        auto_approve=bool(selected_many(values, "auto_approve", "auto_approve")),
        auto_approve_tolerance=text(values, "auto_approve_tolerance"),
        per_client_billing=selected(values, "per_client_billing", "per_client_billing") or "auto",
        discount=selected(values, "discount", "discount") or "keep",
        discount_share=text(values, "discount_share"),
        discount_percent=text(values, "discount_percent"),
    )


# Of Slack's three seconds (less the network's share), what the save may take before the modal says
# "Checking…" instead.
ANSWER_WITHIN = 1.0


@dataclass(frozen=True)
class _Submitted:
    """A rule form that passed the checks made at once."""

    team_id: str
    user_id: str
    form: RuleForm
    rule_id: int | None
    channel: str


def on_rule_submitted(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, services: Services
) -> None:
    """Check the form at once (field errors go back on the form); then check it against Xero's chart
    and save it: the modal shows the outcome in the acknowledgement when that's quick, otherwise
    "Checking…" until it's done. What the rule covers is proposed in the background either way."""
    started = time.monotonic()
    user_id, team_id = user_and_team(body)
    form = rule_form(view["state"]["values"])
    services.rules.check(team_id=team_id, user_id=user_id, form=form)
    meta = metadata(view)
    rule_id = meta["rule_id"] if isinstance(meta.get("rule_id"), int) else None
    submitted = _Submitted(team_id, user_id, form, rule_id, str(meta.get("channel") or ""))
    answer_form(
        ack,
        services.background,
        partial(_save_rule, services, client, submitted),
        within=ANSWER_WITHIN - (time.monotonic() - started),
        placeholder=saving_modal(form.name),
        show_late=lambda outcome: client.views_update(view_id=str(view["id"]), view=outcome),
        failed=partial(_refused_modal, services, submitted),
    )


def _save_rule(services: Services, client: WebClient, submitted: _Submitted) -> Block:
    """Save the rule; the modal it ends on says so."""
    rule = services.rules.save(
        team_id=submitted.team_id, user_id=submitted.user_id, form=submitted.form, rule_id=submitted.rule_id
    )
    if submitted.channel:
        saved = md(
            "Saved rule “{name}”. Charges of the last 60 days it covers are proposed now.", name=rule.name
        )
        # After the modal's answer, not before it: a Slack round trip the person needn't wait for.
        services.background.submit(
            partial(client.chat_postEphemeral, channel=submitted.channel, user=submitted.user_id, text=saved)
        )
    return saved_modal(rule.name)


def _refused_modal(services: Services, submitted: _Submitted, error: Exception) -> Block:
    """The form again, saying what's wrong (a late outcome can't put errors on the fields)."""
    fields = {"": UNEXPECTED}
    if isinstance(error, RecharglyError):
        fields = error.errors if isinstance(error, FormInvalid) else {"": error.message}
    problems = tuple((FIELD_LABELS.get(name, "The rule"), message) for name, message in fields.items())
    prefill = _prefill(
        services, submitted.team_id, submitted.form, submitted.channel, submitted.rule_id, problems
    )
    return rule_modal(prefill)


def on_contact_search(ack: Ack, body: dict[str, Any], services: Services) -> None:
    _user_id, team_id = user_and_team(body)
    found = services.rules.search_contacts(team_id=team_id, query=str(body.get("value", ""))[:100])
    ack(options=contact_options(found))


def register(app: App) -> None:
    slash(app, "rules", on_rules)
    slash(app, "unmatched", on_unmatched)
    on_click(app, re.compile(f"^{ids.PAGE_RULES}:"), on_rules_page)
    on_click(app, re.compile(f"^{ids.PAGE_UNMATCHED}:"), on_unmatched_page)
    on_click(app, ids.CREATE_RULE, on_create_rule)
    on_click(app, ids.EDIT_RULE, on_edit_rule)
    on_click(app, ids.DELETE_RULE, on_delete_rule)
    app.view(ids.RULE_MODAL)(on_rule_submitted)
    for action_id in (ids.RULE_SUPPLIER, ids.RULE_CLIENTS, ids.PICK_CLIENT_FOR_LINE, ids.CHANGE_MAPPING):
        app.options(action_id)(on_contact_search)
