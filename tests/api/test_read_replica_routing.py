"""CPC_READ_DATABASE_URL: which reads the replica serves, and what never leaves the primary.

The "replica" here is a copy of the primary's database taken at one moment (CREATE DATABASE ...
TEMPLATE), after which the primary moves on: a replica far behind. A read served by the replica then
answers what an API on the copy alone answers, and differs from the primary's answer; a case read,
key proofs and audit entries stay on the primary. tests/reliability/test_read_replica.py does the
same against a real streaming standby.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import TEST_DOCKET_SECRET
from tests.support.cases import open_body
from tests.support.histories import recordable_history
from tests.support.keys import CITY, Tokens, bearer
from tests.support.urls import database_url_for

from cpc_api.app import create_app
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db

#: A replica nobody listens for.
UNREACHABLE = "postgresql://cpc@127.0.0.1:1/cpc"


class Databases(msgspec.Struct, frozen=True):
    primary: str
    replica: str
    only_on_primary: str
    """A case opened after the copy was taken."""


@asynccontextmanager
async def _api(primary: str, replica: str | None = None) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    settings = Settings(
        database_url=primary,
        read_database_url=replica,
        log_format="json",
        connect_timeout=2.0,
        docket_secret=TEST_DOCKET_SECRET,
        rate_limit_per_minute=0,
    )
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


async def _copy(server_url: str, source_url: str) -> str:
    """A new database on the same server holding what `source_url`'s holds now; its URL."""
    name = f"cpc_replica_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{urlsplit(source_url).path.lstrip("/")}"')
    finally:
        await admin.close()
    return database_url_for(server_url, name)


async def _drop(server_url: str, url: str) -> None:
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')
    finally:
        await admin.close()


