"""`GET /v1/worklist`: the open legal obligations of the caller's offices, overdue or due within N days,
earliest first, with rule, source, accused position and days left; JSON or CSV; audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid

import asyncpg
import pytest
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.keys import CITY, PROVINCE, Tokens

from cpc_prosecution.domain import CaseEvent, fold
from cpc_prosecution.domain.clocks import RULES_BY_ID, clock_outcomes
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.services.worklist import CSV_COLUMNS
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db


def _recent_history(rng: random.Random, today: dt.date) -> list[CaseEvent]:
    """A generated history started 1 to 400 days ago, cut before today: clocks due around now."""
    start = today - dt.timedelta(days=rng.randint(1, 400))
    history = generate_history(rng, start=start, max_events=rng.randint(3, 40))
    for i, event in enumerate(history):
        if event.occurred_on >= today:
            return history[: max(i, 1)]
    return history


Expected = list[tuple[uuid.UUID, str, str | None, dt.date]]


@pytest.fixture(scope="module")
async def loaded(database_url: str, tokens: Tokens) -> dict[str, Expected]:
    """150 recent generated cases (two thirds city office); returns by office the open clocks the domain
    computes for them: (case, rule, accused, due)."""
    today = manila_today()
    rng = random.Random(1516)
    offices = [CITY if i % 3 else PROVINCE for i in range(150)]
    cases = [ImportedCase(office_id=office, events=_recent_history(rng, today)) for office in offices]
    pool = await create_pool(database_url, max_size=2)
    try:
        async with pool.acquire() as conn:
            ids = await import_cases(conn, cases, recorder=Recorder(client="test"))
    finally:
        await pool.close()
    expected: dict[str, Expected] = {CITY: [], PROVINCE: []}
    for case_id, case in zip(ids, cases, strict=True):
        for clock in clock_outcomes(fold(case.events)):
            if clock.ended_on is None:
                expected[case.office_id].append((case_id, clock.rule_id, clock.accused, clock.due_on))
    return expected


def _due_by(expected: Expected, day: dt.date) -> list[tuple[uuid.UUID, str, str | None, dt.date]]:
    return sorted((c for c in expected if c[3] <= day), key=lambda c: (c[3], str(c[0]), c[1], c[2] or ""))


async def test_the_worklist_is_the_open_clocks_of_the_callers_offices_due_by_the_horizon(
    database_url: str, tokens: Tokens, loaded: dict[str, Expected]
) -> None:
    """For each office's liaison, the worklist holds exactly the open clocks the domain computes for that
    office's cases that are overdue or due within 14 days (default), in due-date order, each with its
    rule's title and source and the days left counted from today (negative: overdue)."""
    today = manila_today()
    seen: list[int] = []
    for office, token in ((CITY, tokens.liaison_city), (PROVINCE, tokens.liaison_province)):
        async with open_client(database_url, token) as client:
            response = await client.get("/v1/worklist")
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["as_of"], body["due_within"], body["truncated"]) == (today.isoformat(), 14, False)
        items = body["items"]
        got = [(uuid.UUID(i["case_id"]), i["rule_id"], i["accused"], dt.date.fromisoformat(i["due_on"])) for i in items]
        want = _due_by(loaded[office], today + dt.timedelta(days=14))
        assert sorted(got, key=lambda c: (c[3], str(c[0]), c[1], c[2] or "")) == want
        assert [g[3] for g in got] == sorted(g[3] for g in got)
        assert all(i["owner_office_id"] == office for i in items)
        for item in items:
            rule = RULES_BY_ID[item["rule_id"]]
            assert item["title"] == rule.title
            assert (item["legal_source"], item["strength"]) == (rule.legal_source, rule.strength)
            days_left = (dt.date.fromisoformat(item["due_on"]) - today).days
            assert (item["days_left"], item["overdue"]) == (days_left, days_left < 0)
        assert body["overdue"] == sum(1 for i in items if i["overdue"])
        seen += [i["days_left"] for i in items]
    # Not vacuous: both overdue obligations and ones still to come are listed.
    assert sum(1 for d in seen if d < 0) > 10
    assert sum(1 for d in seen if d >= 0) > 3


