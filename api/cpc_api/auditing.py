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
    Refused,
    ServiceError,
    Unauthenticated,
    VersionConflict,
)
from cpc_prosecution.store.database import is_unavailable

__all__ = ("WRITE_METHODS", "audit_unrecorded_refusal", "audited", "operation_of")

#: Methods whose refusal is audited even when the route does not go through `audited`.
WRITE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Set on an exception `audited` already recorded, so the app-wide hook does not record it twice.
_RECORDED_MARK: Final = "_cpc_audited"

T = TypeVar("T")

_RESULTS: Final[dict[type[Exception], str]] = {
    NotFound: "not_found",
    Forbidden: "forbidden",
    VersionConflict: "version_conflict",
    AlreadyExists: "conflict",
    IdempotencyMismatch: "idempotency_mismatch",
    InvalidInput: "invalid_input",
    Refused: "refused",
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
        setattr(exc, _RECORDED_MARK, True)
        raise
    except Exception as exc:
        if is_unavailable(exc):
            raise  # the database cannot take an entry either; trying would double the client's wait
        # A server error is recorded too, if the database still answers; the original error wins.
        with contextlib.suppress(Exception):
            await audit.record_read(db, principal, operation, case_id, result="error")
        raise
    if not (writes_own_entry or records_own_entry):
        found: Any = getattr(result, "case_id", None)
        await audit.record_read(db, principal, operation, case_id or found)
    return result


def operation_of(scope: Any) -> str:
    """The route's `operation_id` (the audit log's name for the request)."""
    handler = scope.get("route_handler")
    operation = getattr(handler, "operation_id", None)
    return operation if isinstance(operation, str) else str(scope.get("path_template") or "(unmatched)")


async def audit_unrecorded_refusal(exc: Exception, scope: Any) -> None:
    """`after_exception` hook: a write refused by a rule (403, 404, 409, 422) on a route that does
    not record its own outcome through `audited` (e.g. a liaison's POST /v1/releases) is recorded
    here, under the proved caller. Without a proved key there is no caller to record (the 401 is in
    the access log; a revoked or expired key is recorded by `services.api_keys.prove_key`); a body
    refused before any key was proved (400, 415) neither."""
    if scope.get("type") != "http" or scope.get("method") not in WRITE_METHODS:
        return
    if not isinstance(exc, ServiceError | DomainError) or isinstance(exc, Unauthenticated):
        return
    if getattr(exc, _RECORDED_MARK, False):
        return
    principal = scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal):
        return
    raw_case = scope.get("path_params", {}).get("case_id")
    case_id = raw_case if isinstance(raw_case, uuid.UUID) else None
    with contextlib.suppress(Exception):  # the refusal is answered whether or not its entry could be
        async with scope["app"].state.pool.acquire() as conn:
            await audit.record_read(conn, principal, operation_of(scope), case_id, result=_result_of(exc))
