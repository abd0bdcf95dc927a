"""Action and callback ids, matching what the blocks use and what manifest.yml declares."""

COMMAND = "/rechargly"

# Buttons and selects
CONNECT_XERO = "connect_xero"
PICK_TENANTS = "pick_tenants"
CONFIRM_DISCONNECT = "confirm_disconnect"
RECONNECT_XERO = "reconnect_xero"
APPROVE_ALL = "approve_all"
REVIEW = "review"
REJECT = "reject"
RETRY_INVOICE = "retry_invoice"
CREATE_RULE = "create_rule"
EDIT_RULE = "edit_rule"
DELETE_RULE = "delete_rule"
PICK_CLIENT_FOR_LINE = "pick_client_for_line"
EXCLUDE_LINE = "exclude_line"  # overflow: this line key, or the whole vendor
CHANGE_MAPPING = "change_mapping"  # external select (options load from synced contacts)
REMOVE_MAPPING = "remove_mapping"
REMOVE_ALIAS = "remove_alias"  # a learnt name of a client
IMPORT_VALID_ROWS = "import_valid_rows"
APPLY_PAYMENT = "apply_payment"
OPEN_PENDING = "open_pending"
RULE_SUPPLIER = "rule_supplier"  # external select (options load from synced contacts)
RULE_CLIENTS = "rule_clients"  # multi external select (options load from synced contacts)

# Modals
RULE_MODAL = "rule_modal"
REVIEW_MODAL = "review_modal"
REJECT_MODAL = "reject_modal"
SETTINGS_MODAL = "settings_modal"
IMPORT_MODAL = "import_modal"

# Pagers: Previous and Next carry "{id}:prev" / "{id}:next" and the offset as their value
PAGE_RULES = "page_rules"
PAGE_UNMATCHED = "page_unmatched"
PAGE_PENDING = "page_pending"
PAGE_HISTORY = "page_history"
PAGE_MAPPINGS = "page_mappings"
