"""`case_docket`: keyed hashes of docket numbers, each pointing at one case."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("find_case_by_docket", "insert_docket")


async def insert_docket(
    conn: Connection, kind: str, scope_id: str, docket_hash: bytes, case_id: uuid.UUID
) -> uuid.UUID:
    """Register the hash for `case_id`; returns the case it belongs to (another one if already taken)."""
    owner: uuid.UUID = await conn.fetchval(
        """WITH inserted AS (
               INSERT INTO case_docket (kind, scope_id, docket_hash, case_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (kind, scope_id, docket_hash) DO NOTHING
               RETURNING case_id)
           SELECT case_id FROM inserted
           UNION ALL
           SELECT case_id FROM case_docket WHERE kind = $1 AND scope_id = $2 AND docket_hash = $3
           LIMIT 1""",
        kind,
        scope_id,
        docket_hash,
        case_id,
    )
    return owner


async def find_case_by_docket(conn: Connection, kind: str, scope_id: str, docket_hash: bytes) -> uuid.UUID | None:
    found: uuid.UUID | None = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE kind = $1 AND scope_id = $2 AND docket_hash = $3",
        kind,
        scope_id,
        docket_hash,
    )
    return found
