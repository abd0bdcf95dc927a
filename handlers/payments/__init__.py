"""Payments: the "Apply to INV-…" choice on money that matched several recharge invoices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.context.respond import Respond

from handlers import ids
from handlers.errors import on_click
from handlers.payloads import STALE_BUTTON, number, user_and_team
from handlers.payments.blocks import NOTICES, render_payment_choice

if TYPE_CHECKING:
    from bot.container import Services

__all__ = ["NOTICES", "register"]


def on_apply_payment(
    body: dict[str, Any], action: dict[str, Any], respond: Respond, services: Services
) -> None:
    user_id, team_id = user_and_team(body)
    received, _, invoice = str(action.get("value", "")).partition(":")
    choice = services.reconciler.apply_choice(
        team_id=team_id,
        user_id=user_id,
        received_id=number(received, stale=STALE_BUTTON),
        invoice_id=number(invoice, stale=STALE_BUTTON),
    )
    sent = render_payment_choice(choice)
    respond(blocks=sent.blocks, replace_original=True, text=sent.fallback)


def register(app: App) -> None:
    on_click(app, ids.APPLY_PAYMENT, on_apply_payment)
