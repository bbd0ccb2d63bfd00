"""The audit trail: every write and every read of a case record, and every administrative act.

Successful writes are recorded inside the write's own transaction (the entry exists if and only if
the write does) and their commit waits for the WAL flush like the write's. Reads and refused requests
are recorded right after they are answered (`record_read`), each entry its own transaction committed
with `synchronous_commit = off`: the request does not wait for the flush, and a PostgreSQL crash may lose
the last fraction of a second of these entries (at most about three times `wal_writer_delay`, 200 ms by
default); an operating-system crash the same. docs/security.md, "Audit log".
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.services.access import Principal
from cpc_prosecution.store import audit as store
from cpc_prosecution.store.audit import AuditEntry, AuditQuery, ReadEntry

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("AuditEntry", "AuditQuery", "ReadEntry", "list_entries", "read_entry", "record", "record_read")

OK = "ok"


async def record(
    conn: Connection, principal: Principal | None, operation: str, case_id: uuid.UUID | None, result: str = OK
) -> None:
    """A write's entry: call it inside the write's transaction."""
    entry = read_entry(principal, operation, case_id, result)
    await store.insert_entry(conn, **msgspec.structs.asdict(entry))


async def record_read(
    conn: Connection, principal: Principal | None, operation: str, case_id: uuid.UUID | None, result: str = OK
) -> None:
    """The entry of a read, or of a refused request (nothing written), after it was answered: its own
    transaction, committed without waiting for the WAL flush. Never for a successful write."""
    entry = read_entry(principal, operation, case_id, result)
    await store.insert_entry(conn, **msgspec.structs.asdict(entry), wait_for_flush=False)


def read_entry(principal: Principal | None, operation: str, case_id: uuid.UUID | None, result: str = OK) -> ReadEntry:
    """The entry `record_read` would append, for a store function that appends it in the statement of
    its own read (one round trip for both; same commit without waiting for the flush)."""
    return ReadEntry(
        key_id=None if principal is None else principal.key_id,
        role=None if principal is None else principal.role.value,
        operation=operation,
        case_id=case_id,
        result=result,
    )


async def list_entries(conn: Connection, query: AuditQuery) -> list[AuditEntry]:
    return await store.query_entries(conn, query)
