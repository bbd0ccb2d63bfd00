"""Continuous archiving restores the database as it stood at a chosen moment (point-in-time recovery),
with the settings and commands of docs/operations.md#continuous-archiving-and-point-in-time-recovery.

A primary archives every WAL segment (`archive_mode`, the documented `archive_command`); a base backup
is taken with `pg_basebackup`; cases are imported, the moment noted, more cases imported; the backup
is then started in a new folder with the documented `restore_command`, `recovery_target_time` and
`recovery.signal`, and holds exactly the cases of before that moment. Skipped, with the reason, where
the machine has no PostgreSQL programs to run it with.
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
import time
from pathlib import Path

import asyncpg
import pytest
from tests.support.histories import recordable_history
from tests.support.keys import CITY, seed_access
from tests.support.passes import EMBEDDED_PASS_ONLY
from tests.support.pg_cluster import (
    ARCHIVER_STATUS,
    ARCHIVING,
    RECOVERY,
    TABLE_SIZES,
    Cluster,
    Node,
    usable_bin_dir,
)

from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.store.migrate import packaged_migrations, upgrade
from cpc_prosecution.store.pool import create_pool

pytestmark = [pytest.mark.db, EMBEDDED_PASS_ONLY]


async def _import(url: str, seed: int, count: int) -> None:
    rng = random.Random(seed)
    cases = [ImportedCase(office_id=CITY, events=recordable_history(rng)) for _ in range(count)]  # type: ignore[arg-type]
    pool = await create_pool(url, max_size=1)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()


async def _fetchval(url: str, query: str) -> object:
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval(query)
    finally:
        await conn.close()


async def _wait_archived(primary: Node) -> None:
    """Close the current WAL segment and wait until the archiver copied it."""
    segment = await _fetchval(primary.url, "SELECT pg_walfile_name(pg_switch_wal())")
    for _ in range(200):
        if await _fetchval(primary.url, "SELECT last_archived_wal FROM pg_stat_archiver") == segment:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"WAL segment {segment} not archived")


async def _wait_promoted(node: Node) -> None:
    for _ in range(400):
        try:
            if await _fetchval(node.url, "SELECT NOT pg_is_in_recovery()"):
                return
        except (OSError, asyncpg.PostgresError):
            pass  # still replaying: "the database system is starting up"
        await asyncio.sleep(0.05)
    raise TimeoutError("the restored copy did not finish recovery")


async def test_point_in_time_recovery_restores_the_cases_of_that_moment() -> None:
    """Cases imported before the target time are in the restored database, those after it are not;
    the API's schema is current there (the migrations replayed from the archive too)."""
    bin_dir, reason = usable_bin_dir()
    if bin_dir is None:
        pytest.skip(reason)
    started = time.monotonic()
    root = Path(tempfile.mkdtemp(prefix="cpc-pitr-", dir="/tmp"))
    cluster = Cluster(bin_dir, root)
    try:
        archive = cluster.folder(root / "archive")
        primary = cluster.init_primary([s.replace("$ARCHIVE", str(archive)) for s in ARCHIVING])
        backup = cluster.base_backup(primary, "restored", standby=False)
        conn = await asyncpg.connect(primary.url)
        try:
            await upgrade(conn)
        finally:
            await conn.close()
        await seed_access(primary.url)
        await _import(primary.url, 1, 30)
        await asyncio.sleep(0.2)
        target = await _fetchval(primary.url, "SELECT now()::text")
        await asyncio.sleep(0.2)
        await _import(primary.url, 2, 25)
        assert await _fetchval(primary.url, "SELECT count(*) FROM case_file") == 55
        await _wait_archived(primary)
        conn = await asyncpg.connect(primary.url)
        try:
            archiver = await conn.fetchrow(ARCHIVER_STATUS)
        finally:
            await conn.close()
        assert archiver is not None
        assert archiver["archived_count"] >= 1
        assert archiver["failed_count"] == 0
        conn = await asyncpg.connect(primary.url)
        try:
            tables = {row["relname"]: row for row in await conn.fetch(TABLE_SIZES)}
        finally:
            await conn.close()
        assert {"case_event", "case_summary", "case_clock", "audit_log"} <= tables.keys()
        assert tables["case_event"]["bytes"] > 0
        cluster.stop(primary)

        with (backup.data_dir / "postgresql.auto.conf").open("a") as conf:
            for line in RECOVERY:
                conf.write(line.replace("$ARCHIVE", str(archive)).replace("$TARGET_TIME", str(target)) + "\n")
        (backup.data_dir / "recovery.signal").touch()
        cluster.own(backup.data_dir / "recovery.signal")
        cluster.start(backup)
        await _wait_promoted(backup)
        assert await _fetchval(backup.url, "SELECT count(*) FROM case_file") == 30
        assert await _fetchval(backup.url, "SELECT count(*) FROM schema_migration") == len(packaged_migrations())
    finally:
        cluster.kill_all()
        shutil.rmtree(root, ignore_errors=True)
    assert time.monotonic() - started < 60
