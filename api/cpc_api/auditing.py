"""Audit entries for reads and for refused requests (successful writes record their own entry in
their transaction).

The entries recorded here are committed without waiting for the WAL flush (`audit.record_read`,
`synchronous_commit = off` for that entry's transaction only): they follow a read or a request that
changed nothing. A handler whose call writes must record its success entry in the write's own
transaction and pass `writes_own_entry=True` (tests/api/test_audit_commit.py holds every write route to
that), so no write's entry is ever committed this way.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Awaitable
from typing import Any, Final, TypeVar

from asyncpg.pool import PoolConnectionProxy

from cpc_prosecution.domain.errors import DomainError
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.errors import (
    AlreadyExists,
    Forbidden,
    IdempotencyMismatch,
    InvalidInput,
    NotFound,
    ServiceError,
    Unauthenticated,
    VersionConflict,
)

__all__ = ("audited",)

T = TypeVar("T")

_RESULTS: Final[dict[type[Exception], str]] = {
    NotFound: "not_found",
    Forbidden: "forbidden",
    VersionConflict: "version_conflict",
    AlreadyExists: "conflict",
    IdempotencyMismatch: "idempotency_mismatch",
    InvalidInput: "invalid_input",
}


def _result_of(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return "rejected"
    return _RESULTS.get(type(exc), "error")


async def audited(
    db: PoolConnectionProxy,
    principal: Principal,
    operation: str,
    case_id: uuid.UUID | None,
    call: Awaitable[T],
    *,
    writes_own_entry: bool = False,
    records_own_entry: bool = False,
) -> T:
    """Await `call`; record its outcome (success only if the use case did not already record it: every
    call that writes records its own, in its transaction, and says `writes_own_entry`; a read that
    records its own entry with one of its queries says `records_own_entry`)."""
    try:
        result = await call
    except Unauthenticated:
        raise  # a key found revoked or expired by the call itself: no caller to record
    except (ServiceError, DomainError) as exc:
        await audit.record_read(db, principal, operation, case_id, result=_result_of(exc))
        raise
    except Exception:
        # A server error is recorded too, if the database still answers; the original error wins.
        with contextlib.suppress(Exception):
            await audit.record_read(db, principal, operation, case_id, result="error")
        raise
    if not (writes_own_entry or records_own_entry):
        found: Any = getattr(result, "case_id", None)
        await audit.record_read(db, principal, operation, case_id or found)
    return result
