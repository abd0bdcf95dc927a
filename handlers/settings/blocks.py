"""Block Kit for the settings modal."""

from __future__ import annotations

from handlers import ids
from handlers.kit import Block, Mrkdwn, context, divider, md, modal, plain, section, select_input, text_input
from services.workspace_settings import BillingForm, SettingsForm, billing_field

INVOICE_STATUS_CHOICES = (("AUTHORISED", "Approved (AUTHORISED)"), ("DRAFT", "Draft, to review in Xero"))
BILLING_MODE_CHOICES = (
    ("approval", "One invoice per approval"),
    ("monthly", "Monthly billing run: one invoice per client"),
)
SENDING_CHOICES = (
    ("none", "Not sent by Rechargly"),
    ("email", "Emailed by Xero to clients with an email address"),
)
AUTO_APPROVE_CHOICES = (
    ("off", "A person approves every billing run"),
    ("on", "Approved by itself when it matches last month's run"),
)


def _conversation(block_id: str, label: str, initial: str | None) -> Block:
    element: Block = {
        "type": "conversations_select",
        "action_id": block_id,
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if initial:
        element["initial_conversation"] = initial
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": plain(label, 2000),
        "element": element,
    }


def settings_modal(form: SettingsForm, *, default_time: str) -> Block:
    approvers: Block = {"type": "multi_users_select", "action_id": "approvers", "max_selected_items": 50}
    if form.approvers:
        approvers["initial_users"] = list(form.approvers)
    blocks = [
        _conversation("digest_channel", "Daily digest channel", form.digest_channel),
        _conversation("approvals_channel", "Proposals and payments channel", form.approvals_channel),
        {
            "type": "input",
            "block_id": "digest_time",
            "optional": True,
            "label": plain("Digest time (the organisation's timezone)", 2000),
            "element": {
                "type": "timepicker",
                "action_id": "digest_time",
                "initial_time": form.digest_time or default_time,
            },
        },
        select_input("invoice_status", "New invoices are", INVOICE_STATUS_CHOICES, form.invoice_status or ""),
        text_input(
            "default_markup",
            "Default markup for new rules (%)",
            initial=form.default_markup,
            placeholder="e.g. 10",
        ),
        {
            "type": "input",
            "block_id": "approvers",
            "optional": True,
            "label": plain("Approvers (besides workspace admins)", 2000),
            "element": approvers,
        },
    ]
    for billing in form.billing:
        blocks += billing_blocks(billing)
    if form.others:
        blocks.append(context(_others(form.others)))
    return modal(ids.SETTINGS_MODAL, "Rechargly settings", blocks, submit="Save")


MAX_NAMED = 10


def _others(names: tuple[str, ...]) -> Mrkdwn:
    """The organisations whose billing isn't in this modal, and how to open one's."""
    named = ", ".join(names[:MAX_NAMED]) + (
        f" and {len(names) - MAX_NAMED:,} more" if len(names) > MAX_NAMED else ""
    )
    return md(
        "Billing of {n} more {what} ({named}): type `/rechargly settings {example}` to open one's.",
        n=f"{len(names):,}",
        what="organisation" if len(names) == 1 else "organisations",
        named=named,
        example=names[0],
    )


def _choice(block_id: str, label: str, choices: tuple[tuple[str, str], ...], initial: str | None) -> Block:
    """A select showing the organisation's current choice; left alone, the settings' default holds."""
    return {**select_input(block_id, label, choices, initial or ""), "optional": True}


def billing_blocks(form: BillingForm) -> list[Block]:
    """One organisation's billing: mode, billing day, admin fee, sending, auto-approval of runs."""
    field = lambda name: billing_field(name, form.connection_id)  # noqa: E731
    return [
        divider(),
        section(md("*Billing for {org}*", org=form.organisation)),
        _choice(field("billing_mode"), "Invoices", BILLING_MODE_CHOICES, form.billing_mode),
        text_input(
            field("billing_day"),
            "Billing day of the monthly run (1–28, or last)",
            initial=form.billing_day,
            placeholder="e.g. 1",
        ),
        text_input(
            field("admin_fee"),
            "Admin fee added to each invoice of a billing run",
            initial=form.admin_fee,
            placeholder="e.g. 2.50 (0 for none)",
        ),
        _choice(field("send_invoices"), "Sending invoices", SENDING_CHOICES, form.send_invoices),
        _choice(field("auto_approve"), "Billing run approval", AUTO_APPROVE_CHOICES, form.auto_approve),
        text_input(
            field("tolerance"),
            "Auto-approve when each client's total is within (%) of last month's",
            initial=form.tolerance,
            placeholder="e.g. 2 (empty: exactly the same)",
        ),
    ]
