"""The asyncpg connection pool and its type codecs."""

from __future__ import annotations

from typing import Any, Final, TypeAlias

import asyncpg
import msgspec
from asyncpg.pool import PoolConnectionProxy

from cpc_prosecution.store.database import DatabaseUnavailable, reason_of

__all__ = ("METRIC_READ_SETTINGS", "Connection", "ReplicaConnection", "create_pool", "register_codecs", "writer_of")

#: asyncpg's `command_timeout` when the caller gives none (tools, benchmarks); the API passes its own.
DEFAULT_COMMAND_TIMEOUT: Final = 60.0

#: Server settings of every pooled connection (set when it connects: no round trip), chosen for the
#: metric reads, each one aggregate query over every case in the key's scope.
#: `work_mem`: with the default 4 MB, at 1M cases the scope join of `legal_clock_compliance` (a hash of
#: the scoped case ids, about 55 MB) ran in 8 batches through 370 MB of temporary files, and the median
#: sort of `age_of_pending_caseload` spilled 6 MB; 32 MB (hash tables up to 64 MB with the default
#: `hash_mem_multiplier` 2) keeps both in memory up to about 1M cases. It is a ceiling per sort or hash
#: step of a query (per process when parallel workers help), not an allocation: the API's other queries
#: stay far below it.
#: `jit`: off. On a server built with LLVM (most packaged PostgreSQL; the embedded one is not), plans
#: costed above `jit_above_cost` are compiled, which at 1M cases (not at 100k) took seconds for the
#: metrics with many aggregates: on PostgreSQL 15 with JIT, stage_funnel 6.2 s instead of 4.3 s,
#: legal_clock_compliance 14.5 s instead of 11.2 s, age_of_pending_caseload 1.6 s instead of 1.1 s
#: (the Kaplan-Meier time_* metrics were 10-20 % faster with it).
#: The benchmark's baselines use the same settings (docs/performance.md).
METRIC_READ_SETTINGS: Final[dict[str, str]] = {"work_mem": "32MB", "jit": "off"}

#: A connection of our own or one borrowed from the pool: the store accepts either.
Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"


class ReplicaConnection(asyncpg.Connection):
    """A connection to a streaming replica (read-only), lent for one request together with the
    primary's connection of that request: the few writes a read route makes (its audit entry, a
    refused key's entry) go to the primary through `writer_of`, whoever hands them the connection."""

    __slots__ = ("_cpc_primary",)

    def lend_primary(self, primary: Connection | None) -> None:
        """Pair this connection with the request's primary connection (None when it goes back to the pool)."""
        self._cpc_primary = primary

    @property
    def primary(self) -> Connection | None:
        return getattr(self, "_cpc_primary", None)


def writer_of(conn: Connection) -> Connection:
    """The connection a write must use: the paired primary's when `conn` reads from a replica, else
    `conn` itself. (A pooled connection's proxy hands unknown attributes to its connection.)"""
    primary: Connection | None = getattr(conn, "primary", None)
    return conn if primary is None else primary


def _encode_jsonb(value: Any) -> bytes:
    # Binary jsonb is a version byte (1) followed by the JSON text; binary (not text) format is
    # what lets copy_records_to_table carry jsonb columns.
    return b"\x01" + msgspec.json.encode(value)


def _decode_jsonb(data: bytes) -> Any:
    return msgspec.json.decode(data[1:])


async def register_codecs(conn: asyncpg.Connection) -> None:
    """jsonb and json through msgspec, on every new connection."""
    await conn.set_type_codec(
        "jsonb", schema="pg_catalog", format="binary", encoder=_encode_jsonb, decoder=_decode_jsonb
    )
    await conn.set_type_codec(
        "json",
        schema="pg_catalog",
        format="text",
        encoder=lambda v: msgspec.json.encode(v).decode(),
        decoder=msgspec.json.decode,
    )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Skip asyncpg's per-release reset (unlock, CLOSE ALL, UNLISTEN, RESET ALL): the application holds
    no session state — only transaction-scoped advisory locks, no cursors, listeners or SETs — and an
    open transaction is still rolled back by the pool. Saves a round trip per request."""


async def _connect(*args: Any, **kwargs: Any) -> asyncpg.Connection:
    """asyncpg's connect, with every way of not reaching the server turned into DatabaseUnavailable
    (a refused or missing socket is an OSError that would otherwise look like any other)."""
    try:
        conn: asyncpg.Connection = await asyncpg.connect(*args, **kwargs)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise DatabaseUnavailable(f"database unreachable: {reason_of(exc)}") from exc
    return conn


class _BoundedPool(asyncpg.Pool):
    """A pool whose `acquire()` (and the release that goes with it) waits at most `acquire_timeout`
    by default: asyncpg waits forever, and a release after a cancelled query waits for the frozen
    server to confirm the cancel."""

    def __init__(self, *args: Any, acquire_timeout: float | None, **kwargs: Any) -> None:
        self._cpc_acquire_timeout = acquire_timeout
        super().__init__(*args, **kwargs)

    def acquire(self, *, timeout: float | None = None) -> Any:
        return super().acquire(timeout=self._cpc_acquire_timeout if timeout is None else timeout)


async def create_pool(
    dsn: str,
    *,
    max_size: int = 10,
    timeout: float = 10.0,
    command_timeout: float = DEFAULT_COMMAND_TIMEOUT,
    acquire_timeout: float | None = None,
    connection_class: type[asyncpg.Connection] = asyncpg.Connection,
) -> asyncpg.Pool:
    """A pool whose connections all carry our codecs and `METRIC_READ_SETTINGS`; connections are opened
    lazily (min_size 0) so that the API can start, and say "not ready", while the database is down.

    `timeout` bounds opening a connection, `command_timeout` each statement (the client gives up and
    asks the server to cancel it; the server's own `statement_timeout` is set a second later, so a
    statement stuck in a server that still runs is stopped there too), `acquire_timeout` the wait for
    a pooled connection. A connection that cannot be opened raises `DatabaseUnavailable`.
    `connection_class` is `ReplicaConnection` for the pool of a read replica."""
    settings = METRIC_READ_SETTINGS | {"statement_timeout": f"{int((command_timeout + 1) * 1000)}ms"}
    pool = _BoundedPool(
        dsn,
        acquire_timeout=acquire_timeout,
        connect=_connect,
        min_size=0,
        max_size=max_size,
        max_queries=50000,
        max_inactive_connection_lifetime=300.0,
        setup=None,
        init=register_codecs,
        reset=_keep_session,
        loop=None,
        connection_class=connection_class,
        record_class=asyncpg.Record,
        timeout=timeout,
        command_timeout=command_timeout,
        server_settings=settings,
    )
    await pool
    return pool
