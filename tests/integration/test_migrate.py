"""The migration runner against a real PostgreSQL: once, in order, all or nothing."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from cpc_prosecution.store.migrate import (
    LEDGER_TABLE,
    Migration,
    MigrationError,
    packaged_migrations,
    schema_status,
    upgrade,
)

pytestmark = pytest.mark.db

EXTRA = (
    Migration(1, "first", "CREATE TABLE first_table (id int PRIMARY KEY);"),
    Migration(2, "second", "CREATE TABLE second_table (id int PRIMARY KEY);"),
)


async def test_upgrade_applies_every_packaged_migration_then_nothing(empty_database_url: str) -> None:
    """A first run applies all files; a second run finds the schema current and applies none."""
    conn = await asyncpg.connect(empty_database_url)
    try:
        first = await upgrade(conn)
        second = await upgrade(conn)
        status = await schema_status(conn)
    finally:
        await conn.close()
    assert [m.version for m in first] == [m.version for m in packaged_migrations()]
    assert second == []
    assert status.current
    assert status.describe() == "schema current"


async def test_two_concurrent_upgrades_apply_the_migrations_exactly_once(empty_database_url: str) -> None:
    """Two runners started together on an empty database: one applies everything, the other nothing,
    and the ledger and the schema each hold one copy."""
    conns = [await asyncpg.connect(empty_database_url) for _ in range(2)]
    try:
        results = await asyncio.gather(*(upgrade(c) for c in conns))
        ledger = await conns[0].fetch(f"SELECT version, count(*) AS n FROM {LEDGER_TABLE} GROUP BY version")
        deployments = await conns[0].fetchval("SELECT count(*) FROM deployment")
    finally:
        for c in conns:
            await c.close()
    shipped = len(packaged_migrations())
    assert sorted(len(r) for r in results) == [0, shipped]
    assert len(ledger) == shipped
    assert all(row["n"] == 1 for row in ledger)
    assert deployments == 1


async def test_status_lists_pending_migrations_without_applying_them(empty_database_url: str) -> None:
    """`status` on an empty database reports every file pending and creates nothing."""
    conn = await asyncpg.connect(empty_database_url)
    try:
        status = await schema_status(conn, EXTRA)
        ledger_exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", LEDGER_TABLE)
    finally:
        await conn.close()
    assert [m.version for m in status.pending] == [1, 2]
    assert not status.current
    assert status.describe() == "2 migration(s) pending"
    assert not ledger_exists


async def test_a_changed_applied_file_is_a_hard_error(empty_database_url: str) -> None:
    """If an applied file's text changes, upgrade refuses and names the file; status says CHANGED."""
    conn = await asyncpg.connect(empty_database_url)
    try:
        await upgrade(conn, EXTRA)
        edited = (Migration(1, "first", "CREATE TABLE first_table (id bigint PRIMARY KEY);"), EXTRA[1])
        with pytest.raises(MigrationError, match=r"0001_first\.sql"):
            await upgrade(conn, edited)
        status = await schema_status(conn, edited)
    finally:
        await conn.close()
    assert [m.filename for m in status.changed] == ["0001_first.sql"]
    assert not status.current


async def test_a_database_from_a_newer_release_is_refused(empty_database_url: str) -> None:
    """Applied versions this program does not ship mean the database is newer than the code."""
    conn = await asyncpg.connect(empty_database_url)
    try:
        await upgrade(conn, EXTRA)
        with pytest.raises(MigrationError, match="does not know: 2"):
            await upgrade(conn, EXTRA[:1])
    finally:
        await conn.close()


async def test_a_failing_migration_leaves_nothing_behind(empty_database_url: str) -> None:
    """All pending files run in one transaction: when the second fails, the first is rolled back."""
    broken = (EXTRA[0], Migration(2, "broken", "CREATE TABLE oops (id int PRIMARY KEY, id int);"))
    conn = await asyncpg.connect(empty_database_url)
    try:
        with pytest.raises(MigrationError, match=r"0002_broken\.sql failed"):
            await upgrade(conn, broken)
        first_exists = await conn.fetchval("SELECT to_regclass('first_table') IS NOT NULL")
        ledger_exists = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", LEDGER_TABLE)
    finally:
        await conn.close()
    assert not first_exists
    assert not ledger_exists


async def test_pending_files_are_applied_in_version_order(empty_database_url: str) -> None:
    """A later file may depend on an earlier one."""
    dependent = (EXTRA[0], Migration(2, "fk", "CREATE TABLE child (id int REFERENCES first_table(id));"))
    conn = await asyncpg.connect(empty_database_url)
    try:
        applied = await upgrade(conn, dependent)
    finally:
        await conn.close()
    assert [m.version for m in applied] == [1, 2]
