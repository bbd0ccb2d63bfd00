"""`audit_log`: append-only record of who did what to which case, and with what result."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Final

import msgspec

from cpc_prosecution.store.pool import writer_of

if TYPE_CHECKING:
    import asyncpg

    from cpc_prosecution.store.pool import Connection

__all__ = ("AuditEntry", "AuditQuery", "ReadEntry", "fetch_recording_read", "insert_entry", "query_entries")


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


class ReadEntry(msgspec.Struct, frozen=True, kw_only=True):
    """An entry to append after a read or a refused request (see `insert_entry(wait_for_flush=False)`)."""

    key_id: uuid.UUID | None
    role: str | None
    operation: str
    case_id: uuid.UUID | None
    result: str


_INSERT: Final = "INSERT INTO audit_log (key_id, role, operation, case_id, result) VALUES ($1, $2, $3, $4, $5)"


def _insert_without_flush_wait(first: int) -> str:
    """The entry (parameters $first..$first+4) in a statement that also turns `synchronous_commit` off for
    its own transaction only (`set_config(..., is_local => true)`, i.e. `SET LOCAL`): run outside a
    transaction, the statement is its own transaction, whose commit (which reads the setting when it
    happens) then returns without waiting for the WAL flush; the setting reverts when that transaction
    ends. One round trip."""
    a, b, c, d, e = (f"${first + i}" for i in range(5))  # parameter numbers only
    return (
        "INSERT INTO audit_log (key_id, role, operation, case_id, result) "  # noqa: S608
        f"SELECT {a}::uuid, {b}::text, {c}::text, {d}::uuid, {e}::text "
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS local_setting"
    )


_INSERT_WITHOUT_FLUSH_WAIT: Final = _insert_without_flush_wait(1)


async def insert_entry(
    conn: Connection,
    *,
    key_id: uuid.UUID | None,
    role: str | None,
    operation: str,
    case_id: uuid.UUID | None,
    result: str,
    wait_for_flush: bool = True,
) -> None:
    """Append one entry. `wait_for_flush=False` (entries after reads and refusals only) commits it
    with `synchronous_commit = off`: a PostgreSQL crash may lose the last fraction of a second of
    such entries. It applies only when the connection is not inside a transaction (the entry is then
    its own transaction); inside one, the entry shares that transaction's commit, whatever it is.
    Always on the primary, also when `conn` reads from a replica."""
    conn = writer_of(conn)
    quick = not wait_for_flush and not conn.is_in_transaction()
    await conn.execute(_INSERT_WITHOUT_FLUSH_WAIT if quick else _INSERT, key_id, role, operation, case_id, result)


async def fetch_recording_read(conn: Connection, entry: ReadEntry, query: str, *args: object) -> list[asyncpg.Record]:
    """Run `query` (one read-only SELECT; parameters $1..$len(args)) and append `entry` as
    `insert_entry(..., wait_for_flush=False)` would, in the same statement (a data-modifying WITH, which
    runs to completion whatever the query returns): one round trip instead of two. Inside a transaction,
    two statements sharing its commit. On the primary, also when `conn` reads from a replica."""
    conn = writer_of(conn)
    fields = (entry.key_id, entry.role, entry.operation, entry.case_id, entry.result)
    if conn.is_in_transaction():
        await conn.execute(_INSERT, *fields)
        return list(await conn.fetch(query, *args))
    cte = f"audit_entry AS ({_insert_without_flush_wait(len(args) + 1)})"
    statement = f"WITH {cte}, {query[5:]}" if query.startswith("WITH ") else f"WITH {cte} {query}"
    return list(await conn.fetch(statement, *args, *fields))


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
