"""Block Kit for the settings modal."""

from __future__ import annotations

from handlers import ids
from handlers.kit import Block, modal, plain, select_input, text_input
from services.workspace_settings import SettingsForm

INVOICE_STATUS_CHOICES = (("AUTHORISED", "Approved (AUTHORISED)"), ("DRAFT", "Draft, to review in Xero"))


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
    return modal(ids.SETTINGS_MODAL, "Rechargly settings", blocks, submit="Save")
