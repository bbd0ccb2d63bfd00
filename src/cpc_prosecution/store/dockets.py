"""`case_docket`: keyed hashes of docket numbers, each pointing at one case."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("find_case_by_docket", "find_cases_by_dockets", "insert_docket", "insert_new_dockets")


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


async def find_cases_by_dockets(
    conn: Connection, kind: str, keys: Sequence[tuple[str, bytes]]
) -> dict[tuple[str, bytes], tuple[uuid.UUID, int]]:
    """(scope id, hash) -> (case id, version) for every key registered to a case: one query for a batch."""
    rows = await conn.fetch(
        """SELECT d.scope_id, d.docket_hash, f.case_id, f.version
           FROM unnest($2::text[], $3::bytea[]) AS k (scope_id, docket_hash)
           JOIN case_docket AS d ON d.kind = $1 AND d.scope_id = k.scope_id AND d.docket_hash = k.docket_hash
           JOIN case_file AS f ON f.case_id = d.case_id""",
        kind,
        [scope for scope, _ in keys],
        [digest for _, digest in keys],
    )
    return {(r["scope_id"], r["docket_hash"]): (r["case_id"], r["version"]) for r in rows}


async def insert_new_dockets(conn: Connection, kind: str, entries: Sequence[tuple[str, bytes, uuid.UUID]]) -> int:
    """Register (scope id, hash, case id) for new cases in one statement; returns how many went in
    (fewer than given when another case already holds one of the hashes)."""
    inserted: int = await conn.fetchval(
        """WITH inserted AS (
               INSERT INTO case_docket (kind, scope_id, docket_hash, case_id)
               SELECT $1, k.scope_id, k.docket_hash, k.case_id
               FROM unnest($2::text[], $3::bytea[], $4::uuid[]) AS k (scope_id, docket_hash, case_id)
               ON CONFLICT (kind, scope_id, docket_hash) DO NOTHING
               RETURNING 1)
           SELECT count(*) FROM inserted""",
        kind,
        [scope for scope, _, _ in entries],
        [digest for _, digest, _ in entries],
        [case_id for _, _, case_id in entries],
    )
    return inserted
