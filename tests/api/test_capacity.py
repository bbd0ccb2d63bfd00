"""Prosecution capacity over HTTP: counts only, recorded and read within scope, audited."""

from __future__ import annotations

from typing import Any

import pytest
from tests.api.conftest import open_client
from tests.support.keys import CITY, PROVINCE, Tokens

pytestmark = pytest.mark.db

SNAPSHOT: dict[str, Any] = {
    "office_id": CITY,
    "as_of": "2020-09-30",
    "positions_filled": 12,
    "positions_vacant": 2,
    "carrying_caseload": 10,
    "trained_trafficking": 7,
    "trained_child_sensitive": 5,
}
TRAINING: dict[str, Any] = {
    "office_id": CITY,
    "held_on": "2019-03-14",
    "topic": "CHILD_SENSITIVE_HANDLING",
    "provider": "IJM",
    "participants": 9,
    "hours": 16,
}


async def test_a_liaison_records_its_office_and_reads_it_back(database_url: str, tokens: Tokens) -> None:
    """201 for its own office, 409 for a second snapshot on the same date, 403 for another office."""
    async with open_client(database_url, tokens.liaison_city) as liaison:
        created = await liaison.post("/v1/staffing", json=SNAPSHOT)
        again = await liaison.post("/v1/staffing", json=SNAPSHOT)
        other = await liaison.post("/v1/staffing", json={**SNAPSHOT, "office_id": PROVINCE})
        trained = await liaison.post("/v1/trainings", json=TRAINING)
        staffing = (await liaison.get("/v1/staffing")).json()
        trainings = (await liaison.get("/v1/trainings")).json()
    assert (created.status_code, again.status_code, other.status_code, trained.status_code) == (201, 409, 403, 201)
    assert SNAPSHOT in staffing
    assert TRAINING in trainings
    assert "training_id" in trained.json()


async def test_scope_decides_what_is_read(database_url: str, tokens: Tokens) -> None:
    """The province liaison sees none of the city's capacity; an admin sees all; a viewer nothing."""
    async with open_client(database_url, tokens.admin) as admin:
        await admin.post("/v1/staffing", json={**SNAPSHOT, "as_of": "2021-03-31"})
        everything = (await admin.get("/v1/staffing")).json()
    async with open_client(database_url, tokens.liaison_province) as province:
        theirs = (await province.get("/v1/staffing")).json()
        narrowed = (await province.get("/v1/staffing", params={"office": CITY})).json()
    async with open_client(database_url, tokens.viewer) as viewer:
        refused = await viewer.get("/v1/staffing")
    assert any(s["office_id"] == CITY for s in everything)
    assert all(s["office_id"] != CITY for s in theirs)
    assert narrowed == []
    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"trained_trafficking": 13}, "exceeds positions_filled"),
        ({"positions_vacant": -1}, ">= 0"),
        ({"prosecutor_names": ["A"]}, "unknown field"),
    ],
)
async def test_impossible_or_personal_counts_are_refused(
    database_url: str, tokens: Tokens, change: dict[str, Any], reason: str
) -> None:
    """More trained prosecutors than filled posts, negative counts and any name field are a 400."""
    async with open_client(database_url, tokens.admin) as admin:
        response = await admin.post("/v1/staffing", json={**SNAPSHOT, "as_of": "2022-01-01", **change})
    assert response.status_code == 400, response.text
    assert reason in response.text


async def test_capacity_writes_are_audited(database_url: str, tokens: Tokens) -> None:
    """Each recorded snapshot and training leaves an audit entry."""
    async with open_client(database_url, tokens.liaison_city) as liaison:
        await liaison.post("/v1/trainings", json={**TRAINING, "held_on": "2020-01-20"})
    async with open_client(database_url, tokens.admin) as admin:
        entries = (await admin.get("/v1/audit", params={"operation": "RecordTraining"})).json()
    assert entries
    assert entries[-1]["result"] == "ok"
