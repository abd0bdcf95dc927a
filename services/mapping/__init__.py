"""Multi-client vendor bills: mapping each line to a client, and matching names."""
