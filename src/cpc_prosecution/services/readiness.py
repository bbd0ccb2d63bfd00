"""Readiness: can this process serve requests right now (database reachable, schema current)?"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg

from cpc_prosecution.store.migrate import schema_status

__all__ = ("Readiness", "check_readiness")


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    database: str
    """"reachable" or "unreachable"."""
    schema: str
    """"current", "unknown" (database unreachable), or what is wrong with it."""


async def check_readiness(pool: asyncpg.Pool, *, timeout: float = 2.0) -> Readiness:
    """Ask the database, bounded by `timeout`; a broken pooled connection is discarded by the pool."""
    try:
        async with asyncio.timeout(timeout), pool.acquire() as conn:
            status = await schema_status(conn)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError):
        return Readiness(ready=False, database="unreachable", schema="unknown")
    return Readiness(
        ready=status.current, database="reachable", schema="current" if status.current else status.describe()
    )
