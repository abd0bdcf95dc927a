"""Monthly billing in Slack: listeners (listeners.register), Block Kit (blocks) and ids."""
