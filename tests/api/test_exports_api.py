"""Exports over HTTP: only the cases the key may read, audited; the events export imports again; templates."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from pathlib import Path

import asyncpg
import pytest
from python_calamine import CalamineWorkbook
from tests.api.conftest import open_client
from tests.support.histories import recordable_history
from tests.support.keys import CITY, PROVINCE, Tokens

from cpc_prosecution.crosswalks import CROSSWALKS
from cpc_prosecution.domain import CaseSummary
from cpc_prosecution.metrics.periods import parse_period
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.store.case_summaries import read_all_summaries
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


async def _all_summaries(database_url: str) -> list[CaseSummary]:
    conn = await asyncpg.connect(database_url)
    await register_codecs(conn)
    try:
        return await read_all_summaries(conn)
    finally:
        await conn.close()


async def test_crosswalks_count_only_the_callers_cases_and_the_offices_add_up(
    database_url: str, tokens: Tokens, loaded: dict[str, int]
) -> None:
    """The city and province liaisons' §16-A buckets for the busiest year add up to the buckets over every
    case; each liaison's HTCDS file has one row per case of its office (the same ids as its summaries)."""
    summaries = await _all_summaries(database_url)
    year = Counter(s.detected_on.year for s in summaries).most_common(1)[0][0]
    whole = {r[1]: int(r[3]) for r in CROSSWALKS["ra9208-16a"].rows(summaries, parse_period(str(year)))}
    parts: Counter[str] = Counter()
    for token, office in ((tokens.liaison_city, CITY), (tokens.liaison_province, PROVINCE)):
        async with open_client(database_url, token) as client:
            summaries_csv = (await client.get("/v1/exports/summaries.csv")).text
            response = await client.get(f"/v1/exports/crosswalks/ra9208-16a.csv?period={year}")
            assert response.status_code == 200, response.text
            for row in csv.DictReader(io.StringIO(response.text)):
                parts[row["bucket"]] += int(row["value"])
            htcds = list(csv.DictReader(io.StringIO((await client.get("/v1/exports/crosswalks/htcds.csv")).text)))
            ids = {r["case_id"] for r in csv.DictReader(io.StringIO(summaries_csv))}
        assert len(htcds) == len(ids) >= loaded[office]  # an earlier test here imports its export again
        assert {r["case_id"] for r in htcds} == ids
    assert dict(parts) == whole
    assert whole["investigated"] > 0


async def test_crosswalk_files_formats_mappings_and_refusals(
    database_url: str, tokens: Tokens, loaded: dict[str, int]
) -> None:
    """justice-counts.xlsx has the single-page upload columns; a mapping file needs no case access (a
    viewer reads it) while the data does (403); a missing or extra period is a 422 naming `period`; an
    unknown target or file kind a 404; the data read is audited."""
    async with open_client(database_url, tokens.liaison_city) as client:
        book = await client.get("/v1/exports/crosswalks/justice-counts.xlsx?period=2020Q1")
        no_period = await client.get("/v1/exports/crosswalks/ncsc.csv")
        bad_period = await client.get("/v1/exports/crosswalks/ncsc.csv?period=2020Q5")
        extra_period = await client.get("/v1/exports/crosswalks/htcds.csv?period=2020")
        unknown = await client.get("/v1/exports/crosswalks/glotip.csv?period=2020")
        pdf = await client.get("/v1/exports/crosswalks/ncsc.pdf?period=2020")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(book.content)).get_sheet_by_index(0).to_python()
    assert sheet[0] == ["metric", "year", "month", "breakdown_category", "breakdown", "value"]
    assert len(sheet) == 1 + 3 * 8
    for response in (no_period, bad_period, extra_period):
        assert response.status_code == 422, response.text
        assert response.json()["field"] == "period"
    assert (unknown.status_code, pdf.status_code) == (404, 404)
    async with open_client(database_url, tokens.viewer) as client:
        mapping = await client.get("/v1/exports/crosswalks/ncsc-mapping.csv")
        data = await client.get("/v1/exports/crosswalks/ncsc.csv?period=2020")
    assert (mapping.status_code, data.status_code) == (200, 403)
    lines = list(csv.DictReader(io.StringIO(mapping.text)))
    assert [line["target"] for line in lines] == [m.target for m in CROSSWALKS["ncsc"].mapping]
    conn = await asyncpg.connect(database_url)
    try:
        logged = await conn.fetch("SELECT role, result FROM audit_log WHERE operation = 'ExportCrosswalk'")
    finally:
        await conn.close()
    assert {(r["role"], r["result"]) for r in logged} >= {("liaison", "ok"), ("viewer", "forbidden")}
