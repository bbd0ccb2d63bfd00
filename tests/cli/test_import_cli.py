"""`cpc-prosecution import` as a user runs it: a CSV case list, a dry run, a refused file, the rejects file."""

from __future__ import annotations

import asyncio
import csv
import subprocess
from pathlib import Path

import asyncpg
import pytest
from tests.support.keys import seed_access
from tests.support.server import COMMAND, clean_env

from cpc_prosecution.domain.examples import CITY_OFFICE

HEADER = ["office_id", "docket_number", "accused_count", "detection_date", "case_type", "referral_source"]
HEADER += ["place_psgc", "pi_date", "pi_basis", "resolution_date", "resolution", "filing_date", "offence"]
GOOD = [CITY_OFFICE.office_id, "NPS-CLI-1", "1", "2024-03-01", "OSEC", "HOTLINE", "0702260000", "02/03/2024"]
GOOD += ["COMPLAINT", "2024-03-10", "FILE_INFORMATION", "2024-03-12", "RA9208-6"]
NEAR_MISS = [*GOOD[:1], "NPS-CLI-2", *GOOD[2:4], "OSCE", *GOOD[5:]]


def _run(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(CPC_DATABASE_URL=database_url, CPC_DOCKET_SECRET="d" * 32)
    return subprocess.run([COMMAND, *args], env=env, capture_output=True, text=True, timeout=120, check=False)


async def _cases(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        count: int = await conn.fetchval("SELECT count(*) FROM case_file")
        return count
    finally:
        await conn.close()


@pytest.mark.db
def test_import_checks_first_reports_by_row_and_column_and_skips_invalid_into_a_rejects_file(
    database_url: str, tmp_path: Path
) -> None:
    """A dry run and a file with a problem write nothing (exit 1) and print row, column, value and the
    code meant; --skip-invalid imports the lawful case and writes the other row with its reason; the same
    file again imports nothing new (exit 0)."""
    asyncio.run(seed_access(database_url))
    path = tmp_path / "cases.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADER, GOOD, [], NEAR_MISS])
    dry = _run("import", str(path), "--dry-run", database_url=database_url)
    refused = _run("import", str(path), database_url=database_url)
    assert (dry.returncode, refused.returncode) == (1, 1)
    line = "row 4, column case_type 'OSCE': unknown code (did you mean OSEC?)"
    assert line in refused.stderr
    assert "nothing imported (1 problems" in refused.stdout
    assert asyncio.run(_cases(database_url)) == 0
    rejects = tmp_path / "rejects.csv"
    done = _run("import", str(path), "--skip-invalid", str(rejects), database_url=database_url)
    assert done.returncode == 0, done.stderr
    assert "imported 2 rows (cases layout): 1 new cases, 0 known cases extended, 4 events, 1 rows rejected" in (
        done.stdout
    )
    with rejects.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["row", "reasons", "office_id"]
    assert [r[0] for r in rows[1:]] == ["4"]
    assert "did you mean OSEC" in rows[1][1]
    again = _run("import", str(path), "--skip-invalid", str(rejects), database_url=database_url)
    assert "0 new cases, 0 known cases extended, 0 events" in again.stdout
    assert asyncio.run(_cases(database_url)) == 1


def test_import_template_writes_the_layouts_template_without_a_database(tmp_path: Path) -> None:
    """`import template --layout events -o FILE` writes the .xlsx (no database is started for it)."""
    out = tmp_path / "events.xlsx"
    env = clean_env(CPC_DATA_DIR="/proc/version/unwritable")
    done = subprocess.run(
        [COMMAND, "import", "template", "--layout", "events", "-o", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"wrote the events template to {out}" in done.stdout
    assert zipfile_names(out) >= {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}


def zipfile_names(path: Path) -> set[str]:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


@pytest.mark.db
def test_export_writes_summaries_and_events_as_csv_and_xlsx(database_url: str, tmp_path: Path) -> None:
    """`export events` writes the events import layout (one row per event of the imported case, its
    docket column holding the case id, never a docket number); `export summaries --format xlsx` one row
    per case."""
    if asyncio.run(_cases(database_url)) == 0:  # alone, without the import test before it
        asyncio.run(seed_access(database_url))
    source = tmp_path / "one.csv"
    with source.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADER, GOOD])
    assert _run("import", str(source), database_url=database_url).returncode == 0  # a second time adds nothing
    events = tmp_path / "events.csv"
    summaries = tmp_path / "summaries.xlsx"
    done = _run("export", "events", "-o", str(events), database_url=database_url)
    assert done.returncode == 0, done.stderr
    with events.open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["event_type"] for r in rows] == ["detection", "preliminary_investigation", "resolution", "filing"]
    assert "NPS-CLI" not in events.read_text()
    done = _run("export", "summaries", "--format", "xlsx", "-o", str(summaries), database_url=database_url)
    assert done.returncode == 0, done.stderr
    assert f"wrote 1 summaries rows to {summaries}" in done.stdout
