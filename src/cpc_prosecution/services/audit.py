"""The audit trail: every write and every read of a case record, and every administrative act.

Successful writes are recorded inside the write's own transaction (the entry exists if and only if
the write does); reads and refused requests are recorded right after they are answered.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from cpc_prosecution.services.access import Principal
from cpc_prosecution.store import audit as store
from cpc_prosecution.store.audit import AuditEntry, AuditQuery

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("AuditEntry", "AuditQuery", "list_entries", "record")

OK = "ok"


async def record(
    conn: Connection, principal: Principal | None, operation: str, case_id: uuid.UUID | None, result: str = OK
) -> None:
    await store.insert_entry(
        conn,
        key_id=None if principal is None else principal.key_id,
        role=None if principal is None else principal.role.value,
        operation=operation,
        case_id=case_id,
        result=result,
    )


async def list_entries(conn: Connection, query: AuditQuery) -> list[AuditEntry]:
    return await store.query_entries(conn, query)
