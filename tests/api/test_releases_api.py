"""Releases over HTTP: admins build them, anyone with a key (or no key, if the setting allows) reads
the stored bytes; reads never compute anything from case data."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import asyncpg
import msgspec
import pytest
from tests.api.conftest import TEST_DOCKET_SECRET, open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, Tokens

import cpc_prosecution.services.releases as releases_service
from cpc_api.app import create_app
from cpc_prosecution.disclosure import ProtectionTimeoutError
from cpc_prosecution.disclosure.dp import ScriptedNoise
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
async def release_id(database_url: str, tokens: Tokens) -> str:
    """400 generated cases, then the release of 2021Q4 built by the admin over HTTP."""
    rng = random.Random(4242)
    cases = [ImportedCase(office_id=CITY, events=recordable_history(rng)) for _ in range(400)]  # type: ignore[arg-type]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()
    async with open_client(database_url, tokens.admin) as admin:
        response = await admin.post("/v1/releases", json={"period": "2021Q4", "threshold": 5})
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["release_id"] == "2021Q4.1"
    return str(document["release_id"])


async def test_a_release_lists_its_tables_parameters_and_hash(release_id: str, admin) -> None:  # type: ignore[no-untyped-def]
    """The index document names every catalogue table with its JSON and CSV links, the parameters
    the protection ran with, the data cut-off and a content hash; the list shows the release."""
    document = (await admin.get(f"/v1/releases/{release_id}")).json()
    assert document["parameters"]["threshold"] == 5
    assert len(document["content_hash"]) == 64
    assert document["methodology"] == "/v1/releases/methodology"
    ids = {t["id"] for t in document["tables"]}
    assert {"cases_by_stage.region_quarter", "cases_by_stage.court_year", "conviction_rate.court_year"} <= ids
    listing = (await admin.get("/v1/releases")).json()
    assert [r["release_id"] for r in listing] == [release_id]


async def test_hidden_cells_read_the_same_whatever_the_reason(release_id: str, admin) -> None:  # type: ignore[no-untyped-def]
    """Every confidential cell is exactly {value: null, status: confidential}; published counts are
    rounded to 5; each table carries the release id and the methodology link."""
    table = (await admin.get(f"/v1/releases/{release_id}/tables/cases_entering_stage.region_quarter")).json()
    assert table["release_id"] == release_id
    assert table["methodology"] == "/v1/releases/methodology"
    statuses = {row["status"] for row in table["rows"]}
    assert statuses == {"published", "confidential"}
    for row in table["rows"]:
        marker = {k: row[k] for k in row if k in ("value", "status", "rounding")}
        if row["status"] == "confidential":
            assert marker == {"value": None, "status": "confidential"}
        else:
            assert row["value"] % 5 == 0
            assert row["rounding"] == 5


async def test_the_same_request_returns_the_same_bytes_and_csv_matches(release_id: str, admin) -> None:  # type: ignore[no-untyped-def]
    """Two GETs of a table are byte-identical; the CSV holds the same rows with the release id."""
    url = f"/v1/releases/{release_id}/tables/cases_disposed.court_year"
    first, second = await admin.get(url), await admin.get(url)
    assert first.content == second.content
    csv = (await admin.get(url, params={"format": "csv"})).text.splitlines()
    assert csv[0] == "release_id,table,geography,level,period,category,value,status,rounding"
    assert len(csv) - 1 == len(first.json()["rows"])
    assert all(line.startswith(f"{release_id},cases_disposed.court_year,") for line in csv[1:])
    assert first.headers["link"] == '</v1/releases/methodology>; rel="describedby"'


async def test_gets_never_touch_case_data(  # type: ignore[no-untyped-def]
    release_id: str, admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the tabulation, the builder, the summary reader and the metrics engine all made to fail,
    every GET still answers with the stored bytes."""
    import cpc_prosecution.metrics as metrics
    import cpc_prosecution.releases.build as build
    import cpc_prosecution.services.releases as service

    def explode(*_: object, **__: object) -> None:
        raise AssertionError("a GET computed from case data")

    before = (await admin.get(f"/v1/releases/{release_id}/tables/pending_by_age.region_quarter")).content
    monkeypatch.setattr(build, "tabulate", explode)
    monkeypatch.setattr(service, "build_release", explode)
    monkeypatch.setattr(service, "read_all_summaries", explode)
    monkeypatch.setattr(metrics, "compute", explode)
    for url in ("/v1/releases", f"/v1/releases/{release_id}", "/v1/releases/methodology"):
        assert (await admin.get(url)).status_code == 200
    after = await admin.get(f"/v1/releases/{release_id}/tables/pending_by_age.region_quarter")
    assert after.status_code == 200
    assert after.content == before


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/releases/RID/tables/cases_by_stage.region_quarter?exclude_court=X", 400),
        ("/v1/releases/RID?court=X", 400),
        ("/v1/releases?from=2020-01-01", 400),
        ("/v1/releases/RID/tables/cases_by_stage.region_quarter?format=xml", 400),
        ("/v1/releases/RID/tables/no_such_table", 404),
        ("/v1/releases/2021Q3.1", 404),
        ("/v1/releases/not-an-id", 404),
    ],
)
async def test_anything_outside_the_catalogue_is_refused(release_id: str, admin, url: str, status: int) -> None:  # type: ignore[no-untyped-def]
    """Free filters, exclusions and date ranges are a 400 naming the parameter; unknown releases and
    tables are a 404."""
    response = await admin.get(url.replace("RID", release_id))
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_reads_need_a_key_unless_releases_are_public(release_id: str, database_url: str, tokens: Tokens) -> None:
    """Without a key: 401 by default; 200 with CPC_PUBLIC_RELEASES. Every role's key may read."""
    async with open_client(database_url) as anonymous:
        assert (await anonymous.get(f"/v1/releases/{release_id}")).status_code == 401
    settings = Settings(database_url=database_url, docket_secret=TEST_DOCKET_SECRET, public_releases=True)
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=create_app(settings)) as public:
        assert (await public.get(f"/v1/releases/{release_id}/tables/cases_by_stage.court_year")).status_code == 200
    for token in (tokens.viewer, tokens.analyst_r7, tokens.liaison_city):
        async with open_client(database_url, token) as reader:
            assert (await reader.get("/v1/releases")).status_code == 200


