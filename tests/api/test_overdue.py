"""`GET /v1/cases?overdue=true` lists cases with an open legal obligation past its due date, and never
a closed (FINAL or DISMISSED) case: a clock ends when its case or accused leaves the proceedings."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.histories import TODAY_FLOOR
from tests.support.keys import CITY, Tokens

from cpc_prosecution.domain import CaseEvent
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db

_CLOSED = {"FINAL", "DISMISSED"}


def _past_history(rng: random.Random) -> list[CaseEvent]:
    """A generated history started 2012-2019 and cut before 2026: most reach FINAL or DISMISSED."""
    start = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
    history = generate_history(rng, start=start, max_events=rng.choice((12, 30, 70)))
    for i, event in enumerate(history):
        if event.occurred_on > TODAY_FLOOR:
            return history[: max(i, 1)]
    return history


@pytest.fixture(scope="module")
async def loaded(database_url: str, tokens: Tokens) -> int:
    """200 generated cases of the city office; returns how many are closed."""
    rng = random.Random(1515)
    cases = [ImportedCase(office_id=CITY, events=_past_history(rng)) for _ in range(200)]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            await import_cases(conn, cases, recorder=Recorder(client="test"))
            closed: int = await conn.fetchval("SELECT count(*) FROM case_summary WHERE stage = ANY($1)", list(_CLOSED))
    finally:
        await pool.close()
    return closed


async def _all(client: AsyncTestClient, query: str) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        suffix = f"&cursor={cursor}" if cursor else ""
        response = await client.get(f"/v1/cases?{query}&limit=200{suffix}")
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


async def test_overdue_lists_no_closed_case(database_url: str, tokens: Tokens, loaded: int) -> None:
    """Over 200 generated cases (many closed), the overdue list holds open cases only, each with an
    open deadline past its due date; every closed case reads `overdue: false` with no next deadline."""
    assert loaded > 60
    async with open_client(database_url, tokens.liaison_city) as client:
        overdue = await _all(client, "overdue=true")
        everything = await _all(client, "overdue=false")
    assert overdue, "generated open cases include overdue ones"
    assert [c for c in overdue if c["stage"] in _CLOSED] == []
    today = manila_today()
    assert all(c["overdue"] and dt.date.fromisoformat(c["next_deadline_on"]) < today for c in overdue)
    closed = [c for c in everything if c["stage"] in _CLOSED]
    assert len(closed) == loaded
    assert all(not c["overdue"] and c["next_deadline_on"] is None for c in closed)


async def test_the_plea_bargain_example_posted_through_the_api_is_not_overdue(
    database_url: str,
    tokens: Tokens,
) -> None:
    """The documented plea bargain, recorded through the API, ends FINAL/CONVICTED; its TRIAL_START
    clock (no trial: the accused pleaded) has ended, so the case is neither overdue nor listed as such."""
    history = plea_bargain_history()
    async with open_client(database_url, tokens.liaison_city) as client:
        opened = await client.post("/v1/cases", json=open_body(history))
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["case_id"]
        appended = await client.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:], 1))
        assert appended.status_code == 201, appended.text
        listed = [c for c in await _all(client, "stage=FINAL") if c["case_id"] == case_id]
        overdue_ids = {c["case_id"] for c in await _all(client, "overdue=true")}
        read = await client.get(f"/v1/cases/{case_id}")
    assert [(c["stage"], c["case_outcome"], c["overdue"], c["next_deadline_on"]) for c in listed] == [
        ("FINAL", "CONVICTED", False, None)
    ]
    assert case_id not in overdue_ids
    trial_start = [d for d in read.json()["deadlines"] if d["rule_id"] == "TRIAL_START"]
    assert [(d["status"], d["ended_on"]) for d in trial_start] == [("missed", "2020-02-03")] * 2
