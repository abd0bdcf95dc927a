"""Buttons and selects: ack at once, parse, call one service, reply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from handlers import blocks, ids
from handlers.payloads import number, user_and_team
from handlers.views import form_from_charge, open_rule_modal
from services.errors import BadRequest
from services.recharge import pending, unmatched_line

if TYPE_CHECKING:
    from bot.container import Services


STALE_BUTTON = "That button is out of date. Run the command again."


def _int_value(action: dict[str, Any]) -> int:
    return number(action.get("value", ""), stale=STALE_BUTTON)


def register(app: App, services: Services) -> None:
    @app.action(ids.PICK_TENANTS)
    def on_pick_tenants(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="connect Xero")
        grant_id = number(
            str(action.get("block_id", "")).removeprefix("grant:"),
            stale="That choice is out of date. Start again with /rechargly connect.",
        )
        picked = [option["value"] for option in action.get("selected_options", [])]
        names = services.connector.choose(
            team_id=team_id, user_id=user_id, grant_id=int(grant_id), tenant_ids=picked
        )
        respond(
            blocks=blocks.picked_organisations_blocks(names),
            replace_original=True,
            text="Organisations chosen",
        )

    @app.action(ids.RECONNECT_XERO)
    @app.action(ids.CONNECT_XERO)
    def on_connect(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        if action["action_id"] == ids.CONNECT_XERO:
            return  # a URL button: Slack opens the link; nothing to do here
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="reconnect Xero")
        channel = (body.get("channel") or {}).get("id", "")
        offer = services.connector.start(team_id=team_id, user_id=user_id, channel_id=channel)
        respond(
            blocks=blocks.connect_offer_blocks(offer),
            response_type="ephemeral",
            replace_original=False,
            text="Reconnect Xero",
        )

    @app.action(ids.CONFIRM_DISCONNECT)
    def on_disconnect(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_admin(team_id=team_id, user_id=user_id, doing="disconnect Xero")
        name = services.connector.disconnect(team_id=team_id, connection_id=_int_value(action))
        respond(blocks=blocks.disconnected_blocks(name), replace_original=True, text=f"Disconnected {name}")

    _register_recharge_buttons(app, services)
    _register_payment_buttons(app, services)


def _register_payment_buttons(app: App, services: Services) -> None:
    """The Apply to INV-… choice on money that matched several invoices; Review in the digest and Home."""

    @app.action(ids.APPLY_PAYMENT)
    def on_apply_payment(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        received, _, invoice = str(action.get("value", "")).partition(":")
        choice = services.reconciler.apply_choice(
            team_id=team_id,
            user_id=user_id,
            received_id=number(received, stale=STALE_BUTTON),
            invoice_id=number(invoice, stale=STALE_BUTTON),
        )
        text, reply = blocks.render_notice(choice)
        respond(blocks=reply, replace_original=True, text=text)

    @app.action(ids.OPEN_PENDING)
    def on_open_pending(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        _user_id, team_id = user_and_team(body)
        reply = blocks.pending_blocks(pending(db=services.db, team_id=team_id))
        respond(blocks=reply, response_type="ephemeral", replace_original=False, text="Waiting for approval")


def _register_recharge_buttons(app: App, services: Services) -> None:
    """Approve / Review / Reject on proposals, Retry on a failed invoice, and the rule buttons."""

    @app.action(ids.APPROVE_ALL)
    def on_approve(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()  # invoicing may take longer than Slack's 3 seconds: the message is edited when done
        user_id, team_id = user_and_team(body)
        services.approvals.approve(team_id=team_id, user_id=user_id, message_id=_int_value(action))

    @app.action(ids.REVIEW)
    def on_review(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        message_id = _int_value(action)
        lines = services.approvals.review_lines(team_id=team_id, user_id=user_id, message_id=message_id)
        client.views_open(trigger_id=body["trigger_id"], view=blocks.review_modal(message_id, lines))

    @app.action(ids.REJECT)
    def on_reject(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="reject recharges")
        client.views_open(trigger_id=body["trigger_id"], view=blocks.reject_modal(_int_value(action)))

    @app.action(ids.RETRY_INVOICE)
    def on_retry(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.approvals.retry(team_id=team_id, user_id=user_id, invoice_id=_int_value(action))

    @app.action(ids.CREATE_RULE)
    def on_create_rule(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="manage recharge rules")
        charge = unmatched_line(db=services.db, team_id=team_id, spend_line_id=_int_value(action))
        if charge is None:
            raise BadRequest("That charge can't be found any more. Run `/rechargly unmatched` again.")
        open_rule_modal(
            services,
            client,
            team_id=team_id,
            trigger_id=body["trigger_id"],
            channel_id=(body.get("channel") or {}).get("id", ""),
            form=form_from_charge(services, team_id, charge),
        )

    @app.action(ids.EDIT_RULE)
    def on_edit_rule(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="manage recharge rules")
        rule, clients = services.rules.get(team_id=team_id, rule_id=_int_value(action))
        open_rule_modal(
            services,
            client,
            team_id=team_id,
            trigger_id=body["trigger_id"],
            channel_id=(body.get("channel") or {}).get("id", ""),
            form=services.rules.form_of(rule, clients),
            rule_id=rule.id,
        )

    @app.action(ids.DELETE_RULE)
    def on_delete_rule(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        ack()
        user_id, team_id = user_and_team(body)
        services.permissions.ensure_approver(team_id=team_id, user_id=user_id, doing="manage recharge rules")
        services.rules.delete(team_id=team_id, user_id=user_id, rule_id=_int_value(action))
        reply = blocks.rules_blocks(services.rules.summaries(team_id=team_id))
        respond(blocks=reply, replace_original=True, text="Rule deleted")
