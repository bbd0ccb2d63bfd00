"""Reaching PostgreSQL: connect with a clear reason on failure, check the server version,
and provide the database a command runs against (external URL, or the embedded server)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import asyncpg

from cpc_prosecution.settings import Settings
from cpc_prosecution.store.embedded import EmbeddedPostgres

__all__ = ("MIN_SERVER_VERSION", "DatabaseUnavailable", "connect", "provisioned_database")

MIN_SERVER_VERSION: Final = 15


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or is not a server we can use."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "timed out connecting"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "host name not found"
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return "database does not exist"
    if isinstance(exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return "authentication failed"
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return type(exc).__name__


async def connect(dsn: str, *, timeout: float = 10.0) -> asyncpg.Connection:
    """One connection, or DatabaseUnavailable with a short reason (never the URL: it may hold a password)."""
    try:
        conn: asyncpg.Connection = await asyncpg.connect(dsn, timeout=timeout)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise DatabaseUnavailable(f"database unreachable: {_reason(exc)}") from None
    version = conn.get_server_version()
    if version.major < MIN_SERVER_VERSION:
        await conn.close()
        raise DatabaseUnavailable(f"PostgreSQL {version.major} is too old; {MIN_SERVER_VERSION} or newer is needed")
    return conn


@contextmanager
def provisioned_database(settings: Settings) -> Iterator[str]:
    """Yield the URL to use: the external one, or the embedded server's (started, then stopped on exit)."""
    if settings.database_url is not None:
        yield settings.database_url
        return
    with EmbeddedPostgres(settings.data_dir) as url:
        yield url