async def test_only_admins_build_and_bad_requests_store_nothing(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, tokens: Tokens, admin
) -> None:
    """A liaison gets 403; an unfinished quarter, a threshold below 3 and an unknown field are 4xx
    naming the field; none of them stores a release."""
    async with open_client(database_url, tokens.liaison_city) as liaison:
        assert (await liaison.post("/v1/releases", json={"period": "2021Q4"})).status_code == 403
    for body, field in (
        ({"period": "2099Q1"}, "period"),
        ({"period": "2021-10"}, "period"),
        ({"period": "2021Q4", "threshold": 2}, "threshold"),
        ({"period": "2021Q4", "cases_per_child": 0}, "cases_per_child"),
    ):
        response = await admin.post("/v1/releases", json=body)
        assert response.status_code == 422, response.text
        assert field in response.text
    assert (await admin.post("/v1/releases", json={"period": "2021Q4", "exclude": "X"})).status_code == 400
    assert [r["release_id"] for r in (await admin.get("/v1/releases")).json()] == [release_id]


async def test_a_revision_is_a_new_release_and_releases_are_immutable(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, admin
) -> None:
    """Building the same quarter again stores 2021Q4.2 superseding 2021Q4.1 (audited with it); the
    stored rows refuse UPDATE and DELETE."""
    response = await admin.post("/v1/releases", json={"period": "2021Q4", "threshold": 5})
    assert response.status_code == 201
    assert response.json()["supersedes"] == release_id
    conn = await asyncpg.connect(database_url)
    try:
        for statement in (
            "UPDATE release_table SET json = json",
            "DELETE FROM release",
            "UPDATE release_internal SET tables = tables",
        ):
            with pytest.raises(asyncpg.RestrictViolationError, match="immutable"):
                await conn.execute(statement)
    finally:
        await conn.close()
    assert msgspec.json.decode((await admin.get("/v1/releases")).content)[0]["release_id"] == "2021Q4.2"


async def _stored_releases(database_url: str, period: str) -> list[str]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT release_id FROM release WHERE period = $1 ORDER BY revision", period)
        tables = await conn.fetchval(
            "SELECT count(*) FROM release_table AS t JOIN release AS r USING (release_id) WHERE r.period = $1", period
        )
        internals = await conn.fetchval(
            "SELECT count(*) FROM release_internal AS i JOIN release AS r USING (release_id) WHERE r.period = $1",
            period,
        )
    finally:
        await conn.close()
    ids = [row["release_id"] for row in rows]
    assert tables == 13 * len(ids) or not str(period).endswith("Q4")
    assert internals == len(ids)
    return ids


