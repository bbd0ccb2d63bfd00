"""Reads from a streaming replica, and the fall back to the primary when the replica cannot be reached.

The routes that only read aggregates, listings or stored releases (docs/operations.md#read-replicas)
take their connection from here. A replica that refuses the connection, is not found or does not
answer in time costs one warning and is then left alone for `RETRY_AFTER` seconds: meanwhile those
reads go to the primary, as if no replica were configured, so a lost replica never fails a request.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Final, cast

import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy

from cpc_prosecution.store.database import DatabaseUnavailable, reason_of
from cpc_prosecution.store.pool import ReplicaConnection, create_pool

__all__ = ("RETRY_AFTER", "ReadReplica", "open_read_replica")

#: Seconds reads stay on the primary after the replica could not be reached, before it is tried again.
RETRY_AFTER: Final = 5.0

_log = structlog.get_logger("cpc_prosecution.replica")


class ReadReplica:
    """The replica's pool, and whether it is being used right now."""

    def __init__(self, pool: asyncpg.Pool, *, retry_after: float = RETRY_AFTER) -> None:
        self.pool = pool
        self._retry_after = retry_after
        self._skip_until = 0.0
        self._falling_back = False

    @asynccontextmanager
    async def connection_for_reads(self, primary: PoolConnectionProxy) -> AsyncIterator[PoolConnectionProxy]:
        """A replica connection paired with the request's `primary` connection (for the request's
        writes: `pool.writer_of`), or `primary` itself while the replica cannot be reached."""
        if time.monotonic() < self._skip_until:
            yield primary
            return
        async with AsyncExitStack() as held:
            try:
                # The pool's own context: its release is bounded like its acquire (store.pool).
                replica: PoolConnectionProxy | None = await held.enter_async_context(self.pool.acquire())
            except (DatabaseUnavailable, TimeoutError, OSError, asyncpg.PostgresError) as exc:
                self._unreachable(exc)
                replica = None
            if replica is None:
                yield primary
                return
            if self._falling_back:
                self._falling_back = False
                _log.info("read_replica_reachable")
            # The pool's proxy hands `lend_primary` to its ReplicaConnection.
            paired = cast(ReplicaConnection, replica)
            paired.lend_primary(primary)
            try:
                yield replica
            finally:
                paired.lend_primary(None)

    def _unreachable(self, exc: BaseException) -> None:
        cause = exc.__cause__ if isinstance(exc, DatabaseUnavailable) and exc.__cause__ else exc
        self._skip_until = time.monotonic() + self._retry_after
        self._falling_back = True
        # The reason only (refused, timed out...): never the URL, which may hold a password.
        _log.warning("read_replica_unreachable", reason=reason_of(cause), reads="primary", retry_in=self._retry_after)

    async def close(self) -> None:
        await self.pool.close()


async def open_read_replica(
    url: str,
    *,
    max_size: int,
    timeout: float,
    command_timeout: float,
    acquire_timeout: float,
    retry_after: float = RETRY_AFTER,
) -> ReadReplica:
    """The replica's pool (no connection is opened yet: the API starts whether the replica is up or not)."""
    pool = await create_pool(
        url,
        max_size=max_size,
        timeout=timeout,
        command_timeout=command_timeout,
        acquire_timeout=acquire_timeout,
        connection_class=ReplicaConnection,
    )
    return ReadReplica(pool, retry_after=retry_after)
