"""Use cases: each one a transaction over the store, called by the CLI and the HTTP API."""
