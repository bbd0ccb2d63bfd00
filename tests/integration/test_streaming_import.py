"""An import streams its file: a case's rows may lie anywhere in it, rejected rows are read again from
the file, and the bulk path writes in chunks (folded in a thread or in worker processes) all or nothing."""

from __future__ import annotations

import csv
import random
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from tests.integration.test_spreadsheet_import import HEADER, _event, _opening
from tests.support.keys import seed_access

from cpc_prosecution.domain import CaseEvent, effective_history
from cpc_prosecution.domain.dockets import DocketKind, docket_hash
from cpc_prosecution.domain.examples import CITY_OFFICE
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.case_commands import DocketNumber
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.docket_registry import register_new_cases
from cpc_prosecution.services.errors import AlreadyExists, InvalidInput
from cpc_prosecution.services.imports import import_sheet
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.spreadsheets.layouts import ANCHOR
from cpc_prosecution.spreadsheets.table import SheetFile
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db
SECRET = b"s" * 32
CITY = CITY_OFFICE.office_id
RECORDER = Recorder(client="test-import")


@pytest.fixture(scope="module")
async def conn(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    await seed_access(database_url)
    connection = await asyncpg.connect(database_url)
    await register_codecs(connection)
    yield connection
    await connection.close()


def _interleaved(*cases: list[list[object]]) -> list[list[object]]:
    """Row 1 of every case, then row 2 of every case, …: each case's rows spread over the file."""
    return [case[i] for i in range(max(len(c) for c in cases)) for case in cases if i < len(case)]


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


async def _types(conn: asyncpg.Connection, docket: str) -> list[str]:
    case_id = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE docket_hash = $1", docket_hash(SECRET, DocketKind.NPS, CITY, docket)
    )
    return [r["type"] for r in await conn.fetch("SELECT type FROM case_event WHERE case_id = $1 ORDER BY seq", case_id)]


async def test_rows_of_a_case_spread_over_the_file_make_one_history_in_file_order(
    conn: asyncpg.Connection, tmp_path: Path
) -> None:
    """Three cases whose rows alternate through a streamed CSV become three cases, each with its own
    rows in the order the file gives them; a fourth case with a bad row in the middle of the file is
    rejected whole, and its rows (read again from the file) are exactly the rejected ones."""
    dates = ("2024-01-05", "2024-01-06", "2024-01-07", "2024-01-08")
    good = [_opening(f"NPS-SPREAD-{n}", dates=dates) for n in (1, 2, 3)]
    bad = _opening("NPS-SPREAD-4", dates=dates)
    bad[2] = _event("NPS-SPREAD-4", "resolution", "2024-01-07", disposition="FILE_INFORMATON")
    path = _csv(tmp_path / "spread.csv", _interleaved(*good, bad))
    report = await import_sheet(conn, SheetFile(path, ANCHOR), "events", SECRET, skip_invalid=True)
    assert (report.written, report.new_cases, report.events_added, report.rows_read) == (True, 3, 12, 16)
    assert [(p.row, p.column, p.suggestion) for p in report.parsed.problems] == [
        (13, "disposition", "FILE_INFORMATION")
    ]
    assert [row.number for row in report.parsed.rejected_rows] == [5, 9, 13, 17]
    assert all(row.cells["docket_number"] == "NPS-SPREAD-4" for row in report.parsed.rejected_rows)
    for n in (1, 2, 3):
        assert await _types(conn, f"NPS-SPREAD-{n}") == [
            "detection",
            "preliminary_investigation",
            "resolution",
            "filing",
        ]


def _histories(count: int, seed: int) -> list[ImportedCase]:
    today = manila_today()
    master = random.Random(seed)
    cases = []
    for _ in range(count):
        history = generate_history(random.Random(master.getrandbits(64)), max_events=12)
        facts: list[CaseEvent] = [
            event for _, event in effective_history(enumerate(history, start=1)) if event.occurred_on <= today
        ]
        cases.append(ImportedCase(office_id=CITY, events=facts[: max(len(facts) - 1, 1)]))
    return cases


async def _summaries(conn: asyncpg.Connection, ids: list[object]) -> list[dict[str, object]]:
    rows = await conn.fetch("SELECT * FROM case_summary WHERE case_id = ANY($1::uuid[]) ORDER BY list_order", ids)
    return [{k: v for k, v in r.items() if k not in {"case_id", "list_order", "refreshed_at"}} for r in rows]


@pytest.mark.parametrize("workers", [0, 2], ids=["thread", "two processes"])
async def test_chunked_bulk_import_stores_what_one_batch_stores(conn: asyncpg.Connection, workers: int) -> None:
    """The same histories imported in chunks of 3 (folded in a thread, or in two worker processes while the
    previous chunk is copied) and in one chunk give the same summaries, in input order."""
    cases = _histories(10, seed=7)
    whole = await import_cases(conn, cases, recorder=RECORDER, chunk_size=100)
    chunked = await import_cases(conn, cases, recorder=RECORDER, chunk_size=3, workers=workers)
    assert len(chunked) == 10
    assert await _summaries(conn, chunked) == await _summaries(conn, whole)  # type: ignore[arg-type]


@pytest.mark.parametrize("workers", [0, 2], ids=["thread", "two processes"])
async def test_a_bad_history_in_the_last_chunk_stores_nothing(conn: asyncpg.Connection, workers: int) -> None:
    """One illegal history after three chunks were already copied rolls the whole import back, and the
    refusal names that case's position in the input."""
    cases = _histories(10, seed=11)
    broken = cases[9].events
    cases[9] = ImportedCase(office_id=CITY, events=[*broken, broken[0]])  # a second detection
    before = await conn.fetchval("SELECT count(*) FROM case_file")
    with pytest.raises(InvalidInput) as refused:
        await import_cases(conn, cases, recorder=RECORDER, chunk_size=3, workers=workers)
    assert refused.value.field.startswith("cases[9].events[")
    assert await conn.fetchval("SELECT count(*) FROM case_file") == before


async def test_a_docket_number_taken_meanwhile_refuses_the_batch(conn: asyncpg.Connection) -> None:
    """Registering the new cases' docket numbers in one statement still refuses a number another case
    holds (a concurrent import), so no two cases share one."""
    first, second = await import_cases(conn, _histories(2, seed=3), recorder=RECORDER)
    docket = DocketNumber(kind=DocketKind.NPS, scope_id=CITY, number="NPS-TAKEN-1")
    await register_new_cases(conn, [(docket, first)], SECRET)
    with pytest.raises(AlreadyExists):
        async with conn.transaction():
            await register_new_cases(conn, [(docket, second)], SECRET)
    owner = await conn.fetchval(
        "SELECT case_id FROM case_docket WHERE docket_hash = $1",
        docket_hash(SECRET, DocketKind.NPS, CITY, "NPS-TAKEN-1"),
    )
    assert owner == first
