"""Live metrics over HTTP: the registry, and one metric for analysts, counted only over their scope."""

from __future__ import annotations

import datetime as dt
import random

import asyncpg
import msgspec
import pytest
from tests.api.conftest import open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, PROVINCE, Tokens
from tests.support.psgc import sample_masterlist

from cpc_prosecution.domain import CaseSummary
from cpc_prosecution.domain.capacity import StaffingSnapshot
from cpc_prosecution.metrics import METRICS, compute
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.store import capacity as capacity_store
from cpc_prosecution.store.case_summaries import SUMMARY_FIELDS
from cpc_prosecution.store.pool import create_pool
from cpc_prosecution.store.psgc import replace_psgc_list

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
async def loaded(database_url: str, tokens: Tokens) -> list[tuple[str, str | None, CaseSummary]]:
    """300 generated cases, two thirds owned by the city office; returns (owner, court region, summary)."""
    rng = random.Random(606)
    cases = [
        ImportedCase(office_id=CITY if i % 3 else PROVINCE, events=recordable_history(rng))  # type: ignore[arg-type]
        for i in range(300)
    ]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
            rows = await conn.fetch(f"SELECT owner_office_id, {', '.join(SUMMARY_FIELDS)} FROM case_summary")
    finally:
        await pool.close()
    out = []
    for row in rows:
        data = {name: row[name] for name in SUMMARY_FIELDS}
        data["case_id"] = str(data["case_id"])
        summary = msgspec.convert(data, CaseSummary)
        out.append((row["owner_office_id"], summary.court_judicial_region, summary))
    return out


def _expected(
    loaded: list[tuple[str, str | None, CaseSummary]],
    metric: str,
    *,
    offices: set[str],
    regions: set[str],
    **kw: object,
) -> object:
    rows = [s for owner, region, s in loaded if owner in offices or (region is not None and region in regions)]
    return msgspec.json.decode(msgspec.json.encode(compute(metric, rows, **kw)))  # type: ignore[arg-type]


@pytest.mark.parametrize("metric", ["conviction_rate", "clearance_rate", "stage_funnel", "time_to_disposition"])
async def test_an_analyst_gets_the_metric_over_its_offices_only(
    database_url: str, tokens: Tokens, loaded: list[tuple[str, str | None, CaseSummary]], metric: str
) -> None:
    """SQL-engine and pure-engine metrics alike equal the pure engine over the city's cases only."""
    params = {"period": "FY2020", "as_of": "2021-06-30", "by": "court"}
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get(f"/v1/metrics/{metric}", params=params)
    assert response.status_code == 200, response.text
    assert len({c["group"] for c in response.json()["result"]["cells"]}) > 1, "groups by court expected"
    expected = _expected(
        loaded, metric, offices={CITY}, regions=set(), period="FY2020", as_of=dt.date(2021, 6, 30), by="court"
    )
    assert response.json()["result"] == expected


@pytest.mark.parametrize("by", ["admin_region", "province", "city_municipality"])
async def test_place_breakdowns_roll_the_case_place_up_the_masterlist(
    database_url: str, tokens: Tokens, loaded: list[tuple[str, str | None, CaseSummary]], by: str
) -> None:
    """With a masterlist loaded, `by=admin_region|province|city_municipality` groups the analyst's cases
    by their place's roll-up, as the pure engine does with the same masterlist."""
    masterlist = sample_masterlist()
    conn = await asyncpg.connect(database_url)
    try:
        await replace_psgc_list(conn, masterlist)
    finally:
        await conn.close()
    params = {"period": "FY2020", "as_of": "2021-06-30", "by": by}
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get("/v1/metrics/clearance_rate", params=params)
    assert response.status_code == 200, response.text
    groups = {c["group"] for c in response.json()["result"]["cells"]} - {None}
    assert len(groups) > 1, "several places expected"
    expected = _expected(
        loaded,
        "clearance_rate",
        offices={CITY},
        regions=set(),
        period="FY2020",
        as_of=dt.date(2021, 6, 30),
        by=by,
        places=masterlist.rollups(),
    )
    assert response.json()["result"] == expected


