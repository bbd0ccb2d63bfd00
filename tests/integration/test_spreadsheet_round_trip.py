"""Round trip: a scope's cases exported in the `events` layout and imported into an empty database give
the same case list and every metric identical (the layout loses nothing a summary or metric reads)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import msgspec
import pytest
from tests.conftest import _clone
from tests.support.histories import recordable_history
from tests.support.keys import seed_access

from cpc_prosecution.domain.examples import ALL_EXAMPLES, CITY_OFFICE
from cpc_prosecution.metrics.engine import compute_all
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.exports import export_events, export_summaries, write_table
from cpc_prosecution.services.imports import import_sheet
from cpc_prosecution.spreadsheets.layouts import ANCHOR
from cpc_prosecution.spreadsheets.table import read_sheet
from cpc_prosecution.store.case_summaries import read_all_summaries
from cpc_prosecution.store.pool import register_codecs

SECRET = b"r" * 32


@pytest.fixture
async def second_database_url(pg_server_url: str, template_database: str) -> AsyncIterator[str]:
    """A second migrated database, empty of cases (the one imported into), with the same registry."""
    async for url in _clone(pg_server_url, template_database):
        await seed_access(url)
        yield url


@pytest.fixture(scope="module")
async def source_url(database_url: str) -> str:
    """Every example history (corrections included) and 40 generated ones, imported in bulk."""
    await seed_access(database_url)
    source = await _connect(database_url)
    rng = random.Random(16)
    histories = [build() for build in ALL_EXAMPLES.values()]
    histories += [recordable_history(rng) for _ in range(40)]
    cases = [ImportedCase(office_id=CITY_OFFICE.office_id, events=h) for h in histories]
    await import_cases(source, cases, recorder=Recorder(client="test"))
    await source.close()
    return database_url


async def _connect(url: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(url)
    await register_codecs(conn)
    return conn


def _comparable(summaries: list[msgspec.Struct]) -> list[tuple[object, ...]]:
    """Each summary without its case id (new ids are made on import), in a stable order."""
    rows = [tuple(v for k, v in msgspec.structs.asdict(s).items() if k != "case_id") for s in summaries]
    return sorted(rows, key=repr)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_exported_events_import_into_an_empty_database_with_identical_summaries_and_metrics(
    source_url: str, second_database_url: str, tmp_path: Path, fmt: str
) -> None:
    """Every example history (corrections included) and 40 generated ones go out as an events file and
    into a second database: the summary rows (all fields but the new case id) and every metric over
    several periods are equal, and the summaries export lists the same number of cases."""
    source, target = await _connect(source_url), await _connect(second_database_url)
    try:
        path = tmp_path / f"events.{fmt}"
        write_table(path, await export_events(source), fmt)  # type: ignore[arg-type]
        report = await import_sheet(target, read_sheet(path, ANCHOR), "events", SECRET)
        assert report.parsed.problems == []
        assert report.written
        before, after = await read_all_summaries(source), await read_all_summaries(target)
        assert len(after) == len(before) == len(ALL_EXAMPLES) + 40
        assert _comparable(after) == _comparable(before)
        for period in ("2020", "2021Q3", "2023", "FY2024", "2025-06"):
            as_of = dt.date(2026, 1, 1)
            assert compute_all(after, period=period, as_of=as_of) == compute_all(before, period=period, as_of=as_of)
        assert len((await export_summaries(target)).rows) == len(before)
    finally:
        await source.close()
        await target.close()
