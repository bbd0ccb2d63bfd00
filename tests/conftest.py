"""Test infrastructure shared by every layer.

One PostgreSQL server per run: the embedded one, or `CPC_TEST_DATABASE_URL` (any PostgreSQL 15+
the tests may create databases on). Migrations run once, into a template database; each test
module gets its own clone (`CREATE DATABASE ... TEMPLATE`, tens of milliseconds), so tests never
see each other's rows and nobody re-migrates.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from hypothesis import HealthCheck, settings

from cpc_prosecution import log
from cpc_prosecution.store.embedded import EmbeddedPostgres
from cpc_prosecution.store.migrate import upgrade
from tests.support.log_privacy import find_leaks
from tests.support.urls import database_url_for

# Hypothesis: `ci` keeps the property tests bounded on a shared 2-core machine; `thorough` is
# for a deliberate local hunt.
settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def log_privacy_guard() -> Iterator[list[str]]:
    """Every line any test logs goes through this tee; at the end of the run not one may hold an API
    key, a docket number or a request body (the run fails at teardown otherwise)."""
    lines: list[str] = []
    handler_class = log._CurrentStderrHandler
    original = handler_class.emit
    original_write_line = handler_class.write_line

    def emit(self: logging.Handler, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            lines.append(self.format(record))
        original(self, record)  # type: ignore[arg-type]

    def write_line(self: log._CurrentStderrHandler, line: str) -> None:
        lines.append(line)
        original_write_line(self, line)

    handler_class.emit = emit  # type: ignore[method-assign]
    handler_class.write_line = write_line  # type: ignore[method-assign]
    try:
        yield lines
    finally:
        handler_class.emit = original  # type: ignore[method-assign]
        handler_class.write_line = original_write_line  # type: ignore[method-assign]
    if os.environ.get("CPC_TEST_SHOW_LOG_COUNT"):
        print(f"\nlog privacy guard: {len(lines)} lines checked")
    leaks = find_leaks(lines)
    assert not leaks, f"{len(leaks)} log line(s) hold a key, docket number or body, e.g. {leaks[0][:300]}"


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """URL of the server all database tests share (its maintenance database)."""
    external = os.environ.get("CPC_TEST_DATABASE_URL")
    if external:
        yield external
        return
    # Short path: the server's Unix socket lives in its data directory.
    root = Path(tempfile.mkdtemp(prefix="cpc-pg-", dir="/tmp"))
    server = EmbeddedPostgres(root / "pgdata")
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


async def _admin(pg_server_url: str) -> asyncpg.Connection:
    conn: asyncpg.Connection = await asyncpg.connect(pg_server_url)
    return conn


@pytest.fixture(scope="session")
async def template_database(pg_server_url: str) -> AsyncIterator[str]:
    """Name of a database holding the full schema; never connected to while it is cloned."""
    name = f"cpc_template_{uuid.uuid4().hex[:12]}"
    admin = await _admin(pg_server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        conn = await asyncpg.connect(database_url_for(pg_server_url, name))
        try:
            await upgrade(conn)
        finally:
            await conn.close()
        yield name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _clone(pg_server_url: str, template: str | None) -> AsyncIterator[str]:
    name = f"cpc_test_{uuid.uuid4().hex[:12]}"
    admin = await _admin(pg_server_url)
    try:
        clause = f' TEMPLATE "{template}"' if template else ""
        await admin.execute(f'CREATE DATABASE "{name}"{clause}')
        yield database_url_for(pg_server_url, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(scope="module")
async def database_url(pg_server_url: str, template_database: str) -> AsyncIterator[str]:
    """A migrated database of this test module's own."""
    async for url in _clone(pg_server_url, template_database):
        yield url


@pytest.fixture
async def empty_database_url(pg_server_url: str) -> AsyncIterator[str]:
    """A database with no schema at all, for migration tests."""
    async for url in _clone(pg_server_url, None):
        yield url


@pytest.fixture
async def connection(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection to the module's database inside a transaction that is rolled back afterwards."""
    conn: asyncpg.Connection = await asyncpg.connect(database_url)
    tx = conn.transaction()
    await tx.start()
    try:
        yield conn
    finally:
        await tx.rollback()
        await conn.close()
