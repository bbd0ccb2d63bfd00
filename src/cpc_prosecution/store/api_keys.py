"""`api_key` rows: prefix, hash of the secret, role, scope, expiry and revocation."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import msgspec

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("KeyRecord", "count_keys", "find_key", "insert_key", "list_keys", "revoke_key")

_COLUMNS: Final = "key_id, prefix, secret_hash, role, offices, regions, created_at, created_by, expires_at, revoked_at"


class KeyRecord(msgspec.Struct, frozen=True, kw_only=True):
    key_id: uuid.UUID
    prefix: str
    secret_hash: bytes
    role: str
    offices: list[str]
    regions: list[str]
    created_at: dt.datetime
    created_by: uuid.UUID | None
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None


def _record(row: Any) -> KeyRecord:
    return msgspec.convert(dict(row), KeyRecord)


async def insert_key(
    conn: Connection,
    *,
    key_id: uuid.UUID,
    prefix: str,
    secret_hash: bytes,
    role: str,
    offices: Sequence[str],
    regions: Sequence[str],
    created_by: uuid.UUID | None,
    expires_at: dt.datetime | None,
) -> KeyRecord:
    row = await conn.fetchrow(
        f"""INSERT INTO api_key (key_id, prefix, secret_hash, role, offices, regions, created_by, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {_COLUMNS}""",  # noqa: S608
        key_id,
        prefix,
        secret_hash,
        role,
        list(offices),
        list(regions),
        created_by,
        expires_at,
    )
    return _record(row)


async def find_key(conn: Connection, prefix: str) -> KeyRecord | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM api_key WHERE prefix = $1", prefix)  # noqa: S608
    return None if row is None else _record(row)


async def list_keys(conn: Connection) -> list[KeyRecord]:
    return [_record(r) for r in await conn.fetch(f"SELECT {_COLUMNS} FROM api_key ORDER BY created_at, prefix")]  # noqa: S608


async def revoke_key(conn: Connection, key_id: uuid.UUID) -> KeyRecord | None:
    row = await conn.fetchrow(
        f"""UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE key_id = $1
            RETURNING {_COLUMNS}""",  # noqa: S608
        key_id,
    )
    return None if row is None else _record(row)


async def count_keys(conn: Connection) -> int:
    count: int = await conn.fetchval("SELECT count(*) FROM api_key")
    return count
