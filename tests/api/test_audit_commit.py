"""Which audit entries wait for the WAL flush: a read's or a refusal's does not (its own transaction,
`synchronous_commit = off`), a successful write's does (it is committed with the write itself).

A trigger installed in this module's own database copies, for every new `audit_log` row, the
`synchronous_commit` in force in the inserting transaction; the commit reads the same setting.
"""

from __future__ import annotations

import ast
import uuid
from pathlib import Path

import asyncpg
import pytest
from tests.api.conftest import open_client
from tests.support.cases import open_body
from tests.support.keys import CITY, Tokens

from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role
from cpc_prosecution.store import audit as audit_store

pytestmark = pytest.mark.db

CONTROLLERS = Path(__file__).parents[2] / "api" / "cpc_api" / "controllers"
WRITE_DECORATORS = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
async def commit_modes(database_url: str, tokens: Tokens) -> str:
    """Install the trigger (after the keys and reference data exist); returns the server's default."""
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            """CREATE TABLE audit_commit_mode (entry_id bigint PRIMARY KEY, mode text NOT NULL);
               CREATE FUNCTION note_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN
                   INSERT INTO audit_commit_mode VALUES (NEW.entry_id, current_setting('synchronous_commit'));
                   RETURN NULL;
               END $$;
               CREATE TRIGGER audit_log_commit_mode AFTER INSERT ON audit_log
                   FOR EACH ROW EXECUTE FUNCTION note_commit_mode();"""
        )
        default: str = await conn.fetchval("SHOW synchronous_commit")
    finally:
        await conn.close()
    assert default != "off", "the test needs a server that commits synchronously by default"
    return default


async def _entries_after(database_url: str, last: int) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(
            """SELECT a.entry_id, a.operation, a.result, m.mode, a.xmin::text AS tx FROM audit_log AS a
               JOIN audit_commit_mode AS m USING (entry_id) WHERE a.entry_id > $1 ORDER BY a.entry_id""",
            last,
        )
    finally:
        await conn.close()


