"""Dependencies handed to controllers."""

from __future__ import annotations

from collections.abc import AsyncGenerator

from asyncpg.pool import PoolConnectionProxy
from litestar.datastructures import State

__all__ = ("provide_connection",)


async def provide_connection(state: State) -> AsyncGenerator[PoolConnectionProxy, None]:
    """A pooled connection for the request; each use case opens its own transaction on it."""
    async with state.pool.acquire() as conn:
        yield conn
