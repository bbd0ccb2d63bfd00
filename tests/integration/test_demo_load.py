"""The demo loads through the ordinary paths into an empty database, and only into an empty one."""

from __future__ import annotations

import datetime as dt

import asyncpg
import pytest

from cpc_prosecution.demo import generate
from cpc_prosecution.demo.load import already_loaded, load
from cpc_prosecution.services.api_keys import authenticate
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db


async def test_the_demo_loads_cases_capacity_targets_a_release_and_a_key(database_url: str) -> None:
    """150 cases with their events and summaries, staffing, trainings, targets, the masterlist, one
    built release of the last ended quarter and an analyst key over both regions."""
    data = generate(cases=150, as_of=dt.date(2025, 11, 20), seed=5)
    conn = await asyncpg.connect(database_url)
    try:
        await register_codecs(conn)
        assert not await already_loaded(conn)
        loaded = await load(conn, data)
        assert await already_loaded(conn)
        assert await conn.fetchval("SELECT count(*) FROM case_summary") == 150
        assert await conn.fetchval("SELECT count(*) FROM case_event") == loaded.events
        assert await conn.fetchval("SELECT max(occurred_on) FROM case_event") <= dt.date(2025, 11, 20)
        assert await conn.fetchval("SELECT count(*) FROM office_staffing") == len(data.staffing)
        assert await conn.fetchval("SELECT count(*) FROM metric_target") == 3
        assert await conn.fetchval("SELECT count(*) FROM psgc_area") == len(data.masterlist) - 1
        assert loaded.release_id == "2025Q3.1"
        principal = await authenticate(conn, loaded.analyst_key)
        assert principal.regions == frozenset({"NCJR", "R7"})
        assert len(principal.offices) == len(data.offices)
    finally:
        await conn.close()
