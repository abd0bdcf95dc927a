"""Action and callback ids of a run's review (buttons in its summary message and in the modal)."""

OPEN = "review_run_open"  # the summary's Review button; value: batch id
PREVIOUS = "review_run_previous"  # value: "batch:page"
NEXT = "review_run_next"  # value: "batch:page"
APPROVE_CLIENT = "review_run_approve_client"  # value: proposal message id
APPROVE_ALL = "review_run_approve_all"  # value: batch id; has a confirm dialog
MODAL = "review_run_modal"
