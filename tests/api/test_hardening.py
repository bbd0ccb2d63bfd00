"""Rate limits per key, security headers on every response, CORS off unless configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import TEST_DOCKET_SECRET
from tests.support.keys import Tokens, bearer

from cpc_api.app import create_app
from cpc_prosecution.settings import Settings

pytestmark = pytest.mark.db


@asynccontextmanager
async def _app(url: str, **settings: object) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    config = Settings(database_url=url, log_format="json", docket_secret=TEST_DOCKET_SECRET, **settings)  # type: ignore[arg-type]
    async with AsyncTestClient(app=create_app(config)) as client:
        yield client


async def test_a_key_over_its_rate_limit_gets_429_and_others_are_unaffected(database_url: str, tokens: Tokens) -> None:
    """With 3 requests per minute, the 4th from one key is a 429 problem; another key still passes."""
    async with _app(database_url, rate_limit_per_minute=3) as client:
        statuses = [(await client.get("/v1/offices", headers=bearer(tokens.admin))).status_code for _ in range(4)]
        limited = await client.get("/v1/offices", headers=bearer(tokens.admin))
        other = await client.get("/v1/offices", headers=bearer(tokens.liaison_city))
        health = [(await client.get("/healthz")).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429]
    assert limited.status_code == 429
    assert limited.headers["content-type"].startswith("application/problem+json")
    assert other.status_code == 200
    assert health == [200] * 5


async def test_rate_limit_headers_count_down_and_what_is_kept_per_key_does_not_grow(
    database_url: str, tokens: Tokens
) -> None:
    """RateLimit-Remaining counts the key's requests in the window down to 0 (then 429, with the
    headers), and what the limiter stores per key is a count and the window's end, a few bytes after 203
    requests: a request's cost does not grow with the requests before it."""
    async with _app(database_url, rate_limit_per_minute=203) as client:
        store = client.app.stores.get("rate_limit")
        remaining = []
        for _ in range(3):
            response = await client.get("/v1/offices", headers=bearer(tokens.admin))
            remaining.append(response.headers["ratelimit-remaining"])
        stored = [await store.get(key) for key in list(store._store)]  # type: ignore[attr-defined]
        for _ in range(200):
            await client.get("/v1/offices", headers=bearer(tokens.admin))
        after = [await store.get(key) for key in list(store._store)]  # type: ignore[attr-defined]
        limited = await client.get("/v1/offices", headers=bearer(tokens.admin))
    assert remaining == ["202", "201", "200"]
    assert len(stored) == len(after) == 1
    assert stored[0] is not None
    assert after[0] is not None
    assert len(after[0]) < 24  # a count and the window's end (a list of 203 timestamps was 2,000+ bytes)
    assert limited.status_code == 429
    assert limited.headers["ratelimit-remaining"] == "0"
    assert limited.headers["ratelimit-limit"] == "203"


async def test_api_responses_carry_security_headers(database_url: str, tokens: Tokens) -> None:
    """nosniff, no framing, no referrer, no caching and a deny-all CSP on API responses (errors too)."""
    async with _app(database_url) as client:
        ok = await client.get("/v1/offices", headers=bearer(tokens.admin))
        denied = await client.get("/v1/offices")
        docs = await client.get("/schema/swagger")
    for response in (ok, denied):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert docs.headers["x-frame-options"] == "DENY"
    assert "content-security-policy" not in docs.headers


async def test_cors_is_off_by_default_and_allows_only_configured_origins(database_url: str) -> None:
    """No Access-Control-Allow-Origin unless the origin is configured."""
    preflight = {"Origin": "https://dashboard.example.org", "Access-Control-Request-Method": "GET"}
    async with _app(database_url) as closed:
        off = await closed.options("/v1/offices", headers=preflight)
    async with _app(database_url, cors_origins=("https://dashboard.example.org",)) as open_:
        allowed = await open_.options("/v1/offices", headers=preflight)
        other = await open_.options("/v1/offices", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in off.headers
    assert allowed.headers["access-control-allow-origin"] == "https://dashboard.example.org"
    assert "access-control-allow-origin" not in other.headers
