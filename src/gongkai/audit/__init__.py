"""The audit trail: an append-only list of who did what, with a registry of event codes."""
