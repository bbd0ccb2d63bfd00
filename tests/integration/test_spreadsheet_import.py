"""Importing messy spreadsheets: every problem reported by row and column before anything is written,
each case all or nothing, cases found again by their docket number's keyed hash, so a file imported
twice adds nothing and a later file appends only the new milestones."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import xlsxwriter
from tests.support.keys import seed_access

from cpc_prosecution.domain.dockets import DocketKind, docket_hash
from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT
from cpc_prosecution.services.imports import import_sheet
from cpc_prosecution.spreadsheets.layouts import ANCHOR
from cpc_prosecution.spreadsheets.table import read_sheet
from cpc_prosecution.store.pool import register_codecs

SECRET = b"k" * 32
CITY = CITY_OFFICE.office_id
HEADER = ["office_id", "docket_number", "event_type", "occurred_on", "case_type", "referral_source", "place_psgc"]
HEADER += ["children.girls_12_14", "office", "basis", "respondents", "disposition", "counts", "court"]
COUNTS = '[{"count_no": 1, "offence": "RA9208-6", "accused": ["A1"]}]'


def _event(docket: str, kind: str, day: object, **fields: object) -> list[object]:
    cells: dict[str, object] = {"office_id": CITY, "docket_number": docket, "event_type": kind, "occurred_on": day}
    cells.update(fields)
    return [cells.get(column) for column in HEADER]


def _opening(docket: str, *, dates: tuple[object, object, object, object]) -> list[list[object]]:
    """Detection, preliminary investigation, resolution to file, filing: a lawful opening."""
    detected, pi, resolved, filed = dates
    return [
        _event(docket, "detection", detected, case_type="OSEC", referral_source="HOTLINE", place_psgc="0702260000"),
        _event(docket, "preliminary_investigation", pi, office=CITY, basis="COMPLAINT", respondents="A1"),
        _event(docket, "resolution", resolved, disposition="FILE_INFORMATION"),
        _event(docket, "filing", filed, counts=COUNTS),
    ]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    """A sheet as offices make them: a merged title, a merged group label over the header, blank rows,
    and dates as date cells, serial numbers or text alike."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cases")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.merge_range(0, 0, 0, len(header) - 1, "Case list of the City Prosecutor's Office, 2024")
    sheet.merge_range(2, 0, 2, 3, "Case and event")
    sheet.write_row(3, 0, header)
    at = 4
    for row in rows:
        if not row:
            at += 1  # an empty row, left as offices leave them
            continue
        for col, cell in enumerate(row):
            if isinstance(cell, dt.date):
                sheet.write_datetime(at, col, dt.datetime.combine(cell, dt.time()), dates)
            elif cell is not None:
                sheet.write(at, col, cell)
        at += 1
    book.close()
    return path


