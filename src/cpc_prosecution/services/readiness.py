"""Readiness: can this process serve requests right now (database reachable, schema current)?"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg

from cpc_prosecution.store.migrate import SchemaStatus, schema_status

__all__ = ("Readiness", "check_readiness")


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    database: str
    """"reachable" or "unreachable"."""
    schema: str
    """"current", "unknown" (database unreachable), or what is wrong with it."""


#: Probes still finishing after their answer was given (a frozen server holds them): referenced here
#: so they are not collected mid-flight, dropped when they end.
_LINGERING: set[asyncio.Task[SchemaStatus]] = set()


async def _probe(pool: asyncpg.Pool, timeout: float) -> SchemaStatus:
    async with pool.acquire(timeout=timeout) as conn:
        return await schema_status(conn)


async def check_readiness(pool: asyncpg.Pool, *, timeout: float = 0.9) -> Readiness:
    """Ask the database; answer within `timeout` whatever it does. A probe the database does not
    answer in time is cancelled but not awaited: after a cancelled query asyncpg waits for the server
    to confirm the cancel, and a frozen server never does, so awaiting it would hang the probe."""
    task = asyncio.ensure_future(_probe(pool, timeout))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()
        _LINGERING.add(task)
        task.add_done_callback(_forget)
        return Readiness(ready=False, database="unreachable", schema="unknown")
    try:
        status = task.result()
    except Exception:  # any failure of the probe means "not ready"; a probe must never be a 500
        return Readiness(ready=False, database="unreachable", schema="unknown")
    return Readiness(
        ready=status.current, database="reachable", schema="current" if status.current else status.describe()
    )


def _forget(task: asyncio.Task[SchemaStatus]) -> None:
    _LINGERING.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved, so asyncio does not log "exception was never retrieved"
