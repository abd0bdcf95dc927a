"""Monthly billing: accruing approved recharges, the billing run, sending, and undoing invoices."""
