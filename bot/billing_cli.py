"""`rechargly billing --org NAME --date YYYY-MM-DD [--dry-run]`: build (or preview) the billing run for
the period before that date from a terminal, and post its run card for approval in Slack."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.container import Services
from services.billing.notices import BillingRunCard
from services.errors import RecharglyError
from services.recharging.allocation import format_money


def card_lines(card: BillingRunCard) -> list[str]:
    """The run as plain text: its title, each client's invoice, who can't be emailed, what waits."""
    money = lambda amount: format_money(amount, card.currency, card.currency)  # noqa: E731
    title = f"{card.label} billing run: {len(card.bills):,} invoice(s), {money(card.total)}"
    lines = [f"{card.organisation} — {title}"]
    for bill in card.bills:
        fee = f" + {money(bill.admin_fee)} fee" if bill.admin_fee else ""
        lines.append(f"  {bill.client_name:<32} {len(bill.lines):>3} charge(s){fee}  {money(bill.total):>12}")
    if card.sends_email and card.without_email:
        lines.append(f"  not emailed (no address in Xero): {', '.join(card.without_email)}")
    if card.carried:
        lines.append(f"  below the minimum ({money(card.minimum)}), waiting: {len(card.carried)} client(s)")
    return lines


def run_billing_once(
    services: Services,
    *,
    organisation: str,
    on: date,
    dry_run: bool,
    say: Callable[[str], None] = print,
) -> int:
    """0 when the run was built (or previewed), 1 when the organisation can't be used."""
    try:
        [connection] = services.sync.connections(None, organisation)
        if dry_run:
            card = services.billing.preview(connection_id=connection.id or 0, on=on)
            for line in card_lines(card):
                say(line)
            say("Dry run: nothing was saved, posted or sent to Xero.")
            return 0
        run_id = services.billing.build(connection_id=connection.id or 0, on=on, actor="cli")
        for line in card_lines(services.billing.card(run_id)):
            say(line)
        posted = services.billing.offer(run_id)  # approved by itself when it matches last month's
        auto = services.billing.card(run_id).auto_approved
    except RecharglyError as error:
        say(f"rechargly: {error.message}")
        return 1
    if auto:
        say(
            "Approved automatically (it matches last month's run within the tolerance); "
            "its invoices were raised in Xero."
        )
    elif posted:
        # Through the outbox: the running app posts it (within a second), and takes the click.
        say(
            f"Run card queued for Slack channel {posted} (the running app posts it): "
            "an approver presses Approve run to raise the invoices."
        )
    else:
        say("No approvals channel is set, so no run card was posted (set APPROVALS_CHANNEL).")
    return 0
