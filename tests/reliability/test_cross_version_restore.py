"""A backup of the embedded PostgreSQL 18 restores onto PostgreSQL 15 without an error, with the
command docs/operations.md gives, and the API answers the same from both.

Reproducer of issue 18: a dump by PostgreSQL 18's pg_dump restores with `SET transaction_timeout = 0`
(pg_restore writes it whatever the target's version), which PostgreSQL 15 refuses. The documented
command turns the archive into SQL with the 18 pg_restore, drops that one line, and runs the rest in
one transaction with psql, stopping at the first error.

Needs the machine's PostgreSQL 15 on 127.0.0.1:5432 (trust authentication, user postgres; CI has it);
skipped otherwise, or when `CPC_TEST_PG15_URL` names another.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.keys import seed_access

from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.store.embedded import embedded_bin_dir

pytestmark = pytest.mark.db

PG15_URL = os.environ.get("CPC_TEST_PG15_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
#: pg_dump and pg_restore of the embedded server's own version (a dump needs a pg_dump at least as new
#: as the server it reads).
EMBEDDED_BIN = embedded_bin_dir()
#: What the restored database must answer exactly as the original (read with the liaison's key).
READS = ("/v1/cases?limit=100", "/v1/offices", "/v1/courts", "/v1/hotspots")


async def _pg15_or_skip() -> asyncpg.Connection:
    try:
        conn: asyncpg.Connection = await asyncpg.connect(PG15_URL, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.skip(f"no PostgreSQL 15 at {PG15_URL.split('@')[-1]}: {type(exc).__name__}")
    if conn.get_server_version().major != 15:
        await conn.close()
        pytest.skip("the server at CPC_TEST_PG15_URL is not PostgreSQL 15")
    return conn


async def _answers(client: AsyncTestClient) -> list[Any]:  # type: ignore[type-arg]
    answers = []
    for path in READS:
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)
        answers.append(response.json())
    for case in answers[0]["items"]:
        response = await client.get(f"/v1/cases/{case['case_id']}")
        assert response.status_code == 200
        answers.append(response.json())
    return answers


#: The commands of docs/operations.md ("Backups and restore"), run as written there, with the
#: embedded server's programs first on PATH and PostgreSQL 15's psql.
DUMP = 'pg_dump --format=custom --no-owner --no-acl -f "$DUMP_FILE" "$SOURCE_URL"'
RESTORE = (
    'pg_restore --no-owner --no-acl -f - "$DUMP_FILE" | grep -v "^SET transaction_timeout = "'
    ' | "$PSQL" -X -q -v ON_ERROR_STOP=1 --single-transaction -d "$TARGET_URL"'
)
PSQL_15 = "/usr/lib/postgresql/15/bin/psql"


def _shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = os.environ | env | {"PATH": f"{EMBEDDED_BIN}:{os.environ['PATH']}", "PSQL": _psql()}
    return subprocess.run(
        ["/bin/bash", "-o", "pipefail", "-c", command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _psql() -> str:
    return PSQL_15 if Path(PSQL_15).exists() else "psql"


async def test_a_pg18_dump_restores_onto_pg15_with_the_documented_command(database_url: str, tmp_path: Path) -> None:
    """Cases recorded on the embedded 18; `DUMP` and `RESTORE` (docs/operations.md) exit 0 with
    nothing on stderr; every table has the same rows; the API on the restored database gives the same
    case list, reference lists and case records."""
    admin_conn = await _pg15_or_skip()
    target = f"cpc_restore_{uuid.uuid4().hex[:12]}"
    await admin_conn.execute(f'CREATE DATABASE "{target}"')
    target_url = PG15_URL.rsplit("/", 1)[0] + "/" + target
    try:
        tokens = await seed_access(database_url)
        async with open_client(database_url, tokens.liaison_city) as liaison:
            for name in sorted(EXAMPLES)[:4]:
                history = EXAMPLES[name]()
                opened = await liaison.post("/v1/cases", json=open_body(history))
                assert opened.status_code == 201, opened.text
                case_id = opened.json()["case_id"]
                appended = await liaison.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:], 1))
                assert appended.status_code == 201, appended.text
            before = await _answers(liaison)

        dump = tmp_path / "cpc.dump"
        dumped = await asyncio.to_thread(_shell, DUMP, SOURCE_URL=database_url, DUMP_FILE=str(dump))
        assert dumped.returncode == 0, dumped.stderr
        restored = await asyncio.to_thread(_shell, RESTORE, TARGET_URL=target_url, DUMP_FILE=str(dump))
        assert restored.returncode == 0, restored.stderr
        assert restored.stderr == ""

        source, copy = await asyncpg.connect(database_url), await asyncpg.connect(target_url)
        try:
            tables = [
                r["tablename"]
                for r in await source.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            assert "case_event" in tables
            for table in tables:
                query = (
                    f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM \"{table}\" t"
                )
                assert tuple(await source.fetchrow(query)) == tuple(await copy.fetchrow(query)), table
        finally:
            await source.close()
            await copy.close()

        async with open_client(target_url, tokens.liaison_city) as on_pg15:
            assert await _answers(on_pg15) == before
    finally:
        await admin_conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        await admin_conn.close()
