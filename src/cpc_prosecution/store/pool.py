"""The asyncpg connection pool and its type codecs."""

from __future__ import annotations

from typing import Any, TypeAlias

import asyncpg
import msgspec
from asyncpg.pool import PoolConnectionProxy

__all__ = ("Connection", "create_pool", "register_codecs")

#: A connection of our own or one borrowed from the pool: the store accepts either.
Connection: TypeAlias = "asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]"


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


async def create_pool(dsn: str, *, max_size: int = 10, timeout: float = 10.0) -> asyncpg.Pool:
    """A pool whose connections all carry our codecs; connections are opened lazily (min_size 0)
    so that the API can start, and say "not ready", while the database is down."""
    pool: asyncpg.Pool = await asyncpg.create_pool(
        dsn,
        min_size=0,
        max_size=max_size,
        timeout=timeout,
        command_timeout=60,
        init=register_codecs,
        reset=_keep_session,
        max_inactive_connection_lifetime=300.0,
    )
    return pool
