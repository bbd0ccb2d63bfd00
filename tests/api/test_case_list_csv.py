"""`GET /v1/cases`: `due_within` keeps the cases the worklist shows for the same days; `format=csv` gives
every matching case (all pages) with the listing's fields, in scope, audited."""

from __future__ import annotations

import csv
import io
import random
import uuid
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import open_client
from tests.api.test_worklist import _recent_history
from tests.support.keys import CITY, PROVINCE, Tokens

from cpc_prosecution.services.access import Principal, Role
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.case_queries import LISTING_COLUMNS, all_listed_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store.case_listing import CaseFilter
from cpc_prosecution.store.pool import create_pool, register_codecs

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
async def loaded(database_url: str, tokens: Tokens) -> int:
    """90 recent generated cases (two thirds city office), so clocks fall due around today."""
    today = manila_today()
    rng = random.Random(1516_2)
    offices = [CITY if i % 3 else PROVINCE for i in range(90)]
    cases = [ImportedCase(office_id=office, events=_recent_history(rng, today)) for office in offices]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()
    return len(cases)


async def _pages(client: AsyncTestClient, query: str) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """Every item of the JSON listing, following `next_cursor`."""
    items: list[dict[str, Any]] = []
    cursor = ""
    while True:
        response = await client.get(f"/v1/cases?{query}&limit=7{cursor}")
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        if body["next_cursor"] is None:
            return items
        cursor = f"&cursor={body['next_cursor']}"


@pytest.mark.parametrize("days", [0, 14, 120])
async def test_due_within_lists_the_cases_the_worklist_shows_for_the_same_days(
    database_url: str, tokens: Tokens, loaded: int, days: int
) -> None:
    """The cases listed with `due_within=N` are exactly the distinct cases of the worklist's rows with
    `due_within=N` (overdue ones included), each once, in list order."""
    async with open_client(database_url, tokens.liaison_city) as client:
        listed = await _pages(client, f"due_within={days}")
        work = await client.get(f"/v1/worklist?due_within={days}&limit=2000")
    assert work.status_code == 200
    worklist_cases = {i["case_id"] for i in work.json()["items"]}
    assert worklist_cases, "generated recent cases have clocks due"
    assert [c["case_id"] for c in listed] == list(dict.fromkeys(c["case_id"] for c in listed))
    assert {c["case_id"] for c in listed} == worklist_cases


async def test_due_within_narrows_as_the_horizon_shrinks_and_combines_with_other_filters(
    database_url: str, tokens: Tokens, loaded: int
) -> None:
    """A shorter horizon lists a subset of a longer one; with `overdue=true` both filters apply."""
    async with open_client(database_url, tokens.liaison_city) as client:
        near = {c["case_id"] for c in await _pages(client, "due_within=0")}
        far = {c["case_id"] for c in await _pages(client, "due_within=366")}
        overdue = {c["case_id"] for c in await _pages(client, "overdue=true")}
        both = {c["case_id"] for c in await _pages(client, "overdue=true&due_within=366")}
    assert near < far
    assert both == overdue & far


async def test_csv_holds_every_page_with_the_listings_fields(database_url: str, tokens: Tokens, loaded: int) -> None:
    """`format=csv` holds every case the JSON pages hold (more than one page: 60 city cases at limit 50
    by default), same order and values (booleans as yes/no, none as empty), filters applied."""
    async with open_client(database_url, tokens.liaison_city) as client:
        pages = await _pages(client, "overdue=false")
        response = await client.get("/v1/cases?format=csv")
        filtered = await client.get("/v1/cases?format=csv&due_within=14")
        filtered_json = await _pages(client, "due_within=14")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == LISTING_COLUMNS
    assert len(rows) == len(pages) > 50

    def cell(value: Any) -> str:
        return "" if value is None else ("yes" if value else "no") if isinstance(value, bool) else str(value)

    assert [[r[c] for c in LISTING_COLUMNS] for r in rows] == [[cell(p[c]) for c in LISTING_COLUMNS] for p in pages]
    assert [r["case_id"] for r in csv.DictReader(io.StringIO(filtered.text))] == [c["case_id"] for c in filtered_json]


async def test_the_listing_iterates_every_batch_in_scope(database_url: str, tokens: Tokens, loaded: int) -> None:
    """Read in batches of 7, the listing returns each in-scope case once, in list order: the province
    liaison gets the 30 province cases only."""
    conn = await asyncpg.connect(database_url)
    await register_codecs(conn)
    principal = Principal(key_id=uuid.uuid4(), role=Role.LIAISON, offices=frozenset({PROVINCE}))
    try:
        batches = [b async for b in all_listed_cases(conn, CaseFilter(), principal=principal, batch=7)]
    finally:
        await conn.close()
    cases = [c for b in batches for c in b]
    assert all(len(b) == 7 for b in batches[:-1])
    assert len(cases) == len({c.case_id for c in cases}) == loaded // 3
    assert {c.owner_office_id for c in cases} == {PROVINCE}


@pytest.mark.parametrize(
    ("query", "status", "says"),
    [
        ("format=xml", 400, "csv"),
        ("format=csv&cursor=YzE", 422, "cursor"),
        ("due_within=367", 400, "due_within"),
        ("due_within=-1", 400, "due_within"),
        ("due=3", 400, "due_within"),
    ],
)
async def test_bad_listing_queries_are_refused_naming_the_parameter(
    database_url: str, tokens: Tokens, query: str, status: int, says: str
) -> None:
    """A bad format, a horizon outside 0..366 or an unknown parameter is a 400, a cursor on a CSV list a 422,
    naming the parameter (and what is allowed)."""
    async with open_client(database_url, tokens.liaison_city) as client:
        response = await client.get(f"/v1/cases?{query}")
    assert response.status_code == status, response.text
    assert says in response.text
    assert query.split("=")[0] in response.text or "cursor" in query


async def test_a_csv_list_needs_a_case_reader_and_is_audited(database_url: str, tokens: Tokens, loaded: int) -> None:
    """A viewer key gets 403 for the CSV list too; a liaison's CSV list leaves a `ListCases` entry."""
    async with open_client(database_url, tokens.viewer) as client:
        assert (await client.get("/v1/cases?format=csv")).status_code == 403
    conn = await asyncpg.connect(database_url)
    try:
        before = await conn.fetchval("SELECT count(*) FROM audit_log WHERE operation = 'ListCases' AND result = 'ok'")
        async with open_client(database_url, tokens.liaison_city) as client:
            assert (await client.get("/v1/cases?format=csv")).status_code == 200
        after = await conn.fetchval("SELECT count(*) FROM audit_log WHERE operation = 'ListCases' AND result = 'ok'")
        forbidden = await conn.fetchval(
            "SELECT count(*) FROM audit_log WHERE operation = 'ListCases' AND result = 'forbidden'"
        )
    finally:
        await conn.close()
    assert after == before + 1
    assert forbidden >= 1


async def test_the_documented_answer_of_the_list_is_still_the_page(database_url: str, tokens: Tokens) -> None:
    """The OpenAPI document gives `ListCases` a `CasePage` 200 and documents `due_within` and `format`."""
    async with open_client(database_url, tokens.liaison_city) as client:
        document = (await client.get("/schema/openapi.json")).json()
    operation = document["paths"]["/v1/cases"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/CasePage")
    assert {"due_within", "format"} <= {p["name"] for p in operation["parameters"]}
