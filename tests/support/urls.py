"""Connection-URL helpers for tests."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def database_url_for(server_url: str, database: str) -> str:
    """The same server and credentials, another database (works for TCP and Unix-socket URLs)."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{database}"))
