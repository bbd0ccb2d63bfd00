"""Dependencies handed to controllers: a pooled connection, and the caller proved by its API key.

Every request proves its key against the `api_key` row on the primary (a revocation acts at once);
nothing about a key is remembered between requests. A route marked `opt=REPLICA_READS` gets a
connection to the read replica when one is configured and reachable (its writes, the audit entry,
still go to the primary: `store.pool.writer_of`); every other route reads on the primary, so a case
read after its write sees it."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any, Final

from asyncpg.pool import PoolConnectionProxy
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency

from cpc_api.auditing import operation_of
from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.api_keys import authenticate
from cpc_prosecution.services.errors import Unauthenticated
from cpc_prosecution.store.pool import writer_of

__all__ = (
    "REPLICA_READS",
    "Caller",
    "Db",
    "api_key_of",
    "provide_connection",
    "provide_principal",
)


#: A route's `opt` for reads that may be served by the read replica (CPC_READ_DATABASE_URL): metrics,
#: case listings, the worklist and stored releases; never a case read, nor anything that writes.
REPLICA_READS: Final[dict[str, Any]] = {"reads": "replica"}


async def provide_connection(
    state: State, request: Request[Any, Any, Any]
) -> AsyncGenerator[PoolConnectionProxy, None]:
    """A pooled connection for the request; each use case opens its own transaction on it. On a
    route marked `REPLICA_READS`, the replica's (paired with this primary connection), if any."""
    async with state.pool.acquire() as conn:
        replica = state.get("read_replica")
        if replica is None or request.route_handler.opt.get("reads") != "replica":
            yield conn
            return
        async with replica.connection_for_reads(conn) as reader:
            yield reader


def api_key_of(headers: Any) -> str | None:
    """The key from `Authorization: Bearer <key>` or `X-API-Key: <key>` (never logged)."""
    authorization = headers.get("authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        token: str = authorization[7:].strip()
        return token
    key: str | None = headers.get("x-api-key")
    return key


def _token_of(request: Request[Any, Any, Any]) -> str:
    token = api_key_of(request.headers)
    if not token:
        raise Unauthenticated("a valid API key is required (Authorization: Bearer cpc_...)")
    return token


async def provide_principal(request: Request[Any, Any, Any], db: NamedDependency[PoolConnectionProxy]) -> Principal:
    token = _token_of(request)
    # On the primary even when `db` reads from a replica: a key revoked a moment ago is refused.
    principal = await authenticate(writer_of(db), token, operation=operation_of(request.scope))
    request.scope["state"]["key_prefix"] = token[4:12]
    request.scope["state"]["principal"] = principal  # for auditing.audit_unrecorded_refusal
    return principal


#: The request's pooled connection, as controllers declare it.
Db = NamedDependency[PoolConnectionProxy]
#: The caller proved by its API key, as controllers declare it.
Caller = NamedDependency[Principal]
