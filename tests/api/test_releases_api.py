"""Releases over HTTP: admins build them, anyone with a key (or no key, if the setting allows) reads
the stored bytes; reads never compute anything from case data."""

from __future__ import annotations

import random

import asyncpg
import msgspec
import pytest
from tests.api.conftest import TEST_DOCKET_SECRET, open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, Tokens

from cpc_api.app import create_app
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
