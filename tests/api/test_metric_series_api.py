"""Metrics a chart can read: a series in one response, tidy CSV, strict query, the newest release.

The module database holds a small demo dataset (cpc_prosecution.demo); its analyst key sees it all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import asyncpg
import pytest
from tests.api.conftest import open_client

from cpc_prosecution.demo import generate
from cpc_prosecution.demo.load import DemoLoaded, load
from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.metrics import compute
from cpc_prosecution.metrics.series import compute_series
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db

AS_OF = dt.date(2025, 11, 20)


@pytest.fixture(scope="module")
async def demo(database_url: str) -> DemoLoaded:
    conn = await asyncpg.connect(database_url)
    try:
        await register_codecs(conn)
        return await load(conn, generate(cases=240, as_of=AS_OF, seed=17, years=4))
    finally:
        await conn.close()


async def test_a_series_is_one_response_equal_to_the_library_series(database_url: str, demo: DemoLoaded) -> None:
    """`from=2023Q1&to=2024Q4` gives eight quarterly results, each equal to the pure engine's over the
    same cases (`compute_series`), and the metric's targets."""
    params = {"from": "2023Q1", "to": "2024Q4", "as_of": AS_OF.isoformat()}
    async with open_client(database_url, demo.analyst_key) as analyst:
        response = await analyst.get("/v1/metrics/clearance_rate", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["period"] for r in body["series"]["results"]] == [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]
    assert [t["measure"] for t in body["targets"]] == ["clearance_rate"]
    summaries = [summarize(fold(c.events)) for c in generate(cases=240, as_of=AS_OF, seed=17, years=4).cases]
    expected = compute_series("clearance_rate", summaries, "2023Q1", "2024Q4", as_of=AS_OF)
    got = {r["period"]: {c["measure"]: c["value"] for c in r["cells"]} for r in body["series"]["results"]}
    for result in expected.results:
        assert got[result.period] == {c.measure: c.value for c in result.cells}


async def test_tidy_csv_names_metric_period_group_measure_kind_and_unit(database_url: str, demo: DemoLoaded) -> None:
    """One row per metric x period x group x measure x category; the total's group is ALL; kinds are
    count, percent or days as the registry says; one charset in the content type."""
    params = {"from": "2024Q1", "to": "2024Q2", "by": "judicial_region", "format": "csv"}
    async with open_client(database_url, demo.analyst_key) as analyst:
        response = await analyst.get("/v1/metrics/time_to_disposition", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["period"] for r in rows} == {"2024Q1", "2024Q2"}
    assert {r["group"] for r in rows} >= {"ALL", "NCJR", "R7"}
    assert "" not in {r["group"] for r in rows}
    kinds = {r["measure"]: r["kind"] for r in rows}
    assert (kinds["cohort"], kinds["km_median_days"], kinds["within_standard"]) == ("count", "days", "percent")
    keys = [(r["period"], r["group"], r["measure"], r["category"]) for r in rows]
    assert len(keys) == len(set(keys))


async def test_a_single_period_csv_has_the_same_columns(database_url: str, demo: DemoLoaded) -> None:
    """`period=2024` as CSV: the same tidy columns, with the year as period."""
    async with open_client(database_url, demo.analyst_key) as analyst:
        response = await analyst.get("/v1/metrics/conviction_rate", params={"period": "2024", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["period"] for r in rows} == {"2024"}
    assert {r["metric"] for r in rows} == {"conviction_rate"}
    assert response.headers["content-type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("period=2024&by=court&by=office", 400, "query.by"),
        ("from=2024Q1&from=2024Q2&to=2024Q4", 400, "query.from"),
        ("from=2024Q1&to=2024Q4&grup=court", 400, "query.grup"),
        ("from=2024Q1", 422, "to"),
        ("from=2024Q1&to=2024Q4&period=2024", 422, "from"),
        ("from=2024Q3&to=2024Q1", 422, "to"),
        ("from=2024Q1&to=2025", 422, "to"),
    ],
)
async def test_bad_series_queries_are_refused_naming_the_parameter(
    database_url: str, demo: DemoLoaded, query: str, status: int, field: str
) -> None:
    """Repeated and unknown parameters are a 400; an incomplete or inconsistent range a 422."""
    async with open_client(database_url, demo.analyst_key) as analyst:
        response = await analyst.get(f"/v1/metrics/clearance_rate?{query}")
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["errors"][0]["field"] if status == 400 else body["field"]) == field


async def test_the_latest_release_and_its_tables(database_url: str, demo: DemoLoaded) -> None:
    """/v1/releases/latest is the newest release's document; its tables are reachable the same way, the
    CSV with one charset in its content type."""
    async with open_client(database_url, demo.analyst_key) as client:
        latest = await client.get("/v1/releases/latest")
        by_id = await client.get(f"/v1/releases/{demo.release_id}")
        table_id = latest.json()["tables"][0]["id"]
        table = await client.get(f"/v1/releases/latest/tables/{table_id}")
        as_csv = await client.get(f"/v1/releases/latest/tables/{table_id}", params={"format": "csv"})
    assert latest.status_code == 200, latest.text
    assert latest.content == by_id.content
    assert table.status_code == 200, table.text
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"


def test_compute_series_matches_compute_per_period() -> None:
    """The library series is `compute` per period with the same as-of date; without one, each period
    is taken as of its own end (a trend of stocks)."""
    summaries = [summarize(fold(c.events)) for c in generate(cases=120, as_of=AS_OF, seed=2, years=3).cases]
    series = compute_series("age_of_pending_caseload", summaries, "2024", "2025", as_of=AS_OF)
    assert [r.period for r in series.results] == ["2024", "2025"]
    assert series.results[1] == compute("age_of_pending_caseload", summaries, period="2025", as_of=AS_OF)
    assert series.results[0] == compute("age_of_pending_caseload", summaries, period="2024", as_of=AS_OF)
    year_ends = compute_series("age_of_pending_caseload", summaries, "2024", "2024")
    assert year_ends.results[0] == compute("age_of_pending_caseload", summaries, period="2024")
    assert year_ends.results[0].as_of == dt.date(2024, 12, 31)
