"""One definition, two engines, for the capacity metrics: the SQL engine over `case_summary`,
`office_staffing` and `training_event` returns exactly what the pure engine returns over the same rows
and records, for every window, with and without the office breakdown, and within an analyst's scope."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest
from tests.integration.test_metrics_sql_equivalence import WINDOWS, _import, _summaries
from tests.support.cases import OFFICES
from tests.support.keys import CITY, PROVINCE, seed_access

from cpc_prosecution.domain import CaseSummary
from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent, TrainingProvider, TrainingTopic
from cpc_prosecution.metrics import Capacity, MetricResult, Timing, compute, definition
from cpc_prosecution.metrics.registry import CAPACITY_METRICS
from cpc_prosecution.store import capacity as capacity_store
from cpc_prosecution.store import reference as reference_store
from cpc_prosecution.store.case_summaries import read_summaries_in_scope
from cpc_prosecution.store.metric_queries import compute_sql
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db

CASES = 1_000
#: An office with staffing and trainings but no case (its group must still be listed).
QUIET = "OCP-0799-QTO"


def _snapshots(rng: random.Random) -> list[StaffingSnapshot]:
    """Several snapshots per office over 2016-2026; trained counts around half of the filled posts, so
    the threshold is met, missed and tied (5 of 10); some offices with no filled post at all."""
    out = []
    for office in (CITY, PROVINCE, QUIET):
        days = sorted(rng.sample(range(0, 365 * 10), 8))
        for day in days:
            filled = rng.choice((0, 4, 10, 10, 13, 20))
            out.append(
                StaffingSnapshot(
                    office_id=office,
                    as_of=dt.date(2016, 1, 1) + dt.timedelta(days=day),
                    positions_filled=filled,
                    positions_vacant=rng.randint(0, 5),
                    carrying_caseload=rng.randint(0, filled),
                    trained_trafficking=max(0, rng.choice((filled // 2, (filled + 1) // 2, filled // 2 - 1, 0))),
                    trained_child_sensitive=rng.randint(0, filled),
                )
            )
    return out


def _trainings(rng: random.Random) -> list[TrainingEvent]:
    return [
        TrainingEvent(
            office_id=rng.choice((CITY, PROVINCE, QUIET)),
            held_on=dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(365 * 10)),
            topic=rng.choice(list(TrainingTopic)),
            provider=rng.choice(list(TrainingProvider)),
            participants=rng.randint(1, 40),
            hours=rng.randint(1, 40),
        )
        for _ in range(80)
    ]


@pytest.fixture(scope="module")
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    await seed_access(database_url)
    pool = await create_pool(database_url, max_size=2)
    await _import(pool, CASES, seed=66)
    rng = random.Random(66)
    async with pool.acquire() as conn:
        await reference_store.insert_office(conn, msgspec.structs.replace(OFFICES[0], office_id=QUIET))
        for snapshot in _snapshots(rng):
            await capacity_store.insert_staffing(conn, snapshot, "test")
        for training in _trainings(rng):
            await capacity_store.insert_training(conn, training, "test")
        # Cases that name no handling office (NOT_RECORDED group, NO_SNAPSHOT status).
        await conn.execute("UPDATE case_summary SET office_id = NULL WHERE list_order % 37 = 1")
    yield pool
    await pool.close()


async def _capacity(conn: asyncpg.Connection, offices: list[str] | None) -> Capacity:
    return Capacity(
        staffing=tuple(await capacity_store.list_staffing(conn, offices)),
        trainings=tuple(await capacity_store.list_trainings(conn, offices)),
    )


async def _assert_equal(
    conn: asyncpg.Connection,
    metric_id: str,
    summaries: list[CaseSummary],
    capacity: Capacity,
    scope: tuple[list[str], list[str]] | None,
) -> int:
    compared = 0
    for period, as_of in WINDOWS:
        if definition(metric_id).timing is Timing.PERIOD and period is None:
            continue
        for by in (None, "office"):
            expected = compute(metric_id, summaries, period=period, as_of=as_of, by=by, capacity=capacity)
            got = await compute_sql(conn, metric_id, period=period, as_of=as_of, by=by, scope=scope)
            assert got == expected, (metric_id, period, as_of, by, scope)
            compared += 1
    return compared


@pytest.mark.parametrize("metric_id", [m.id for m in CAPACITY_METRICS])
async def test_sql_engine_equals_pure_engine_for_capacity(pool: asyncpg.Pool, metric_id: str) -> None:
    """Every window, total and by office, unscoped and scoped to the city office: SQL == pure, exactly."""
    summaries = await _summaries(pool)
    async with pool.acquire() as conn:
        everything = await _capacity(conn, None)
        assert await _assert_equal(conn, metric_id, summaries, everything, None) >= 10
        in_scope = await read_summaries_in_scope(conn, [CITY], ["R7"])
        city = await _capacity(conn, [CITY])
        assert await _assert_equal(conn, metric_id, in_scope, city, ([CITY], ["R7"])) >= 10


async def test_the_generated_capacity_exercises_the_metrics(pool: asyncpg.Pool) -> None:
    """Not vacuous: all three threshold statuses, a staffing-only office listed, trainings in a year."""
    async with pool.acquire() as conn:
        split = await compute_sql(conn, "outcomes_by_trained_capacity", as_of=dt.date(2026, 6, 30), by="office")
        staffing = await compute_sql(conn, "prosecutor_staffing", as_of=dt.date(2026, 6, 30), by="office")
        years = [await compute_sql(conn, "trainings_delivered", period=str(y)) for y in range(2016, 2026)]
        caseload = await compute_sql(conn, "caseload_per_prosecutor", as_of=dt.date(2021, 1, 15))
    assert (split.value("cases_disposed", "NO_SNAPSHOT") or 0) > 0
    assert QUIET in staffing.groups()
    assert "NOT_RECORDED" in staffing.groups()
    assert sum(y.value("trainings") or 0 for y in years) > 40
    assert (caseload.value("open_cases") or 0) > 0
    statuses = {
        status
        for y in range(2017, 2027)
        for status in ("MET", "NOT_MET")
        if (await _one(pool, str(y))).value("cases_disposed", status)
    }
    assert statuses == {"MET", "NOT_MET"}


async def _one(pool: asyncpg.Pool, period: str) -> MetricResult:
    async with pool.acquire() as conn:
        return await compute_sql(conn, "outcomes_by_trained_capacity", period=period)
