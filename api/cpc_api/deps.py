"""Dependencies handed to controllers: a pooled connection, and the caller proved by its API key.

Every request proves its key against the `api_key` row (a revocation acts at once); nothing about a
key is remembered between requests."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from asyncpg.pool import PoolConnectionProxy
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency

from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.api_keys import authenticate
from cpc_prosecution.services.errors import Unauthenticated

__all__ = (
    "Caller",
    "Db",
    "api_key_of",
    "provide_connection",
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
    principal = await authenticate(db, token)
    request.scope["state"]["key_prefix"] = token[4:12]
    return principal


#: The request's pooled connection, as controllers declare it.
Db = NamedDependency[PoolConnectionProxy]
#: The caller proved by its API key, as controllers declare it.
Caller = NamedDependency[Principal]
