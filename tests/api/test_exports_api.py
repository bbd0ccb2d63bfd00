"""Exports over HTTP: only the cases the key may read, audited; the events export imports again; templates."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import asyncpg
import pytest
from python_calamine import CalamineWorkbook
from tests.api.conftest import open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, PROVINCE, Tokens

from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
async def loaded(database_url: str, tokens: Tokens) -> dict[str, int]:
    """12 generated cases, 8 owned by the city office and 4 by the province; returns the count per office."""
    rng = random.Random(1616)
    offices = [CITY if i % 3 else PROVINCE for i in range(12)]
    conn = await asyncpg.connect(database_url)
    await register_codecs(conn)
    try:
        cases = [ImportedCase(office_id=o, events=recordable_history(rng)) for o in offices]
        await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await conn.close()
    return {CITY: offices.count(CITY), PROVINCE: offices.count(PROVINCE)}


async def test_a_liaison_exports_only_its_offices_cases_and_the_export_is_audited(
    database_url: str, tokens: Tokens, loaded: dict[str, int]
) -> None:
    """summaries.csv of the city liaison holds the 8 city cases and no other; the read is in the audit log;
    events.xlsx holds the events of those cases only."""
    async with open_client(database_url, tokens.liaison_city) as client:
        response = await client.get("/v1/exports/summaries.csv")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        events = await client.get("/v1/exports/events.xlsx")
    assert len(rows) == loaded[CITY]
    assert {r["owner_office_id"] for r in rows} == {CITY}
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(events.content)).get_sheet_by_index(0).to_python()
    assert {row[0] for row in sheet[1:]} == {CITY}
    assert {row[1] for row in sheet[1:]} == {r["case_id"].upper() for r in rows}
    conn = await asyncpg.connect(database_url)
    try:
        logged = await conn.fetch("SELECT operation, role, result FROM audit_log WHERE operation LIKE 'Export%'")
    finally:
        await conn.close()
    assert {(r["operation"], r["role"], r["result"]) for r in logged} >= {
        ("ExportSummaries", "liaison", "ok"),
        ("ExportEvents", "liaison", "ok"),
    }


async def test_exports_refuse_unknown_files_roles_that_read_no_cases_and_missing_keys(
    database_url: str, tokens: Tokens, loaded: dict[str, int]
) -> None:
    """An unknown export is a 404 naming the files there are; a viewer key (reads no cases) is a 403; no
    key is a 401; an unknown query parameter is a 400."""
    async with open_client(database_url, tokens.liaison_city) as client:
        assert (await client.get("/v1/exports/cases.pdf")).status_code == 404
        assert (await client.get("/v1/exports/summaries.csv?office=X")).status_code == 400
    async with open_client(database_url, tokens.viewer) as client:
        assert (await client.get("/v1/exports/summaries.csv")).status_code == 403
    async with open_client(database_url) as client:
        assert (await client.get("/v1/exports/summaries.csv")).status_code == 401


async def test_the_import_template_is_served_for_each_layout(database_url: str, tokens: Tokens, tmp_path: Path) -> None:
    """GET /v1/import/template.xlsx?layout=events gives the events template (data, Columns, Codes sheets);
    a layout that does not exist is a 400."""
    async with open_client(database_url, tokens.liaison_city) as client:
        response = await client.get("/v1/import/template.xlsx", params={"layout": "events"})
        bad = await client.get("/v1/import/template.xlsx", params={"layout": "rows"})
    assert response.status_code == 200
    assert CalamineWorkbook.from_filelike(io.BytesIO(response.content)).sheet_names == ["Events", "Columns", "Codes"]
    assert bad.status_code == 400


CASES_CSV = (
    "office_id,docket_number,accused_count,detection_date,case_type,referral_source,place_psgc,pi_date,pi_basis\n"
    f"{CITY},NPS-API-1,1,2024-03-01,OSEC,HOTLINE,0702260000,02/03/2024,COMPLAINT\n"
    f"{CITY},NPS-API-2,1,2024-03-01,OSEC,HOTLNE,0702260000,,\n"
    f"{PROVINCE},NPS-API-3,1,2024-03-01,OSEC,HOTLINE,0702260000,,\n"
)


async def test_post_imports_checks_first_and_imports_within_the_keys_offices_only(
    database_url: str, tokens: Tokens, loaded: dict[str, int]
) -> None:
    """A city liaison's upload with a near miss and a province row is refused whole (422, the report
    names row, column and the code meant, and that the key may not import for the province); a dry run
    is 200 and writes nothing; with skip_invalid the one lawful city case goes in (201); a viewer is 403."""
    async with open_client(database_url, tokens.liaison_city) as client:
        refused = await client.post("/v1/imports", content=CASES_CSV.encode())
        dry = await client.post("/v1/imports", content=CASES_CSV.encode(), params={"dry_run": "true"})
        done = await client.post("/v1/imports", content=CASES_CSV.encode(), params={"skip_invalid": "true"})
    assert refused.status_code == 422, refused.text
    problems = {(p["row"], p["column"]): p for p in refused.json()["problems"]}
    assert problems[(3, "referral_source")]["suggestion"] == "HOTLINE"
    assert problems[(4, "office_id")]["message"] == "this key may not import cases of this office"
    assert (dry.status_code, dry.json()["written"]) == (200, False)
    assert done.status_code == 201
    assert {k: done.json()[k] for k in ("new_cases", "events_added", "rejected_rows")} == {
        "new_cases": 1,
        "events_added": 2,
        "rejected_rows": [3, 4],
    }
    async with open_client(database_url, tokens.viewer) as client:
        assert (await client.post("/v1/imports", content=CASES_CSV.encode())).status_code == 403
    conn = await asyncpg.connect(database_url)
    try:
        results = await conn.fetch(
            "SELECT result FROM audit_log WHERE operation = 'ImportSpreadsheet' ORDER BY entry_id"
        )
    finally:
        await conn.close()
    assert [r["result"] for r in results] == ["refused", "dry_run", "ok", "forbidden"]
