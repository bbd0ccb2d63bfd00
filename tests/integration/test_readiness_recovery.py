"""Readiness follows the database: 503 while it is down, 200 again once it is back."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from cpc_api.app import create_app
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.embedded import EmbeddedPostgres
from cpc_prosecution.store.migrate import upgrade

pytestmark = pytest.mark.db


async def _wait_for_status(client: AsyncTestClient, expected: int, within: float = 20.0) -> int:  # type: ignore[type-arg]
    deadline = asyncio.get_running_loop().time() + within
    while True:
        status = (await client.get("/readyz")).status_code
        if status == expected or asyncio.get_running_loop().time() > deadline:
            return status
        await asyncio.sleep(0.2)


async def test_readiness_goes_503_while_the_database_is_down_and_recovers() -> None:
    """Stopping the server turns /readyz to 503 (liveness stays 200); restarting it brings 200
    back without restarting the API: the pool replaces its broken connections."""
    root = Path(tempfile.mkdtemp(prefix="cpc-rr-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    try:
        url = await asyncio.to_thread(server.start)
        conn = await asyncpg.connect(url)
        await upgrade(conn)
        await conn.close()
        app = create_app(Settings(database_url=url, log_format="json", connect_timeout=2.0, docket_secret=b"k" * 32))
        async with AsyncTestClient(app=app) as client:
            assert (await client.get("/readyz")).status_code == 200

            await asyncio.to_thread(server.stop)
            assert await _wait_for_status(client, 503) == 503
            assert (await client.get("/healthz")).status_code == 200

            await asyncio.to_thread(server.start)
            assert await _wait_for_status(client, 200) == 200
    finally:
        await asyncio.to_thread(server.stop)
        shutil.rmtree(root, ignore_errors=True)