async def test_another_policy_within_a_year_is_refused_and_stores_nothing(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2021's policy was fixed at k = 5 by its first release: a build at k = 11 (a threshold change),
    with another cases-per-child, or in DP mode is a 409 that names the year's policy and how to
    change it (a new catalogue version or year); nothing is stored. Leaving the fields out builds
    with the year's policy."""
    monkeypatch.setattr(releases_service, "noise_source", lambda: ScriptedNoise((3,)))
    before = await _stored_releases(database_url, "2021Q4")
    for body, named in (
        ({"period": "2021Q4", "threshold": 11}, "threshold 11 (the year's is 5)"),
        ({"period": "2021Q3", "threshold": 3}, "threshold 3 (the year's is 5)"),
        ({"period": "2021Q4", "threshold": 5, "cases_per_child": 3}, "cases per child 3 (the year's is 2)"),
        ({"period": "2021Q4", "differential_privacy": True}, "differential privacy True (the year's is False)"),
    ):
        response = await admin.post("/v1/releases", json=body)
        assert response.status_code == 409, response.text
        detail = response.json()["detail"]
        assert named in detail
        assert "fixed by its first release 2021Q4.1" in detail
        assert "new release catalogue version or for another year" in detail
    assert await _stored_releases(database_url, "2021Q4") == before
    assert await _stored_releases(database_url, "2021Q3") == []
    kept = await admin.post("/v1/releases", json={"period": "2021Q3"})
    assert kept.status_code == 201, kept.text
    assert kept.json()["parameters"]["threshold"] == 5


async def test_a_second_build_of_a_year_in_progress_is_a_409_at_once(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, admin
) -> None:
    """While another transaction holds 2020's build lock, a build of 2020Q2 answers 409 "a build of
    this year is in progress" within seconds (no waiting on the lock), and stores nothing."""
    holder = await asyncpg.connect(database_url)
    try:
        async with holder.transaction():
            assert await holder.fetchval("SELECT pg_try_advisory_xact_lock(hashtext('cpc-release'), 2020)")
            started = time.monotonic()
            response = await admin.post("/v1/releases", json={"period": "2020Q2"})
            assert time.monotonic() - started < 10
    finally:
        await holder.close()
    assert response.status_code == 409, response.text
    assert "a build of this year (2020) is in progress" in response.json()["detail"]
    assert await _stored_releases(database_url, "2020Q2") == []


async def test_concurrent_builds_of_one_year_one_201_one_409(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, tokens: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two admins build 2019Q4 at the same moment, each through its own app, pool and thread (the
    build is slowed by 1.5 s so the two surely overlap): one 201, one 409 "in progress", no 5xx;
    exactly one release is stored."""
    build_release = releases_service.build_release

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        return build_release(*args, **kwargs)

    monkeypatch.setattr(releases_service, "build_release", slow_build)
    async with open_client(database_url, tokens.admin) as first, open_client(database_url, tokens.admin) as second:
        # The test client's transport blocks its caller, so each request runs in a thread of its own.
        responses = await asyncio.gather(
            *(
                asyncio.to_thread(asyncio.run, client.post("/v1/releases", json={"period": "2019Q4", "threshold": 5}))
                for client in (first, second)
            )
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409], [r.text for r in responses]
    refused = next(r for r in responses if r.status_code == 409)
    assert "a build of this year (2019) is in progress" in refused.json()["detail"]
    assert await _stored_releases(database_url, "2019Q4") == ["2019Q4.1"]


async def test_a_protection_past_its_time_budget_is_a_409_with_its_reason(  # type: ignore[no-untyped-def]
    release_id: str, database_url: str, admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build whose protection runs out of its time budget answers 409 naming the budget, not a
    500 after minutes; nothing is stored."""

    def out_of_time(*args: Any, **kwargs: Any) -> Any:
        assert kwargs["time_budget"] == releases_service.PROTECTION_TIME_BUDGET
        raise ProtectionTimeoutError(kwargs["time_budget"], 7)

    monkeypatch.setattr(releases_service, "build_release", out_of_time)
    response = await admin.post("/v1/releases", json={"period": "2018Q4"})
    assert response.status_code == 409, response.text
    assert "did not finish within its time budget of 45 s" in response.json()["detail"]
    assert await _stored_releases(database_url, "2018Q4") == []
