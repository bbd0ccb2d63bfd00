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

__all__ = (
    "MIN_SERVER_VERSION",
    "DatabaseUnavailable",
    "connect",
    "is_unavailable",
    "provisioned_database",
    "reason_of",
)

MIN_SERVER_VERSION: Final = 15


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached or is not a server we can use."""


#: SQLSTATE classes that say the server cannot run the statement now, whatever the statement:
#: 08 connection exception, 53 insufficient resources (too many connections, disk full),
#: 57 operator intervention (pg_terminate_backend, shutdown, starting up, statement_timeout),
#: 58 system error (I/O).
_UNAVAILABLE_CLASSES: Final = frozenset({"08", "53", "57", "58"})
#: read_only_sql_transaction: a write reached a standby (or a primary being demoted).
_UNAVAILABLE_STATES: Final = frozenset({"25006"})


def is_unavailable(exc: BaseException) -> bool:
    """True when `exc` says the database could not serve (down, frozen past a timeout, connection
    killed, out of connections), as opposed to a statement that is wrong: the first is a 503 the
    client may retry, the second a bug (500)."""
    if isinstance(exc, BaseExceptionGroup):
        # Litestar groups the errors of a request's dependency cleanup (the pooled connection's
        # release after the fault) with the fault itself.
        return all(is_unavailable(inner) for inner in exc.exceptions)
    if isinstance(exc, DatabaseUnavailable | TimeoutError | ConnectionError | asyncpg.ConnectionDoesNotExistError):
        return True
    if isinstance(exc, asyncpg.InternalClientError):
        # "cannot switch to state ...; another operation is in progress": a connection left mid-query
        # by a cancelled or timed-out call, its server gone or stopped.
        return True
    if isinstance(exc, asyncpg.InterfaceError):
        # "connection is closed", "pool is closing": the connection went away under the request.
        text = str(exc)
        return "closed" in text or "closing" in text
    if isinstance(exc, asyncpg.PostgresError):
        state = str(getattr(exc, "sqlstate", "") or "")
        return state[:2] in _UNAVAILABLE_CLASSES or state in _UNAVAILABLE_STATES
    return False


def reason_of(exc: BaseException) -> str:
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
        raise DatabaseUnavailable(f"database unreachable: {reason_of(exc)}") from None
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