async def _import(url: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    cases = [ImportedCase(office_id=CITY, events=recordable_history(rng)) for _ in range(count)]  # type: ignore[arg-type]
    pool = await create_pool(url, max_size=1)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()


@pytest.fixture(scope="module")
async def databases(pg_server_url: str, database_url: str, tokens: Tokens) -> AsyncIterator[Databases]:
    """60 cases copied to the "replica"; then, on the primary only, 60 more, a release and one case
    opened over HTTP."""
    await _import(database_url, 18, 60)
    replica = await _copy(pg_server_url, database_url)
    try:
        await _import(database_url, 81, 60)
        async with _api(database_url) as api:
            built = await api.post(
                "/v1/releases", json={"period": "2021Q4", "threshold": 3}, headers=bearer(tokens.admin)
            )
            assert built.status_code == 201, built.text
            opened = await api.post(
                "/v1/cases", json=open_body(plea_bargain_history()), headers=bearer(tokens.liaison_city)
            )
            assert opened.status_code == 201, opened.text
        yield Databases(database_url, replica, opened.json()["case_id"])
    finally:
        await _drop(pg_server_url, replica)


#: (read, role) of routes the replica serves; each answer differs between the copy and the primary.
REPLICA_ROUTES = [
    ("/v1/cases?limit=200", "liaison_city"),
    ("/v1/cases?stage=DETECTION&limit=200", "liaison_city"),
    ("/v1/worklist?due_within=366", "liaison_city"),
    ("/v1/metrics/stage_funnel?period=FY2020", "analyst_city"),
    ("/v1/metrics/clearance_rate?from=2020Q1&to=2020Q4", "analyst_city"),
    ("/v1/releases", "viewer"),
    ("/v1/releases/latest", "viewer"),
]


async def _audit_entries(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        count: int = await conn.fetchval("SELECT count(*) FROM audit_log")
        return count
    finally:
        await conn.close()


@pytest.mark.parametrize(("path", "role"), REPLICA_ROUTES)
async def test_a_replica_route_answers_from_the_replica(
    databases: Databases, tokens: Tokens, path: str, role: str
) -> None:
    """Metric, listing, worklist and release reads answer what the replica holds (here: an older copy)."""
    headers = bearer(getattr(tokens, role))
    async with _api(databases.primary, databases.replica) as routed, _api(databases.replica) as replica_alone:
        answer = await routed.get(path, headers=headers)
        expected = await replica_alone.get(path, headers=headers)
    async with _api(databases.primary) as primary_alone:
        on_primary = await primary_alone.get(path, headers=headers)
    assert (answer.status_code, answer.content) == (expected.status_code, expected.content)
    assert (answer.status_code, answer.content) != (on_primary.status_code, on_primary.content)


async def test_a_case_read_writes_and_audit_entries_stay_on_the_primary(databases: Databases, tokens: Tokens) -> None:
    """A case opened after the copy is read at once (read-your-writes); a new case is stored on the
    primary; every request's audit entry, replica routes' included, is written there, never on the replica."""
    headers = bearer(tokens.liaison_city)
    replica_before = await _audit_entries(databases.replica)
    primary_before = await _audit_entries(databases.primary)
    async with _api(databases.primary, databases.replica) as routed:
        read = await routed.get(f"/v1/cases/{databases.only_on_primary}", headers=headers)
        listed = await routed.get("/v1/cases?limit=200", headers=headers)
        metric = await routed.get("/v1/metrics/stage_funnel?period=FY2020", headers=bearer(tokens.analyst_city))
        opened = await routed.post("/v1/cases", json=open_body(plea_bargain_history()), headers=headers)
    assert [r.status_code for r in (read, listed, metric, opened)] == [200, 200, 200, 201]
    assert databases.only_on_primary not in [item["case_id"] for item in listed.json()["items"]]
    assert await _audit_entries(databases.replica) == replica_before
    assert await _audit_entries(databases.primary) == primary_before + 4


async def test_a_key_revoked_on_the_primary_is_refused_on_replica_routes(
    pg_server_url: str, database_url: str, tokens: Tokens
) -> None:
    """Keys are proved on the primary: a key revoked there is refused at once, even on a route whose
    data the replica serves and whose copy of the key is not revoked yet."""
    async with _api(database_url) as api:
        issued = await api.post("/v1/keys", json={"role": "viewer"}, headers=bearer(tokens.admin))
        assert issued.status_code == 201, issued.text
    token, key_id = issued.json()["token"], issued.json()["key"]["key_id"]
    replica = await _copy(pg_server_url, database_url)
    try:
        async with _api(database_url, replica) as routed:
            assert (await routed.get("/v1/releases", headers=bearer(token))).status_code == 200
            revoked = await routed.post(f"/v1/keys/{key_id}/revoke", headers=bearer(tokens.admin))
            assert revoked.status_code == 201, revoked.text
            assert (await routed.get("/v1/releases", headers=bearer(token))).status_code == 401
    finally:
        await _drop(pg_server_url, replica)


async def test_an_unreachable_replica_falls_back_to_the_primary(
    database_url: str, tokens: Tokens, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing listens at the replica's address: its reads answer from the primary, /readyz is 200
    and says so, and one warning (no URL) covers the next requests, which do not try again at once."""
    headers = bearer(tokens.liaison_city)
    async with _api(database_url) as primary_alone:
        expected = await primary_alone.get("/v1/cases?limit=200", headers=headers)
    capsys.readouterr()
    async with _api(database_url, UNREACHABLE) as routed:
        answers = [await routed.get("/v1/cases?limit=200", headers=headers) for _ in range(3)]
        ready = await routed.get("/readyz")
    assert [(a.status_code, a.content) for a in answers] == [(200, expected.content)] * 3
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "reachable", "schema": "current", "replica": "unreachable"}
    logged = capsys.readouterr().err
    warnings = [line for line in logged.splitlines() if "read_replica_unreachable" in line]
    assert len(warnings) == 1, logged[-2000:]
    assert json.loads(warnings[0])["reason"] == "connection refused"
    assert "127.0.0.1:1" not in logged
    assert "postgresql://" not in logged


async def test_without_a_replica_readiness_says_nothing_about_one(database_url: str) -> None:
    """Unset, /readyz keeps its three fields."""
    async with _api(database_url) as api:
        ready = await api.get("/readyz")
    assert ready.json() == {"status": "ready", "database": "reachable", "schema": "current"}
