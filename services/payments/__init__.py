"""Money received on Rechargly's invoices: reconciling payments, Xero's webhooks."""
