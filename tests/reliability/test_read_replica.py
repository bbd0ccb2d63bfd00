"""Reads from a real streaming standby answer exactly what the primary answers, and losing the standby
costs nothing but its speed-up.

A fresh primary (initdb, wal_level=replica, a replication line in pg_hba.conf) and a standby cloned
from it with `pg_basebackup -R`, both on free loopback ports (tests/support/pg_cluster.py runs the
commands docs/operations.md#read-replicas gives). The API runs with CPC_DATABASE_URL on the primary
and CPC_READ_DATABASE_URL on the standby, beside an API on the primary alone. Skipped, with the
reason, where the machine has no PostgreSQL programs to run them with.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient
from tests.support.cases import open_body
from tests.support.histories import recordable_history
from tests.support.keys import CITY, Tokens, bearer, seed_access
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.pg_cluster import REPLICATION_STATUS, Node, primary_and_standby, wait_caught_up
from tests.support.server import running_server

from cpc_api.app import create_app
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.migrate import upgrade
from cpc_prosecution.store.pool import create_pool

pytestmark = [pytest.mark.db, EMBEDDED_PASS_ONLY]

#: Whole test, servers included (the brief's bound is 60 s).
BOUND = 60.0
CASES = 160


@asynccontextmanager
async def _api(primary: str, replica: str | None) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    settings = Settings(
        database_url=primary,
        read_database_url=replica,
        log_format="json",
        connect_timeout=2.0,
        statement_timeout=5.0,
        docket_secret=b"r" * 32,
        rate_limit_per_minute=0,
    )
    async with AsyncTestClient(app=create_app(settings), timeout=30) as client:
        yield client


async def _load(url: str) -> Tokens:
    conn = await asyncpg.connect(url)
    try:
        await upgrade(conn)
    finally:
        await conn.close()
    tokens = await seed_access(url)
    rng = random.Random(1818)
    cases = [ImportedCase(office_id=CITY, events=recordable_history(rng)) for _ in range(CASES)]  # type: ignore[arg-type]
    pool = await create_pool(url, max_size=1)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()
    return tokens


async def _reads(api: AsyncTestClient, tokens: Tokens) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """(path, key) of every read the replica serves: the listing, the worklist, each metric for a
    period and as a series, the targets, and the stored releases."""
    registry = await api.get("/v1/metrics", headers=bearer(tokens.analyst_city))
    assert registry.status_code == 200, registry.text
    metric_ids = [entry["metric"]["id"] for entry in registry.json()]
    assert len(metric_ids) >= 5
    reads = [
        (f"/v1/cases?limit={CASES + 10}", tokens.liaison_city),
        ("/v1/cases?stage=TRIAL&limit=20", tokens.liaison_city),
        ("/v1/worklist?due_within=366", tokens.liaison_city),
        ("/v1/metrics", tokens.analyst_city),
        ("/v1/targets", tokens.analyst_city),
        ("/v1/releases", tokens.viewer),
        ("/v1/releases/latest", tokens.viewer),
    ]
    latest = await api.get("/v1/releases/latest", headers=bearer(tokens.viewer))
    assert latest.status_code == 200, latest.text
    table = latest.json()["tables"][0]
    reads += [(table["json"], tokens.viewer), (table["csv"], tokens.viewer)]
    reads += [(f"/v1/releases/latest/tables/{table['id']}?format=csv", tokens.viewer)]
    reads += [(f"/v1/metrics/{m}?period=FY2020", tokens.analyst_city) for m in metric_ids]
    reads += [(f"/v1/metrics/{m}?from=2021Q1&to=2021Q4", tokens.analyst_city) for m in metric_ids[:3]]
    return reads


async def _answers(api: AsyncTestClient, reads: list[tuple[str, str]]) -> list[tuple[int, bytes]]:  # type: ignore[type-arg]
    return [((r := await api.get(path, headers=bearer(key))).status_code, r.content) for path, key in reads]


async def _listing(api: AsyncTestClient, tokens: Tokens) -> list[str]:  # type: ignore[type-arg]
    response = await api.get(f"/v1/cases?limit={CASES + 10}", headers=bearer(tokens.liaison_city))
    assert response.status_code == 200, response.text
    return [item["case_id"] for item in response.json()["items"]]


async def _open_case(api: AsyncTestClient, tokens: Tokens) -> str:  # type: ignore[type-arg]
    response = await api.post("/v1/cases", json=open_body(plea_bargain_history()), headers=bearer(tokens.liaison_city))
    assert response.status_code == 201, response.text
    case_id: str = response.json()["case_id"]
    return case_id


async def _replay(standby: Node, action: str) -> None:
    conn = await asyncpg.connect(standby.url)
    try:
        await conn.execute(f"SELECT pg_wal_replay_{action}()")
    finally:
        await conn.close()


async def _fetch(url: str, query: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(url)
    try:
        return list(await conn.fetch(query))
    finally:
        await conn.close()


async def _audit_count(url: str, operation: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        count: int = await conn.fetchval("SELECT count(*) FROM audit_log WHERE operation = $1", operation)
        return count
    finally:
        await conn.close()


async def test_replica_reads_equal_primary_reads_and_writes_outlive_the_replica(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Once the standby has replayed the primary's WAL, every replica-served read (listing,
    worklist, metrics, series, targets, releases) is byte-identical to the same read on the primary.
    Reads do come from the standby (with replay paused, a new case is missing from the listing but
    its own read, on the primary, finds it) while their audit entries and every write go to the
    primary. With the standby stopped, appends still succeed, the same reads answer from the
    primary, /readyz stays 200 saying the replica is unreachable, and one warning names no URL.
    Started again it catches up, and promoted it holds every case and takes writes."""
    started = time.monotonic()
    with primary_and_standby() as (cluster, primary, standby):
        tokens = await _load(primary.url)
        async with _api(primary.url, standby.url) as replicated, _api(primary.url, None) as direct:
            built = await direct.post(
                "/v1/releases", json={"period": "2021Q4", "threshold": 3}, headers=bearer(tokens.admin)
            )
            assert built.status_code == 201, built.text
            await wait_caught_up(primary.url, standby.url)
            senders = await _fetch(primary.url, REPLICATION_STATUS)
            assert [row["state"] for row in senders] == ["streaming"]
            reads = await _reads(direct, tokens)
            from_primary = await _answers(direct, reads)
            assert [status for status, _ in from_primary] == [200] * len(reads), list(
                zip(reads, from_primary, strict=True)
            )
            assert await _answers(replicated, reads) == from_primary

            ready = await replicated.get("/readyz")
            assert (ready.status_code, ready.json()["replica"]) == (200, "ready")

            # Replay paused: the standby stops at what it has; reads served by it do not see the new case.
            await _replay(standby, "pause")
            listed_before = await _audit_count(primary.url, "ListCases")
            new_case = await _open_case(replicated, tokens)
            assert new_case not in await _listing(replicated, tokens)
            assert new_case in await _listing(direct, tokens)
            own_read = await replicated.get(f"/v1/cases/{new_case}", headers=bearer(tokens.liaison_city))
            assert own_read.status_code == 200  # read-your-writes: a case read is on the primary
            assert await _audit_count(primary.url, "ListCases") == listed_before + 2
            await _replay(standby, "resume")
            await wait_caught_up(primary.url, standby.url)
            assert await _listing(replicated, tokens) == await _listing(direct, tokens)

            await asyncio.to_thread(cluster.stop, standby)
            capsys.readouterr()
            appended = await _open_case(replicated, tokens)
            assert appended in await _listing(replicated, tokens)
            assert await _answers(replicated, reads[:6]) == await _answers(direct, reads[:6])
            ready = await replicated.get("/readyz")
            assert ready.status_code == 200
            assert ready.json() == {
                "status": "ready",
                "database": "reachable",
                "schema": "current",
                "replica": "unreachable",
            }
            logged = capsys.readouterr().err
            warnings = [line for line in logged.splitlines() if "read_replica_unreachable" in line]
            assert len(warnings) == 1, logged[-2000:]  # then left alone for RETRY_AFTER seconds
            assert "postgresql://" not in logged
            assert str(standby.port) not in warnings[0]

            # Started again, it catches up by itself; promoted, it serves as the primary with every case.
            await asyncio.to_thread(cluster.start, standby)
            await wait_caught_up(primary.url, standby.url)
            await asyncio.to_thread(cluster.promote, standby)
            async with _api(standby.url, None) as promoted:
                assert await _listing(promoted, tokens) == await _listing(direct, tokens)
                assert await _open_case(promoted, tokens) in await _listing(promoted, tokens)
    assert time.monotonic() - started < BOUND


async def test_serve_hands_the_replica_to_every_worker() -> None:
    """`cpc-prosecution serve --workers 2` with CPC_READ_DATABASE_URL: each worker reads there (its
    /readyz says the replica is ready) and a listing from it equals the primary's."""
    with primary_and_standby() as (_cluster, primary, standby):
        tokens = await _load(primary.url)
        await wait_caught_up(primary.url, standby.url)
        server = running_server(primary.url, workers=2, CPC_READ_DATABASE_URL=standby.url)
        with server as base:
            for _ in range(4):  # a new connection each time, which the kernel hands to either worker
                async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                    assert (await http.get("/readyz")).json()["replica"] == "ready"
            async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                listing = await http.get(f"/v1/cases?limit={CASES + 10}", headers=bearer(tokens.liaison_city))
            served = [item["case_id"] for item in listing.json()["items"]]
        async with _api(primary.url, None) as direct:
            assert served == await _listing(direct, tokens)