@pytest.fixture(scope="module")
async def conn(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    await seed_access(database_url)
    connection = await asyncpg.connect(database_url)
    await register_codecs(connection)
    yield connection
    await connection.close()


async def _count(conn: asyncpg.Connection, table: str) -> int:
    value: int = await conn.fetchval(f"SELECT count(*) FROM {table}")
    return value


def messy_rows() -> list[list[object]]:
    """Spreadsheet rows 5.. (title row 1, blank row 2, group label row 3, header row 4)."""
    good = _opening("NPS-2024-001", dates=(dt.date(2024, 1, 5), "10/01/2024", 45316, "2024-01-26"))
    near_miss = [*_opening("NPS-2024-002", dates=("2024-01-05",) * 4)]
    near_miss.append(_event("NPS-2024-002", "Raffel", "2024-01-27", court=FAMILY_COURT.court_id))
    blank = [_event("NPS-2024-003", "detection", "2024-01-05", referral_source="HOTLINE", place_psgc="0702260000")]
    unknown = [
        _event(
            "NPS-2024-004",
            "detection",
            "2024-01-05",
            case_type="OSEC",
            referral_source="FACEBOOK",
            place_psgc="0702260000",
        )
    ]
    duplicate = _opening("NPS-2024-005", dates=("2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08"))
    duplicate.insert(3, list(duplicate[2]))
    out_of_order = _opening("NPS-2024-006", dates=("2024-01-05", "2024-01-06", "2024-01-09", "2024-01-08"))
    return [*good, [], *near_miss, *blank, [], [], *unknown, *duplicate, *out_of_order]


EXPECTED_PROBLEMS = {
    # (row, column): a word the message must hold
    (14, "event_type"): "unknown code raffle",
    (15, "case_type"): "required for detection",
    (18, "referral_source"): "unknown code",
    (22, "(row)"): "same as row 21",
    (27, "event_type"): "filing cannot come here",
}


async def test_a_messy_file_is_reported_cell_by_cell_and_nothing_is_written(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    """Every problem is named by the row the spreadsheet shows and its column, with the code a near miss
    meant; empty rows, merged title and group cells and the three date forms are no problem; with any
    problem and no skip, nothing at all is written."""
    sheet = read_sheet(write_xlsx(tmp_path / "messy.xlsx", messy_rows()), ANCHOR)
    before = await _count(conn, "case_file")
    report = await import_sheet(conn, sheet, "events", SECRET)
    found = {(p.row, p.column): p for p in report.parsed.problems}
    assert set(found) == set(EXPECTED_PROBLEMS)
    for where, words in EXPECTED_PROBLEMS.items():
        assert words in f"{found[where].message} {found[where].suggestion}".replace("?", "")
    assert found[(14, "event_type")].suggestion == "raffle"
    assert not report.written
    assert report.new_cases == 1  # NPS-2024-001, the one lawful case (each case all or nothing)
    assert await _count(conn, "case_file") == before


async def test_skip_invalid_imports_the_lawful_cases_whole_and_a_second_import_adds_nothing(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    """With skip-invalid the lawful case goes in whole (every event, found again by its docket hash) and
    every row of the other cases is rejected; importing the same file again adds nothing."""
    sheet = read_sheet(write_xlsx(tmp_path / "messy.xlsx", messy_rows()), ANCHOR)
    report = await import_sheet(conn, sheet, "events", SECRET, skip_invalid=True)
    assert report.written
    assert (report.new_cases, report.events_added) == (1, 4)
    rejected = {row.number for row in report.parsed.rejected_rows}
    assert rejected == set(range(10, 15)) | {15, 18} | set(range(19, 24)) | set(range(24, 28))
    case_id = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE kind = 'nps' AND scope_id = $1 AND docket_hash = $2",
        CITY,
        docket_hash(SECRET, DocketKind.NPS, CITY, "nps-2024-001"),
    )
    assert await conn.fetchval("SELECT version FROM case_file WHERE case_id = $1", case_id) == 4
    again = await import_sheet(conn, sheet, "events", SECRET, skip_invalid=True)
    assert (again.new_cases, again.extended_cases, again.events_added) == (0, 0, 0)
    assert await conn.fetchval("SELECT version FROM case_file WHERE case_id = $1", case_id) == 4


async def test_a_later_file_appends_only_the_new_milestones_of_a_known_case(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    """The same case in a later file, with its old events and one more (the raffle), gets just the raffle,
    through the append path; its summary shows the court."""
    rows = _opening("NPS-2024-101", dates=("2024-02-01", "2024-02-02", "2024-02-03", "2024-02-04"))
    first = await import_sheet(conn, read_sheet(write_xlsx(tmp_path / "a.xlsx", rows), ANCHOR), "events", SECRET)
    assert first.written
    assert first.new_cases == 1
    rows.append(_event("NPS-2024-101", "raffle", "2024-02-05", court=FAMILY_COURT.court_id))
    later = await import_sheet(conn, read_sheet(write_xlsx(tmp_path / "b.xlsx", rows), ANCHOR), "events", SECRET)
    assert (later.new_cases, later.extended_cases, later.events_added) == (0, 1, 1)
    case_id = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE docket_hash = $1",
        docket_hash(SECRET, DocketKind.NPS, CITY, "NPS-2024-101"),
    )
    assert await conn.fetchval("SELECT version FROM case_file WHERE case_id = $1", case_id) == 5
    assert await conn.fetchval("SELECT court_id FROM case_summary WHERE case_id = $1", case_id) == (
        FAMILY_COURT.court_id
    )


CASES_HEADER = ["office_id", "docket_number", "accused_count", "detection_date", "case_type", "referral_source"]
CASES_HEADER += ["place_psgc", "pi_date", "pi_basis", "resolution_date", "resolution", "filing_date", "offence"]
CASES_HEADER += ["raffle_date", "court_id", "arraignment_date", "a1_plea"]


def _case(docket: str, **cells: Any) -> list[object]:
    base: dict[str, Any] = {
        "office_id": CITY,
        "docket_number": docket,
        "accused_count": 1,
        "detection_date": "2024-03-01",
        "case_type": "child labor trafficking",
        "referral_source": "LABOR_INSPECTION",
        "place_psgc": "0702260000",
        "pi_date": "02/03/2024",
        "pi_basis": "COMPLAINT",
        "resolution_date": "2024-03-10",
        "resolution": "FILE_INFORMATION",
        "filing_date": "2024-03-12",
        "offence": "RA9208-6",
    }
    base.update(cells)
    return [base.get(column) for column in CASES_HEADER]


async def test_the_cases_layout_builds_histories_and_names_the_missing_or_out_of_order_milestone(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    """One row per case becomes detection → PI → resolution → filing (→ raffle) with nothing invented;
    a milestone dated before its prerequisite, or given without it, is reported on its date column."""
    rows = [
        _case("NPS-C-1", raffle_date="2024-03-13", court_id=FAMILY_COURT.court_id),
        _case("NPS-C-2", filing_date="2024-03-05"),
        _case("NPS-C-3", arraignment_date="2024-04-01", a1_plea="NOT_GUILTY"),
        _case("NPS-C-4", resolution="File Informaton"),
    ]
    path = write_xlsx(tmp_path / "cases.xlsx", rows, CASES_HEADER)
    report = await import_sheet(conn, read_sheet(path, ANCHOR), "cases", SECRET, skip_invalid=True)
    messages: dict[tuple[int, str], list[str]] = {}
    for problem in report.parsed.problems:
        messages.setdefault((problem.row, problem.column), []).append(problem.message)
    assert messages == {
        (6, "filing_date"): ["out of order: dated before resolution_date (2024-03-10)"],
        (7, "arraignment_date"): [
            "arraignment_date needs probable_cause_date, which is empty",
            "arraignment_date needs arrest_date, which is empty",
        ],
        (8, "resolution"): ["unknown code"],
    }
    assert [p.suggestion for p in report.parsed.problems if p.column == "resolution"] == ["FILE_INFORMATION"]
    assert (report.new_cases, report.events_added, report.written) == (1, 5, True)
    case_id = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE docket_hash = $1", docket_hash(SECRET, DocketKind.NPS, CITY, "NPS-C-1")
    )
    kinds = await conn.fetch("SELECT type FROM case_event WHERE case_id = $1 ORDER BY seq", case_id)
    assert [k["type"] for k in kinds] == [
        "detection",
        "preliminary_investigation",
        "resolution",
        "filing",
        "raffle",
    ]
