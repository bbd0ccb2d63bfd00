"""Every refused write and every request with a known-but-withdrawn key leaves an audit entry.

Reproducers of issue 18: a liaison's refused `POST /v1/releases` left no entry; requests with a
revoked or expired key left none either.
"""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import ClientFactory
from tests.support.keys import Tokens

from cpc_prosecution.services import api_keys
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import NewKey
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db


async def _entries(admin: AsyncTestClient, key_id: str) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    response = await admin.get("/v1/audit", params={"key_id": key_id, "limit": 1000})
    assert response.status_code == 200, response.text
    return [(e["operation"], e["result"]) for e in response.json()]


async def _key_id(admin: AsyncTestClient, token: str) -> str:  # type: ignore[type-arg]
    prefix = token[4:12]
    (key,) = [k for k in (await admin.get("/v1/keys")).json() if k["prefix"] == prefix]
    return str(key["key_id"])


async def test_a_liaisons_refused_release_build_is_audited(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    liaison: AsyncTestClient,  # type: ignore[type-arg]
    tokens: Tokens,
) -> None:
    """POST /v1/releases with a liaison key: 403, and one `BuildRelease` entry `forbidden` under that key
    (the route records no outcome itself: the app-wide hook does)."""
    key_id = await _key_id(admin, tokens.liaison_city)
    before = await _entries(admin, key_id)
    response = await liaison.post("/v1/releases", json={"period": "2021Q4"})
    assert response.status_code == 403, response.text
    assert await _entries(admin, key_id) == [*before, ("BuildRelease", "forbidden")]


async def test_a_refused_write_through_audited_is_recorded_once(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    liaison: AsyncTestClient,  # type: ignore[type-arg]
    tokens: Tokens,
) -> None:
    """A liaison creating a key (a route that records its own refusals): one `CreateApiKey` entry
    `forbidden`, not two."""
    key_id = await _key_id(admin, tokens.liaison_city)
    before = await _entries(admin, key_id)
    assert (await liaison.post("/v1/keys", json={"role": "viewer"})).status_code == 403
    assert await _entries(admin, key_id) == [*before, ("CreateApiKey", "forbidden")]


async def test_requests_with_a_revoked_or_expired_key_are_audited(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    client_for: ClientFactory,
    database_url: str,
) -> None:
    """A revoked key and an expired key (both proved by their secret): 401 like an unknown key, and an
    entry under the key's id naming the route's operation, `revoked_key` / `expired_key`. An unknown
    key leaves none (it names no key)."""
    created = (await admin.post("/v1/keys", json={"role": "admin"})).json()
    revoked_token, revoked_id = created["token"], created["key"]["key_id"]
    assert (await admin.post(f"/v1/keys/{revoked_id}/revoke")).status_code == 201
    conn = await asyncpg.connect(database_url)
    await register_codecs(conn)
    try:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        expired = await api_keys.issue_key(conn, NewKey(role=Role.ADMIN, expires_at=past), created_by=None)
    finally:
        await conn.close()
    for token in (revoked_token, expired.token, "cpc_zzzzzzzz_" + "A" * 43):
        async with client_for(database_url, token) as withdrawn:
            response = await withdrawn.get("/v1/keys")
            assert response.status_code == 401
            assert response.json()["detail"] == "a valid API key is required (Authorization: Bearer cpc_...)"
    assert (await _entries(admin, revoked_id))[-1] == ("ListApiKeys", "revoked_key")
    assert await _entries(admin, str(expired.key.key_id)) == [("ListApiKeys", "expired_key")]