async def test_due_within_widens_and_narrows_the_horizon(
    database_url: str, tokens: Tokens, loaded: dict[str, Expected]
) -> None:
    """`due_within=0` lists what is overdue or due today; `due_within=366` adds what comes due within a
    year; both match the domain's open clocks."""
    today = manila_today()
    async with open_client(database_url, tokens.liaison_city) as client:
        for days in (0, 366):
            response = await client.get(f"/v1/worklist?due_within={days}")
            assert response.status_code == 200, response.text
            got = sorted(
                (uuid.UUID(i["case_id"]), i["rule_id"], i["accused"], dt.date.fromisoformat(i["due_on"]))
                for i in response.json()["items"]
            )
            assert got == sorted(_due_by(loaded[CITY], today + dt.timedelta(days=days)))


async def test_csv_has_one_row_per_obligation(database_url: str, tokens: Tokens, loaded: object) -> None:
    """`format=csv` gives a header of the obligation fields and one row per JSON item, same values."""
    async with open_client(database_url, tokens.liaison_city) as client:
        as_json = (await client.get("/v1/worklist?due_within=60")).json()["items"]
        response = await client.get("/v1/worklist?due_within=60&format=csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [(r["case_id"], r["rule_id"], r["accused"], r["due_on"], r["days_left"]) for r in rows] == [
        (i["case_id"], i["rule_id"], i["accused"] or "", i["due_on"], str(i["days_left"])) for i in as_json
    ]


async def test_a_case_waiting_for_trial_shows_its_trial_start_clock(database_url: str, tokens: Tokens) -> None:
    """The plea-bargain example recorded up to its pre-trial (24 Oct 2019): each accused owes the start
    of trial by 25 Nov 2019 (Rule 119: 30 days, moved off a weekend), overdue since, per accused."""
    history = plea_bargain_history()
    upto = next(i for i, e in enumerate(history) if type(e).__name__ == "PreTrial") + 1
    today = manila_today()
    async with open_client(database_url, tokens.liaison_city) as client:
        opened = await client.post("/v1/cases", json=open_body(history))
        case_id = opened.json()["case_id"]
        appended = await client.post(f"/v1/cases/{case_id}/events", json=events_body(history[1:upto], 1))
        assert appended.status_code == 201, appended.text
        listed = (await client.get("/v1/worklist?rule=TRIAL_START")).json()["items"]
    items = [i for i in listed if i["case_id"] == case_id]
    assert [(i["accused"], i["due_on"], i["legal_source"], i["stage"]) for i in items] == [
        ("A1", "2019-11-25", "Rule 119 §§1, 3; RA 8493 §§7, 10", "PRE_TRIAL"),
        ("A2", "2019-11-25", "Rule 119 §§1, 3; RA 8493 §§7, 10", "PRE_TRIAL"),
    ]
    assert all(i["days_left"] == (dt.date(2019, 11, 25) - today).days and i["overdue"] for i in items)


@pytest.mark.parametrize(
    ("query", "status", "field", "says"),
    [
        ("due_within=-1", 400, "due_within", "0"),
        ("due_within=soon", 400, "due_within", "int"),
        ("rule=TRIAL_STRAT", 422, "rule", "did you mean TRIAL_START?"),
        ("rule=APPEAL", 422, "rule", "TRIAL_START"),
        ("format=xml", 400, "format", "csv"),
        ("due=14", 400, "due", "due_within"),
    ],
)
async def test_bad_worklist_queries_are_refused_naming_the_parameter(
    database_url: str, tokens: Tokens, query: str, status: int, field: str, says: str
) -> None:
    """A bad or unknown query parameter (or a waiting period asked as a rule) is refused naming the
    parameter and what is allowed."""
    async with open_client(database_url, tokens.liaison_city) as client:
        response = await client.get(f"/v1/worklist?{query}")
    assert response.status_code == status, response.text
    assert field in response.text
    assert says in response.text


async def test_only_case_readers_get_a_worklist_and_every_read_is_audited(database_url: str, tokens: Tokens) -> None:
    """A viewer key is refused (403); a liaison's read leaves an audit entry `GetWorklist`."""
    async with open_client(database_url, tokens.viewer) as client:
        assert (await client.get("/v1/worklist")).status_code == 403
    async with open_client(database_url, tokens.liaison_city) as client:
        assert (await client.get("/v1/worklist")).status_code == 200
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT result FROM audit_log WHERE operation = 'GetWorklist'")
        results = [r["result"] for r in rows]
    finally:
        await conn.close()
    assert "ok" in results
    assert "forbidden" in results
