"""Syncing an organisation's Xero data: the run, its lease, its progress message, its storage."""
