"""Connecting Xero and Slack: consent, tokens at rest, uninstalls."""
