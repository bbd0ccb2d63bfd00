"""Many clients, one case, unreliable networks: every event is stored exactly once, without gaps; also
when two API processes serve the same database (the API keeps no state between requests)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from contextlib import ExitStack
from typing import Any

import httpx
import msgspec
import pytest
from tests.support.cases import open_body
from tests.support.keys import Tokens, bearer, seed_access
from tests.support.load import sized
from tests.support.server import running_server

from cpc_prosecution.domain import ServicesDelivered, VictimService
from cpc_prosecution.domain.examples import plea_bargain_history

pytestmark = pytest.mark.db

#: Clients racing on one case: 50 in the short profile (CI), 120 in the full one.
CLIENTS = sized(50, 120)


#: The whole run may take this long (seconds) before the test fails instead of hanging.
BOUND = 180


async def _append_until_stored(
    servers: Sequence[httpx.AsyncClient], case_id: str, client_no: int, day: dt.date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One client's job: append its event; on 409 retry at the current version; after its first
    success, act as if the response was lost and retry the identical request. Returns (first, replay).
    With several servers, a retry goes to another server than the request it repeats."""
    http, other = servers[client_no % len(servers)], servers[(client_no + 1) % len(servers)]
    event = ServicesDelivered(occurred_on=day, service=VictimService.MEDICAL, children=1)
    headers = {"Idempotency-Key": f"{case_id}-client-{client_no:02d}-services"}
    expected = 1
    while True:
        body = {"expected_version": expected, "events": [msgspec.to_builtins(event)]}
        if client_no % 5 == 0:
            # The retry races the original: both requests are in flight at once.
            first, second = await asyncio.gather(
                http.post(f"/v1/cases/{case_id}/events", json=body, headers=headers),
                other.post(f"/v1/cases/{case_id}/events", json=body, headers=headers),
            )
            if first.status_code == 409 and second.status_code == 409:
                expected = first.json()["current_version"]
                continue
            assert {first.status_code, second.status_code} == {201}, (first.text, second.text)
            return first.json(), second.json()
        response = await http.post(f"/v1/cases/{case_id}/events", json=body, headers=headers)
        if response.status_code == 409:
            expected = response.json()["current_version"]
            continue
        assert response.status_code == 201, response.text
        # The response is "dropped": the client never saw it, so it retries the same request.
        replay = await other.post(f"/v1/cases/{case_id}/events", json=body, headers=headers)
        assert replay.status_code == 201, replay.text
        return response.json(), replay.json()


async def _run(bases: Sequence[str], token: str) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], Any]:
    history = plea_bargain_history()
    detected = history[0].occurred_on
    async with ExitStackAsync(bases, token) as servers:
        opened = await servers[0].post("/v1/cases", json=open_body(history))
        assert opened.status_code == 201, opened.text
        case_id = opened.json()["case_id"]
        results = await asyncio.gather(
            *(_append_until_stored(servers, case_id, n, detected + dt.timedelta(days=n)) for n in range(1, CLIENTS + 1))
        )
        case = (await servers[-1].get(f"/v1/cases/{case_id}")).json()
    return results, case


class ExitStackAsync:
    """One HTTP client per server base URL, all with the same key."""

    def __init__(self, bases: Sequence[str], token: str) -> None:
        self._clients = [httpx.AsyncClient(base_url=b, timeout=60, headers=bearer(token)) for b in bases]

    async def __aenter__(self) -> list[httpx.AsyncClient]:
        return self._clients

    async def __aexit__(self, *exc: object) -> None:
        for client in self._clients:
            await client.aclose()


def _check(results: list[tuple[dict[str, Any], dict[str, Any]]], case: Any) -> None:
    detected = plea_bargain_history()[0].occurred_on
    for first, replay in results:
        assert first == replay
    seqs = sorted(seq for first, _ in results for seq in first["appended"])
    assert seqs == list(range(2, CLIENTS + 2))
    assert case["version"] == CLIENTS + 1
    assert [entry["seq"] for entry in case["timeline"]] == list(range(1, CLIENTS + 2))
    days = sorted(entry["event"]["occurred_on"] for entry in case["timeline"][1:])
    assert days == sorted((detected + dt.timedelta(days=n)).isoformat() for n in range(1, CLIENTS + 1))
    assert case["summary"]["services_medical"] == CLIENTS


@pytest.fixture(scope="module")
async def tokens(database_url: str) -> Tokens:
    """The examples' reference data and one key per role, once for the module's database."""
    return await seed_access(database_url)


async def test_50_concurrent_clients_with_retries_store_every_event_once(database_url: str, tokens: Tokens) -> None:
    """`CLIENTS` clients append to one case through a 2-worker server, racing on expected_version and
    retrying with their idempotency keys: `CLIENTS` events stored, seq 1..`CLIENTS`+1 without gaps,
    each client's replay identical to its first response."""
    with running_server(database_url, workers=2) as base:
        results, case = await asyncio.wait_for(_run([base], tokens.liaison_city), BOUND)
    _check(results, case)


async def test_two_api_processes_on_one_database_store_every_event_once(database_url: str, tokens: Tokens) -> None:
    """Two separate `serve` processes on one database, `CLIENTS` clients spread over both: every retry
    and every racing duplicate goes to the other process than its original. Still `CLIENTS` events
    stored, seq 1..`CLIENTS`+1 without gaps, each replay identical to its first response; then ten
    keyless appends racing at one version through both processes: one 201, nine 409. Nothing of a
    case or a key lives in a process between requests."""
    with ExitStack() as stack:
        bases = [stack.enter_context(running_server(database_url, workers=1)) for _ in range(2)]
        results, case = await asyncio.wait_for(_run(bases, tokens.liaison_city), BOUND)
        statuses = await asyncio.wait_for(_keyless_race(bases, tokens.liaison_city, case), BOUND)
    _check(results, case)
    assert sorted(statuses) == [201] + [409] * 9


async def _keyless_race(bases: Sequence[str], token: str, case: Any) -> list[int]:
    """Ten appends without an Idempotency-Key (the unlocked path: read, then one guarded statement) at
    the case's version, at once, five through each process: the statuses."""
    event = ServicesDelivered(
        occurred_on=dt.date.fromisoformat(case["as_of"]), service=VictimService.LEGAL_ASSISTANCE, children=1
    )
    body = {"expected_version": case["version"], "events": [msgspec.to_builtins(event)]}
    async with ExitStackAsync(bases, token) as servers:
        responses = await asyncio.gather(
            *(servers[n % 2].post(f"/v1/cases/{case['case_id']}/events", json=body) for n in range(10))
        )
    return [r.status_code for r in responses]
