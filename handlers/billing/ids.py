"""Action and callback ids of the billing screens (buttons and modals need no manifest entry)."""

from handlers.ids import VOID_INVOICE  # also on the proposal card

__all__ = ["VOID_INVOICE"]

APPROVE_RUN = "billing_approve_run"
REVIEW_RUN = "billing_review_run"
REVIEW_RUN_PAGE = "billing_review_page"
REMOVE_RUN_LINE = "billing_remove_line"
CREATE_SUGGESTED_RULE = "billing_create_suggested_rule"
SETTLE_REFUND = "billing_settle_refund"  # the charge an unclear vendor refund refunds

RUN_REVIEW_MODAL = "billing_review_modal"
UNDO_MODAL = "billing_undo_modal"
