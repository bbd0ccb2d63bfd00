"""A database that dies, freezes or drops connections is a bounded 503 with Retry-After, never a 500.

The reproducers of issue 18: the embedded PostgreSQL killed (every request was a 500 with a
non-problem body), frozen with SIGSTOP (requests hung 30-75 s, /readyz 53-62 s), and
`pg_terminate_backend` on the API's connections (500s, one on /readyz).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from pathlib import Path

import asyncpg
import psutil
import pytest
from litestar.testing import AsyncTestClient
from tests.support.keys import bearer, seed_access
from tests.support.load import sized
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.processes import postgres_processes_for

from cpc_api.app import create_app
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.embedded import EmbeddedPostgres
from cpc_prosecution.store.migrate import upgrade

pytestmark = [pytest.mark.db, EMBEDDED_PASS_ONLY]

#: The API's statement and acquire timeout in these tests (CPC_STATEMENT_TIMEOUT).
TIMEOUT = 1.0
#: Rounds of terminated backends: 4 in the short profile (CI), 20 in the full one.
ROUNDS = sized(4, 20)


@asynccontextmanager
async def _api_on_own_server() -> AsyncIterator[tuple[AsyncTestClient, EmbeddedPostgres, Path, str]]:  # type: ignore[type-arg]
    """An app (admin key set) on an embedded server of its own, which the test may kill or freeze."""
    root = Path(tempfile.mkdtemp(prefix="cpc-df-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    try:
        url = await asyncio.to_thread(server.start)
        conn = await asyncpg.connect(url)
        await upgrade(conn)
        await conn.close()
        tokens = await seed_access(url)
        settings = Settings(
            database_url=url,
            log_format="json",
            connect_timeout=2.0,
            statement_timeout=TIMEOUT,
            docket_secret=b"k" * 32,
            rate_limit_per_minute=0,
        )
        async with AsyncTestClient(app=create_app(settings), timeout=30) as client:
            client.headers.update(bearer(tokens.admin))
            yield client, server, server.data_dir, url
    finally:
        for pid in server_processes(root / "pgdata"):
            _signal(pid, signal.SIGCONT)
        await asyncio.to_thread(server.stop)
        for pid in server_processes(root / "pgdata"):
            _signal(pid, signal.SIGKILL)
        shutil.rmtree(root, ignore_errors=True)


def _signal(pid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, sig)


def server_processes(data_dir: Path) -> list[int]:
    """The postmaster of `data_dir` and its children (backends' command lines do not name the folder)."""
    pids = []
    for pid in postgres_processes_for(data_dir):
        with suppress(psutil.NoSuchProcess):
            pids += [pid, *(child.pid for child in psutil.Process(pid).children(recursive=True))]
    return pids


@contextmanager
def _frozen(data_dir: Path) -> Iterator[None]:
    """Every process of the server stopped (SIGSTOP), resumed on exit whatever happens."""
    pids = server_processes(data_dir)
    assert len(pids) > 1
    for pid in pids:
        _signal(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            _signal(pid, signal.SIGCONT)


def _assert_unavailable(response: object) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status == 503, (status, response.text)  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    assert response.headers["retry-after"] == "5"  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == 503
    assert body["type"].endswith("/database-unavailable")


async def test_a_killed_database_is_503_problem_with_retry_after_not_500() -> None:
    """kill -9 of every server process: reads and writes answer 503 problem+json with Retry-After
    (before: 500 with a non-problem body); /readyz 503 within 1 s; /healthz of the app still 200 (in
    `serve` the supervisor restarts the server: tests/reliability/test_serve_supervision.py)."""
    async with _api_on_own_server() as (client, _server, data_dir, _url):
        assert (await client.get("/v1/offices")).status_code == 200
        for pid in server_processes(data_dir):
            _signal(pid, signal.SIGKILL)
        await asyncio.sleep(0.3)
        for _ in range(3):  # a broken pooled connection first, then new connections refused
            started = time.monotonic()
            _assert_unavailable(await client.get("/v1/offices"))
            assert time.monotonic() - started < 3 * TIMEOUT + 1
        _assert_unavailable(await client.post("/v1/keys", json={"role": "viewer"}))
        started = time.monotonic()
        assert (await client.get("/readyz")).status_code == 503
        assert time.monotonic() - started < 1.0


async def test_a_frozen_database_is_503_within_the_bound_and_readyz_within_one_second() -> None:
    """SIGSTOP of every server process: /readyz says 503 within 1 s, a read and a write answer 503
    within the statement timeout's bound (before: 30-75 s, then 500); after SIGCONT the same app
    serves again by itself."""
    async with _api_on_own_server() as (client, _server, data_dir, _url):
        assert (await client.get("/v1/offices")).status_code == 200
        with _frozen(data_dir):
            started = time.monotonic()
            assert (await client.get("/readyz")).status_code == 503
            assert time.monotonic() - started < 1.0
            for request in (client.get("/v1/offices"), client.post("/v1/keys", json={"role": "viewer"})):
                started = time.monotonic()
                _assert_unavailable(await request)
                assert time.monotonic() - started < 3 * TIMEOUT + 1
        deadline = time.monotonic() + 15
        while (await client.get("/readyz")).status_code != 200:
            assert time.monotonic() < deadline, "not ready again after SIGCONT"
            await asyncio.sleep(0.2)
        assert (await client.get("/v1/offices")).status_code == 200


async def test_terminated_backends_never_give_a_500() -> None:
    """pg_terminate_backend on every connection of the API between requests (`ROUNDS` times): each
    following request answers 200 or 503 problem+json, never 500, and the next ones are 200 again."""
    async with _api_on_own_server() as (client, _server, _data_dir, url):
        statuses = []
        killer = await asyncpg.connect(url)
        try:
            for _ in range(ROUNDS):
                for _ in range(3):
                    statuses.append((await client.get("/v1/offices")).status_code)
                statuses.append((await client.get("/readyz")).status_code)
                await killer.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE pid <> pg_backend_pid() AND datname = current_database()"
                )
            for _ in range(3):
                response = await client.get("/v1/offices")
                statuses.append(response.status_code)
                if response.status_code == 503:
                    _assert_unavailable(response)
        finally:
            await killer.close()
        assert 500 not in statuses, statuses
        assert set(statuses) <= {200, 503}
        assert (await client.get("/v1/offices")).status_code == 200
