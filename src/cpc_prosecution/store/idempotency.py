"""Idempotency keys: the first successful response to a keyed request, replayed on every retry.

A retry may arrive while the first request is still running (the client timed out, not the
server), so a request holding a key first takes a transaction-scoped advisory lock on it; the
retry waits, then finds the stored response.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("StoredResponse", "find_response", "lock_key", "save_response")


class StoredResponse(msgspec.Struct, frozen=True, kw_only=True):
    fingerprint: bytes
    status: int
    response: Any


async def lock_key(conn: Connection, client: str, key: str) -> None:
    """Serialise requests that carry the same key, until the transaction ends."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtextextended($1, 7041))", f"{client}\x1f{key}")


async def find_response(conn: Connection, client: str, key: str) -> StoredResponse | None:
    row = await conn.fetchrow(
        "SELECT fingerprint, status, response FROM idempotency_record WHERE client = $1 AND key = $2",
        client,
        key,
    )
    if row is None:
        return None
    return StoredResponse(fingerprint=row["fingerprint"], status=row["status"], response=row["response"])


async def save_response(
    conn: Connection, client: str, key: str, fingerprint: bytes, status: int, response: Any
) -> None:
    await conn.execute(
        """INSERT INTO idempotency_record (client, key, fingerprint, status, response)
           VALUES ($1, $2, $3, $4, $5)""",
        client,
        key,
        fingerprint,
        status,
        response,
    )
