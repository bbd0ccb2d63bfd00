"""`cpc-prosecution export crosswalk|release` as an operator runs it: the data over every case, the mapping
without a database, and a one-line reason (exit 2) for what cannot be exported."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

import pytest
from tests.cli.test_import_cli import GOOD, HEADER, _cases, _run
from tests.support.keys import seed_access


@pytest.mark.db
def test_export_crosswalk_writes_the_buckets_and_the_mapping(database_url: str, tmp_path: Path) -> None:
    """One case detected 2024-03-01, in preliminary investigation 2024-03-02 and filed 2024-03-12: the
    §16-A export for 2024 counts it investigated, submitted and filed, and pending in court at the end;
    `--mapping` writes every mapping line; a bad period, a missing target or an unknown release is refused
    with a reason (exit 2)."""
    if asyncio.run(_cases(database_url)) == 0:
        asyncio.run(seed_access(database_url))
    source = tmp_path / "one.csv"
    with source.open("w", newline="") as handle:
        csv.writer(handle).writerows([HEADER, GOOD])
    assert _run("import", str(source), database_url=database_url).returncode == 0
    out = tmp_path / "ra.csv"
    args = ("export", "crosswalk", "--target", "ra9208-16a", "--period", "2024", "-o", str(out))
    done = _run(*args, database_url=database_url)
    assert done.returncode == 0, done.stderr
    with out.open() as handle:
        counts = {r["bucket"]: r["value"] for r in csv.DictReader(handle)}
    wanted = ("investigated", "submitted_for_prosecution", "filed_in_court", "pending_in_court_at_end", "dropped")
    assert {k: counts[k] for k in wanted} == {**dict.fromkeys(wanted[:4], "1"), "dropped": "0"}
    mapping = tmp_path / "ncsc-mapping.csv"
    done = _run("export", "crosswalk", "--target", "ncsc", "--mapping", "-o", str(mapping), database_url=database_url)
    assert done.returncode == 0, done.stderr
    with mapping.open() as handle:
        lines = list(csv.DictReader(handle))
    assert {"Reopened", "New Filings"} <= {line["target"] for line in lines}
    assert all(line["cannot_fill"] or line["rule"] for line in lines)
    bad = _run("export", "crosswalk", "--target", "ncsc", "--period", "2024Q5", database_url=database_url)
    assert (bad.returncode, "period" in bad.stderr) == (2, True)
    missing = _run("export", "crosswalk", database_url=database_url)
    assert (missing.returncode, "--target" in missing.stderr) == (2, True)
    release = _run("export", "release", "--release", "2019Q1.1", database_url=database_url)
    assert (release.returncode, "no release" in release.stderr) == (2, True)