async def _last_entry(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        last: int = await conn.fetchval("SELECT coalesce(max(entry_id), 0) FROM audit_log")
        return last
    finally:
        await conn.close()


async def test_reads_and_refusals_are_stored_without_waiting_for_the_flush(
    database_url: str, tokens: Tokens, commit_modes: str
) -> None:
    """A metric read, a case listing and two refusals each leave their entry, committed with
    synchronous_commit off."""
    last = await _last_entry(database_url)
    async with open_client(database_url, tokens.analyst_city) as analyst:
        assert (await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020"})).status_code == 200
        assert (await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020-13"})).status_code == 422
        assert (await analyst.get("/v1/audit")).status_code == 403
    async with open_client(database_url, tokens.liaison_city) as liaison:
        assert (await liaison.get("/v1/cases")).status_code == 200
    seen = [(e["operation"], e["result"], e["mode"]) for e in await _entries_after(database_url, last)]
    assert seen == [
        ("GetMetric", "ok", "off"),
        ("GetMetric", "invalid_input", "off"),
        ("ListAuditEntries", "forbidden", "off"),
        ("ListCases", "ok", "off"),
    ]


async def _row_tx(database_url: str, table: str, column: str, value: uuid.UUID) -> str:
    """The transaction that wrote the row's current version."""
    conn = await asyncpg.connect(database_url)
    try:
        tx: str = await conn.fetchval(f"SELECT xmin::text FROM {table} WHERE {column} = $1", value)
        return tx
    finally:
        await conn.close()


async def test_a_writes_entry_is_committed_with_the_write(database_url: str, tokens: Tokens, commit_modes: str) -> None:
    """Opening a case, issuing and revoking a key: each entry is in the write's own transaction (the
    transaction that wrote the row) and keeps the server's synchronous commit; a refused write's entry
    does not wait for the flush."""
    last = await _last_entry(database_url)
    async with open_client(database_url, tokens.liaison_city) as liaison:
        opened = await liaison.post("/v1/cases", json=open_body(plea_bargain_history()))
    assert opened.status_code == 201, opened.text
    case_tx = await _row_tx(database_url, "case_file", "case_id", uuid.UUID(opened.json()["case_id"]))
    async with open_client(database_url, tokens.admin) as admin:
        issued = await admin.post("/v1/keys", json={"role": "liaison", "offices": [CITY]})
        assert issued.status_code == 201, issued.text
        key_id = uuid.UUID(issued.json()["key"]["key_id"])
        issued_tx = await _row_tx(database_url, "api_key", "key_id", key_id)
        revoked = await admin.post(f"/v1/keys/{key_id}/revoke")
        assert revoked.status_code == 201, revoked.text
        revoked_tx = await _row_tx(database_url, "api_key", "key_id", key_id)
        refused = await admin.post("/v1/keys", json={"role": "liaison", "offices": ["NO-SUCH-OFFICE"]})
        assert refused.status_code == 422, refused.text
    entries = await _entries_after(database_url, last)
    assert [(e["operation"], e["result"], e["mode"], e["tx"]) for e in entries] == [
        ("OpenCase", "ok", commit_modes, case_tx),
        ("CreateApiKey", "ok", commit_modes, issued_tx),
        ("RevokeApiKey", "ok", commit_modes, revoked_tx),
        ("CreateApiKey", "invalid_input", "off", entries[-1]["tx"]),
    ]


async def _modes_of(conn: asyncpg.Connection, key_id: uuid.UUID) -> list[asyncpg.Record]:
    """Result and commit mode of each entry of a key, oldest first."""
    return await conn.fetch(
        """SELECT a.result, m.mode FROM audit_log AS a JOIN audit_commit_mode AS m USING (entry_id)
           WHERE a.key_id = $1 ORDER BY a.entry_id""",
        key_id,
    )


async def test_the_setting_ends_with_the_entrys_transaction(database_url: str, commit_modes: str) -> None:
    """On the (pooled) connection the read's entry used, the next statement commits synchronously
    again; inside an open transaction a read's entry shares that transaction's commit."""
    principal = Principal(key_id=uuid.uuid4(), role=Role.ANALYST, offices=frozenset({CITY}), regions=frozenset())
    conn = await asyncpg.connect(database_url)
    try:
        await audit.record_read(conn, principal, "GetMetric", None)
        assert await conn.fetchval("SHOW synchronous_commit") == commit_modes
        async with conn.transaction():
            await audit.record_read(conn, principal, "GetMetric", None, result="inside")
            assert await conn.fetchval("SHOW synchronous_commit") == commit_modes
        modes = await _modes_of(conn, principal.key_id)
    finally:
        await conn.close()
    assert [(r["result"], r["mode"]) for r in modes] == [("ok", "off"), ("inside", commit_modes)]


async def test_a_metric_read_records_its_entry_with_the_targets_lookup(
    database_url: str, tokens: Tokens, commit_modes: str
) -> None:
    """GetMetric appends its entry in the statement that reads the period's targets: one entry per
    read, whether targets exist, the period has none, there is no period (as_of only) or CSV is asked
    for; the targets shown are those of the result's period only."""
    target = {"metric_id": "clearance_rate", "measure": "outgoing", "period": "2019", "baseline": 1, "target": 5}
    async with open_client(database_url, tokens.admin) as admin:
        assert (await admin.post("/v1/targets", json=target)).status_code == 201
        assert (await admin.post("/v1/targets", json={**target, "period": "2018"})).status_code == 201
    last = await _last_entry(database_url)
    async with open_client(database_url, tokens.analyst_city) as analyst:
        with_target = (await analyst.get("/v1/metrics/clearance_rate", params={"period": "2019"})).json()
        without = (await analyst.get("/v1/metrics/clearance_rate", params={"period": "2020"})).json()
        no_period = (await analyst.get("/v1/metrics/age_of_pending_caseload", params={"as_of": "2020-01-01"})).json()
        as_csv = await analyst.get("/v1/metrics/clearance_rate", params={"period": "2019", "format": "csv"})
    assert [t["target"]["period"] for t in with_target["targets"]] == ["2019"]
    assert (without["targets"], no_period["targets"], as_csv.status_code) == ([], [], 200)
    seen = [(e["operation"], e["result"], e["mode"]) for e in await _entries_after(database_url, last)]
    assert seen == [("GetMetric", "ok", "off")] * 4


async def test_an_entry_shares_a_read_statement_or_an_open_transaction(database_url: str, commit_modes: str) -> None:
    """`fetch_recording_read` returns the query's rows (a query with its own WITH too) and appends the
    entry once, without waiting for the flush; inside an open transaction it shares that commit."""
    principal = Principal(key_id=uuid.uuid4(), role=Role.ANALYST, offices=frozenset({CITY}), regions=frozenset())
    conn = await asyncpg.connect(database_url)
    try:
        rows = await audit_store.fetch_recording_read(
            conn, audit.read_entry(principal, "Check", None), "SELECT $1::int + 1 AS n", 41
        )
        with_cte = await audit_store.fetch_recording_read(
            conn,
            audit.read_entry(principal, "Check", None, result="cte"),
            "WITH x AS (SELECT $1::int AS n) SELECT n FROM x WHERE false",
            1,
        )
        async with conn.transaction():
            inside = await audit_store.fetch_recording_read(
                conn, audit.read_entry(principal, "Check", None, result="inside"), "SELECT 7 AS n"
            )
        assert await conn.fetchval("SHOW synchronous_commit") == commit_modes
        modes = await _modes_of(conn, principal.key_id)
    finally:
        await conn.close()
    assert ([r["n"] for r in rows], with_cte, [r["n"] for r in inside]) == ([42], [], [7])
    assert [(r["result"], r["mode"]) for r in modes] == [("ok", "off"), ("cte", "off"), ("inside", commit_modes)]


def _audited_calls(handler: ast.AsyncFunctionDef) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(handler)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "audited"
    ]


def _decorator_names(handler: ast.AsyncFunctionDef) -> set[str]:
    names = set()
    for decorator in handler.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Name):
            names.add(target.id)
    return names


def test_every_write_route_records_its_own_entry() -> None:
    """`audited` commits the success entries it records without waiting for the flush, so every
    POST/PUT/PATCH/DELETE handler that goes through it must say `writes_own_entry=True` (its use case
    records the entry in the write's transaction)."""
    checked, offenders = 0, []
    for path in sorted(CONTROLLERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.AsyncFunctionDef) or not _decorator_names(node) & WRITE_DECORATORS:
                continue
            for call in _audited_calls(node):
                checked += 1
                own = next((k.value for k in call.keywords if k.arg == "writes_own_entry"), None)
                if not (isinstance(own, ast.Constant) and own.value is True):
                    offenders.append(f"{path.name}::{node.name}")
    assert checked >= 8
    assert offenders == []
