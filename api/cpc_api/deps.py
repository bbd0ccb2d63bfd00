"""Dependencies handed to controllers: a pooled connection, and the caller proved by its API key (or,
for the append route, the key's claim: `services.key_memory`)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from asyncpg.pool import PoolConnectionProxy
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency

from cpc_api.auditing import operation_of
from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.api_keys import authenticate
from cpc_prosecution.services.errors import Unauthenticated
from cpc_prosecution.services.key_memory import KeyClaim, KeyMemory

__all__ = (
    "Caller",
    "ClaimedCaller",
    "Db",
    "api_key_of",
    "provide_connection",
    "provide_key_claim",
    "provide_principal",
)


async def provide_connection(state: State) -> AsyncGenerator[PoolConnectionProxy, None]:
    """A pooled connection for the request; each use case opens its own transaction on it."""
    async with state.pool.acquire() as conn:
        yield conn


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
    principal = await authenticate(db, token, operation=operation_of(request.scope))
    request.scope["state"]["key_prefix"] = token[4:12]
    request.scope["state"]["principal"] = principal  # for auditing.audit_unrecorded_refusal
    return principal


async def provide_key_claim(
    request: Request[Any, Any, Any], db: NamedDependency[PoolConnectionProxy], state: State
) -> KeyClaim:
    """The key's claim: proved now, or remembered by this worker (the handler's use case must then
    re-check it in its write and prove it before any other answer)."""
    token = _token_of(request)
    memory: KeyMemory = state.key_memory
    claim = await memory.claim(db, token)
    request.scope["state"]["key_prefix"] = token[4:12]
    return claim


#: The request's pooled connection, as controllers declare it.
Db = NamedDependency[PoolConnectionProxy]
#: The caller proved by its API key, as controllers declare it.
Caller = NamedDependency[Principal]
#: The caller's key claim (`provide_key_claim`), for a use case that re-checks the key in its write.
ClaimedCaller = NamedDependency[KeyClaim]
