"""Differentially private releases over HTTP against a real PostgreSQL: the budget is charged in the
build's transaction, a build past the cap is a 409 that stores nothing, OpenDP missing is a 422.

The noise factory of the service is replaced by `ScriptedNoise`, except in the last test, which
runs real OpenDP when it is installed.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import asyncpg
import pytest
from tests.api.conftest import open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, Tokens

import cpc_prosecution.services.releases as service
from cpc_prosecution.disclosure.dp import DpUnavailableError, ScriptedNoise
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
async def cases(database_url: str, tokens: Tokens) -> int:
    """120 generated cases in the module's database."""
    rng = random.Random(5150)
    imported = [ImportedCase(office_id=CITY, events=recordable_history(rng)) for _ in range(120)]  # type: ignore[arg-type]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, imported, recorder=Recorder(client="test"))
    finally:
        await pool.close()
    return len(imported)


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> ScriptedNoise:
    noise = ScriptedNoise((7, -3, 15))
    monkeypatch.setattr(service, "noise_source", lambda: noise)
    return noise


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn: asyncpg.Connection = await asyncpg.connect(database_url)
    try:
        yield conn
    finally:
        await conn.close()


async def _stored(db: asyncpg.Connection, release_id: str) -> tuple[int, int, int]:
    return (
        await db.fetchval("SELECT count(*) FROM release WHERE release_id = $1", release_id),
        await db.fetchval("SELECT count(*) FROM release_table WHERE release_id = $1", release_id),
        await db.fetchval("SELECT count(*) FROM dp_ledger WHERE release_id = $1", release_id),
    )


async def test_a_dp_build_charges_the_ledger_and_one_past_the_cap_stores_nothing(  # type: ignore[no-untyped-def]
    cases: int, scripted: ScriptedNoise, database_url: str, tokens: Tokens, db: asyncpg.Connection
) -> None:
    """2022Q4 at ε = 2.5: 201, the parameters name the DP settings, the ledger holds its 15 charges
    summing to 2.5 for the year 2022, noise was drawn. A second build at ε = 2 would pass the cap of
    4: 409, and no release, table or ledger row of 2022Q4.2 exists."""
    async with open_client(database_url, tokens.admin) as admin:
        response = await admin.post(
            "/v1/releases", json={"period": "2022Q4", "threshold": 5, "differential_privacy": True, "dp_epsilon": 2.5}
        )
        assert response.status_code == 201, response.text
        document = response.json()
        assert document["release_id"] == "2022Q4.1"
        assert document["parameters"]["differential_privacy"] is True
        assert document["parameters"]["dp"]["epsilon"] == 2.5
        assert document["parameters"]["dp"]["tables"]["cases_entering_stage.region_quarter"]["d_in"] == 36
        assert scripted.draws >= 5
        ledger = await db.fetch("SELECT period, actor, d_in, epsilon FROM dp_ledger WHERE release_id = '2022Q4.1'")
        assert len(ledger) == 15
        assert {row["period"] for row in ledger} == {"2022"}
        assert sum(row["epsilon"] for row in ledger) == pytest.approx(2.5)
        assert sorted({row["d_in"] for row in ledger}) == [2, 8, 36]
        table = (await admin.get("/v1/releases/2022Q4.1/tables/cases_disposed.region_quarter")).json()
        assert all(row["value"] % 5 == 0 for row in table["rows"] if row["status"] == "published")

        draws = scripted.draws
        refused = await admin.post(
            "/v1/releases", json={"period": "2022Q4", "differential_privacy": True, "dp_epsilon": 2.0}
        )
        assert refused.status_code == 409, refused.text
        assert "budget" in refused.text
        assert scripted.draws == draws  # refused before any noise was drawn
        assert await _stored(db, "2022Q4.2") == (0, 0, 0)
        assert await db.fetchval("SELECT count(*) FROM dp_ledger WHERE period = '2022'") == 15
        listing = (await admin.get("/v1/releases")).json()
        assert [r["release_id"] for r in listing if r["period"] == "2022Q4"] == ["2022Q4.1"]


async def test_dp_requests_without_opendp_or_with_a_bad_epsilon_are_422(  # type: ignore[no-untyped-def]
    cases: int, database_url: str, tokens: Tokens, db: asyncpg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenDP missing: 422 naming differential_privacy; ε above the cap, or ε without DP: 422 naming
    dp_epsilon. Nothing is stored or charged."""

    def unavailable() -> ScriptedNoise:
        raise DpUnavailableError()

    monkeypatch.setattr(service, "noise_source", unavailable)
    before = await db.fetchval("SELECT count(*) FROM dp_ledger")
    async with open_client(database_url, tokens.admin) as admin:
        for body, field in (
            ({"period": "2021Q2", "differential_privacy": True}, "differential_privacy"),
            ({"period": "2021Q2", "differential_privacy": True, "dp_epsilon": 4.5}, "dp_epsilon"),
            ({"period": "2021Q2", "dp_epsilon": 1.0}, "dp_epsilon"),
        ):
            response = await admin.post("/v1/releases", json=body)
            assert response.status_code == 422, response.text
            assert response.json()["field"] == field
        assert await _stored(db, "2021Q2.1") == (0, 0, 0)
    assert await db.fetchval("SELECT count(*) FROM dp_ledger") == before


async def test_a_dp_build_with_real_opendp_runs_end_to_end(  # type: ignore[no-untyped-def]
    cases: int, database_url: str, tokens: Tokens, db: asyncpg.Connection
) -> None:
    """With OpenDP installed (else skipped): a DP build of 2023Q1 at the default ε = 1 is stored,
    charged 1.0 to 2023, and every charge's ε is at most its share."""
    pytest.importorskip("opendp")
    async with open_client(database_url, tokens.admin) as admin:
        response = await admin.post("/v1/releases", json={"period": "2023Q1", "differential_privacy": True})
        assert response.status_code == 201, response.text
        dp = response.json()["parameters"]["dp"]
        assert dp["epsilon"] == 1.0
        table = await admin.get("/v1/releases/2023Q1.1/tables/children_identified.national_quarter")
        assert table.status_code == 200
    ledger = await db.fetch("SELECT epsilon, d_in FROM dp_ledger WHERE release_id = '2023Q1.1'")
    assert len(ledger) == 5 + 2
    assert all(row["epsilon"] <= 1.0 / 7 + 1e-9 for row in ledger)
    assert sum(row["epsilon"] for row in ledger) <= 1.0 + 1e-9
