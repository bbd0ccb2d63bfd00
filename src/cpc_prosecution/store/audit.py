"""`audit_log`: append-only record of who did what to which case, and with what result."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

import msgspec

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("AuditEntry", "AuditQuery", "insert_entry", "query_entries")


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    entry_id: int
    at: dt.datetime
    key_id: uuid.UUID | None
    role: str | None
    operation: str
    case_id: uuid.UUID | None
    result: str


class AuditQuery(msgspec.Struct, frozen=True, kw_only=True):
    key_id: uuid.UUID | None = None
    case_id: uuid.UUID | None = None
    operation: str | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    after: int | None = None
    limit: int = 100


async def insert_entry(
    conn: Connection,
    *,
    key_id: uuid.UUID | None,
    role: str | None,
    operation: str,
    case_id: uuid.UUID | None,
    result: str,
) -> None:
    await conn.execute(
        "INSERT INTO audit_log (key_id, role, operation, case_id, result) VALUES ($1, $2, $3, $4, $5)",
        key_id,
        role,
        operation,
        case_id,
        result,
    )


async def query_entries(conn: Connection, query: AuditQuery) -> list[AuditEntry]:
    clauses: list[str] = []
    args: list[Any] = []
    for column, op, value in (
        ("key_id", "=", query.key_id),
        ("case_id", "=", query.case_id),
        ("operation", "=", query.operation),
        ("at", ">=", query.since),
        ("at", "<", query.until),
        ("entry_id", ">", query.after),
    ):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} {op} ${len(args)}")
    args.append(query.limit)
    sql = (
        "SELECT entry_id, at, key_id, role, operation, case_id, result FROM audit_log"  # noqa: S608
        + (f" WHERE {' AND '.join(clauses)}" if clauses else "")
        + f" ORDER BY entry_id LIMIT ${len(args)}"
    )
    return [msgspec.convert(dict(r), AuditEntry) for r in await conn.fetch(sql, *args)]
