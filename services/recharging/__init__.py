"""From a charge to a client invoice: rules, allocation, proposals, approvals, invoicing."""
