"""A replica that cannot be reached is tried again only after RETRY_AFTER; meanwhile reads use the primary."""

from __future__ import annotations

import asyncio
from typing import Any, cast

import structlog
from asyncpg.pool import PoolConnectionProxy

from cpc_prosecution.store.pool import writer_of
from cpc_prosecution.store.replica import open_read_replica

#: Stands for the request's primary connection: the fall back must hand back this very object.
PRIMARY = cast(PoolConnectionProxy, object())


async def _reads_from(replica: Any) -> object:
    async with replica.connection_for_reads(PRIMARY) as conn:
        return conn


async def test_an_unreachable_replica_is_retried_only_after_the_pause() -> None:
    """Connection refused: the primary serves, one warning; within the pause no new attempt (no
    warning), after it one more attempt (one more warning)."""
    replica = await open_read_replica(
        "postgresql://cpc@127.0.0.1:1/cpc",
        max_size=2,
        timeout=2.0,
        command_timeout=2.0,
        acquire_timeout=2.0,
        retry_after=0.3,
    )
    try:
        with structlog.testing.capture_logs() as logged:
            first = await _reads_from(replica)
            second = await _reads_from(replica)
            await asyncio.sleep(0.35)
            third = await _reads_from(replica)
    finally:
        await replica.close()
    assert first is second is third is PRIMARY
    assert [entry["event"] for entry in logged] == ["read_replica_unreachable"] * 2
    assert logged[0]["reason"] == "connection refused"


def test_writes_go_to_the_connection_itself_when_it_is_no_replica() -> None:
    """`writer_of` leaves a primary connection (anything without a paired primary) as it is."""
    conn = cast(PoolConnectionProxy, object())
    assert writer_of(conn) is conn
