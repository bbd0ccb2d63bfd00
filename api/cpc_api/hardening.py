"""Defences around every response: security headers, per-key rate limits, optional CORS."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final, cast

from litestar.config.cors import CORSConfig
from litestar.enums import ScopeType
from litestar.middleware.rate_limit import (
    DURATION_VALUES,
    CacheObject,
    RateLimitConfig,
    RateLimitMiddleware,
    get_remote_address,
)
from litestar.stores.base import StorageObject
from litestar.stores.memory import MemoryStore

from cpc_api.deps import api_key_of

if TYPE_CHECKING:
    from litestar import Request
    from litestar.stores.base import Store
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

    from cpc_prosecution.settings import Settings

__all__ = (
    "RATE_LIMIT_STORE",
    "EventLoopMemoryStore",
    "SecurityHeadersMiddleware",
    "WindowCountRateLimitMiddleware",
    "cors_config",
    "rate_limit_config",
)

#: The name of the store the rate limiter keeps its counts in (Litestar's default name).
RATE_LIMIT_STORE: Final = "rate_limit"

_KEY_PREFIX: Final = re.compile(r"^cpc_([a-z0-9]{8})_")
_COMMON: Final = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# API responses are data, never documents: nothing may be loaded, framed or cached from them.
_API_ONLY: Final = (
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"cache-control", b"no-store"),
)


# The dashboard is a document: its own scripts and styles only (plotly.js sets inline styles), data
# from this origin only; nothing from elsewhere (offline first). Its handlers set Cache-Control.
_DASHBOARD_CSP: Final = (
    b"content-security-policy",
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    b"font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
)


# Each with the set of its header names, to drop any value set further in before ours are added.
_DOCS_HEADERS: Final = (_COMMON, frozenset(name for name, _ in _COMMON))
_DASHBOARD_HEADERS: Final = ((*_COMMON, _DASHBOARD_CSP), frozenset(name for name, _ in (*_COMMON, _DASHBOARD_CSP)))
_API_HEADERS: Final = (_COMMON + _API_ONLY, frozenset(name for name, _ in _COMMON + _API_ONLY))


class SecurityHeadersMiddleware:
    """Adds the standard security headers; the interactive docs under /schema keep their scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._allow: dict[str, bytes] | None = None  # built on the first OPTIONS request

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        extra: tuple[tuple[bytes, bytes], ...]
        names: frozenset[bytes]
        if path.startswith("/schema"):
            extra, names = _DOCS_HEADERS
        elif path == "/dashboard" or path.startswith("/dashboard/"):
            extra, names = _DASHBOARD_HEADERS
        else:
            extra, names = _API_HEADERS
        options = scope["method"] == "OPTIONS"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0].lower() not in names]
                allow = self._allowed(scope) if options else None
                if allow is not None:
                    headers = [h for h in headers if h[0].lower() != b"allow"] + [(b"allow", allow)]
                message["headers"] = [*headers, *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _allowed(self, scope: Scope) -> bytes | None:
        if self._allow is None and "app" in scope:
            self._allow = allow_headers(scope["app"])
        return None if self._allow is None else self._allow.get(str(scope.get("path_template")))


def allow_headers(app: Any) -> dict[str, bytes]:
    """Each route's path template -> its `Allow` header: every method of the route. Litestar's own
    OPTIONS answer lists only the methods of the first handler registered on the path (GET or POST,
    not both)."""
    return {
        route.path_format: ", ".join(sorted(route.methods)).encode()
        for route in app.routes
        if getattr(route, "methods", None)
    }


def _rate_limit_identity(request: Request[Any, Any, Any]) -> str:
    # Per presented key, by a digest of the whole token (a prefix alone could be typed by anyone to
    # drain another key's budget); without a well-formed key, per client address.
    token = api_key_of(request.headers)
    if token and _KEY_PREFIX.match(token):
        return "key:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return f"address:{get_remote_address(request)}"


class WindowCountRateLimitMiddleware(RateLimitMiddleware):
    """Litestar's fixed-window limiter, storing each key's request count in the window instead of one
    timestamp per request.

    Litestar keeps, per key, a JSON list with a timestamp for every request of the current window and
    decodes, extends and re-encodes it on every request, though it only ever counts it: a request cost
    grew with the requests before it in the window (up to the limit, 1,000,000 per minute at most). The
    count and the window's end are all the decision and the RateLimit-* headers need; the window,
    the limit, the 429 and the headers are Litestar's own (its `__call__` and `create_response_headers`).
    """

    async def retrieve_cached_history(self, key: str, store: Store) -> CacheObject:
        now = int(time.time())
        stored = await store.get(key)
        if stored:
            count, reset = (int(part) for part in stored.split(b" "))
            if reset > now:
                return CacheObject(history=_counted(count), reset=reset)
        return CacheObject(history=[], reset=now + DURATION_VALUES[self.unit])

    async def set_cached_history(self, key: str, cache_object: CacheObject, store: Store) -> None:
        count = len(cache_object.history) + 1
        cache_object.history = _counted(count)
        await store.set(key, f"{count} {cache_object.reset}".encode(), expires_in=DURATION_VALUES[self.unit])


class EventLoopMemoryStore(MemoryStore):
    """Litestar's in-memory store without the lock it takes around each single dictionary operation.

    Such an operation has no `await` inside, so on one event loop nothing can interleave with it; and
    the limiter's read-then-write spans two calls, which the lock never made atomic either. The two
    lock acquisitions per request were about 2 % of a worker's CPU per append in a profile of the
    write benchmark. Each worker process keeps its own counts, as with the MemoryStore.
    """

    __slots__ = ()

    async def set(self, key: str, value: str | bytes, expires_in: int | dt.timedelta | None = None) -> None:
        data = value.encode() if isinstance(value, str) else value
        self._store[key] = StorageObject.new(data=data, expires_in=expires_in)

    async def get(self, key: str, renew_for: int | dt.timedelta | None = None) -> bytes | None:
        stored = self._store.get(key)
        if stored is None:
            return None
        if stored.expired:
            del self._store[key]
            return None
        if renew_for and stored.expires_at:
            stored = self._store[key] = StorageObject.new(data=stored.data, expires_in=renew_for)
        return stored.data


def _counted(count: int) -> list[int]:
    # Litestar only takes len() of a history: a range stands for `count` requests without a list of them.
    history: Sequence[int] = range(count)
    return cast("list[int]", history)


def rate_limit_config(settings: Settings) -> RateLimitConfig | None:
    if settings.rate_limit_per_minute == 0:
        return None
    return RateLimitConfig(
        rate_limit=("minute", settings.rate_limit_per_minute),
        identifier_for_request=_rate_limit_identity,
        exclude=["/healthz", "/readyz", "/schema"],
        middleware_class=WindowCountRateLimitMiddleware,
        store=RATE_LIMIT_STORE,
    )


def cors_config(settings: Settings) -> CORSConfig | None:
    """CORS is off unless origins are configured: browsers then may call the API from those origins."""
    if not settings.cors_origins:
        return None
    return CORSConfig(
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID"],
        allow_credentials=False,
        max_age=600,
    )