async def test_a_region_analyst_counts_the_cases_before_its_courts(
    database_url: str, tokens: Tokens, loaded: list[tuple[str, str | None, CaseSummary]]
) -> None:
    """Judicial region VII: cases raffled to its courts, whichever office owns them; nothing else."""
    async with open_client(database_url, tokens.analyst_r7) as analyst:
        response = await analyst.get("/v1/metrics/age_of_pending_caseload", params={"as_of": "2022-01-01"})
    expected = _expected(loaded, "age_of_pending_caseload", offices=set(), regions={"R7"}, as_of=dt.date(2022, 1, 1))
    assert response.status_code == 200, response.text
    assert response.json()["result"] == expected


async def test_csv_has_one_row_per_cell(database_url: str, tokens: Tokens, loaded: object) -> None:
    """`format=csv` is the same result, one tidy row per cell, with a header (tests/api/test_metric_series_api.py)."""
    async with open_client(database_url, tokens.analyst_city) as analyst:
        as_json = (await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020"})).json()["result"]
        as_csv = await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020", "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    lines = as_csv.text.strip().split("\n")
    assert lines[0].startswith("metric,period,period_start,period_end,as_of,by,group,category,measure,kind,unit,value")
    assert len(lines) == 1 + len(as_json["cells"])


@pytest.mark.parametrize(
    ("token", "path", "params", "status", "field"),
    [
        ("liaison_city", "/v1/metrics/conviction_rate", {"period": "2020"}, 403, None),
        ("viewer", "/v1/metrics/conviction_rate", {"period": "2020"}, 403, None),
        ("analyst_city", "/v1/metrics/no_such_metric", {"period": "2020"}, 404, None),
        ("analyst_city", "/v1/metrics/conviction_rate", {"period": "2020-13"}, 422, "period"),
        ("analyst_city", "/v1/metrics/conviction_rate", {"period": "2020", "by": "victim_name"}, 422, "by"),
        ("analyst_city", "/v1/metrics/conviction_rate", {}, 422, "period"),
    ],
)
async def test_bad_metric_requests_are_refused_with_the_reason(
    database_url: str, tokens: Tokens, token: str, path: str, params: dict[str, str], status: int, field: str | None
) -> None:
    """Roles other than analyst, unknown metrics, bad periods and dimensions each get a clear problem."""
    async with open_client(database_url, getattr(tokens, token)) as client:
        response = await client.get(path, params=params)
    assert response.status_code == status, response.text
    if field is not None:
        assert response.json()["field"] == field


async def test_unknown_query_parameters_are_a_400(database_url: str, tokens: Tokens) -> None:
    """A misspelt parameter never silently changes the figure."""
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020", "grup": "court"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "query.grup"


async def test_the_registry_is_served_to_every_key(database_url: str, tokens: Tokens) -> None:
    """GET /v1/metrics lists every registered metric with its definition and sources."""
    async with open_client(database_url, tokens.viewer) as viewer:
        listed = (await viewer.get("/v1/metrics")).json()
    assert [m["metric"]["id"] for m in listed] == [m.id for m in METRICS]
    assert all(m["metric"]["sources"] for m in listed)


async def test_metric_queries_are_scoped_in_sql(database_url: str) -> None:
    """The scoped SQL never reads a row outside the scope: an empty scope counts nothing."""
    from cpc_prosecution.store.metric_queries import compute_sql

    conn = await asyncpg.connect(database_url)
    try:
        result = await compute_sql(conn, "conviction_rate", period="2020", scope=([], []))
    finally:
        await conn.close()
    assert all(cell.denominator in (0, None) for cell in result.cells)


async def test_targets_are_set_by_admins_and_shown_with_progress(
    database_url: str, tokens: Tokens, loaded: object
) -> None:
    """A court's FY2020 target is listed in the registry and, in a result by court, carries the court's
    value and the progress from baseline to target."""
    target = {
        "metric_id": "conviction_rate",
        "measure": "cases_disposed",
        "scope": "court",
        "scope_id": "RTC-R7-LLC-FC54",
        "period": "FY2020",
        "baseline": 1,
        "target": 11,
    }
    async with open_client(database_url, tokens.liaison_city) as liaison:
        refused = await liaison.post("/v1/targets", json=target)
    async with open_client(database_url, tokens.admin) as admin:
        bad = await admin.post("/v1/targets", json={**target, "measure": "no_such"})
        created = await admin.post("/v1/targets", json=target)
        registry = (await admin.get("/v1/metrics")).json()
    async with open_client(database_url, tokens.analyst_city) as analyst:
        live = (await analyst.get("/v1/metrics/conviction_rate", params={"period": "FY2020", "by": "court"})).json()
    assert (refused.status_code, bad.status_code, created.status_code) == (403, 422, 201)
    assert bad.json()["field"] == "measure"
    listed = next(m for m in registry if m["metric"]["id"] == "conviction_rate")["targets"]
    assert listed == [{**target, "category": None, "baseline": 1.0, "target": 11.0}]
    (shown,) = live["targets"]
    court = next(
        c
        for c in live["result"]["cells"]
        if c["group"] == "RTC-R7-LLC-FC54" and c["measure"] == "cases_disposed" and c["category"] is None
    )
    assert shown["value"] == court["value"]
    assert shown["progress"] == round((court["value"] - 1) / 10, 4)


async def test_a_target_can_be_set_for_an_administrative_region(database_url: str, tokens: Tokens) -> None:
    """Scope `admin_region` with a PSGC code is stored and listed (e.g. convictions in Region VII by
    the end of FY2020); a scope id that is not a PSGC code is a 422 naming `scope_id`."""
    target = {
        "metric_id": "conviction_rate",
        "measure": "cases_disposed",
        "scope": "admin_region",
        "scope_id": "0700000000",
        "period": "FY2020",
        "baseline": 2,
        "target": 6,
    }
    async with open_client(database_url, tokens.admin) as admin:
        bad = await admin.post("/v1/targets", json={**target, "scope_id": "R7"})
        created = await admin.post("/v1/targets", json=target)
        listed = (await admin.get("/v1/targets", params={"metric": "conviction_rate"})).json()
    assert (bad.status_code, created.status_code) == (422, 201), created.text
    assert bad.json()["field"] == "scope_id"
    assert {**target, "category": None, "baseline": 2.0, "target": 6.0} in listed


async def test_an_analyst_reads_the_staffing_of_its_offices_only(
    database_url: str, tokens: Tokens, loaded: list[tuple[str, str | None, CaseSummary]]
) -> None:
    """Capacity metrics count the key's offices' snapshots: the city's 10 filled posts (5 trained:
    the 50 % threshold met), not the province's 4."""
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as conn:
            for office, filled, trained in ((CITY, 10, 5), (PROVINCE, 4, 0)):
                snapshot = StaffingSnapshot(
                    office_id=office,
                    as_of=dt.date(2020, 1, 1),
                    positions_filled=filled,
                    positions_vacant=1,
                    carrying_caseload=filled,
                    trained_trafficking=trained,
                    trained_child_sensitive=0,
                )
                await capacity_store.insert_staffing(conn, snapshot, "test")
    finally:
        await pool.close()
    async with open_client(database_url, tokens.analyst_city) as analyst:
        response = await analyst.get("/v1/metrics/prosecutor_staffing", params={"as_of": "2021-06-30"})
    assert response.status_code == 200, response.text
    cells = {c["measure"]: c["value"] for c in response.json()["result"]["cells"]}
    assert cells["positions_filled"] == 10
    assert cells["positions"] == 11
    assert cells["offices_meeting_trained_threshold"] == 100.0


async def test_the_unit_of_count_is_a_parameter_and_an_unknown_one_a_400(
    database_url: str, tokens: Tokens, loaded: list[tuple[str, str | None, CaseSummary]]
) -> None:
    """clearance_rate and time_to_disposition count per case (default) or per accused (`unit=ACCUSED`,
    equal to the pure engine over the key's cases); a unit the metric does not offer is a 400 naming the
    allowed ones."""
    async with open_client(database_url, tokens.analyst_city) as analyst:
        per_accused = await analyst.get("/v1/metrics/clearance_rate", params={"period": "FY2020", "unit": "ACCUSED"})
        unknown = await analyst.get("/v1/metrics/time_to_disposition", params={"period": "2020", "unit": "CHILD"})
        fixed = await analyst.get("/v1/metrics/conviction_rate", params={"period": "2020", "unit": "ACCUSED"})
    assert per_accused.status_code == 200, per_accused.text
    expected = _expected(loaded, "clearance_rate", offices={CITY}, regions=set(), period="FY2020", unit="ACCUSED")
    assert per_accused.json()["result"] == expected
    assert {c["unit"] for c in per_accused.json()["result"]["cells"]} == {"ACCUSED"}
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "query.unit"
    assert "allowed: CASE, ACCUSED" in unknown.json()["errors"][0]["reason"]
    assert fixed.status_code == 400
    assert "allowed: CASE" in fixed.json()["errors"][0]["reason"]
