"""Many clients, one case, unreliable networks: every event is stored exactly once, without gaps."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import msgspec
import pytest
from tests.support.cases import open_body
from tests.support.keys import bearer, seed_access
from tests.support.server import running_server

from cpc_prosecution.domain import ServicesDelivered, VictimService
from cpc_prosecution.domain.examples import plea_bargain_history

pytestmark = pytest.mark.db

CLIENTS = 50


async def _append_until_stored(
    http: httpx.AsyncClient, case_id: str, client_no: int, day: dt.date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One client's job: append its event; on 409 retry at the current version; after its first
    success, act as if the response was lost and retry the identical request. Returns (first, replay)."""
    event = ServicesDelivered(occurred_on=day, service=VictimService.MEDICAL, children=1)
    headers = {"Idempotency-Key": f"client-{client_no:02d}-services"}
    expected = 1
    while True:
        body = {"expected_version": expected, "events": [msgspec.to_builtins(event)]}
        if client_no % 5 == 0:
            # The retry races the original: both requests are in flight at once.
            first, second = await asyncio.gather(
                http.post(f"/v1/cases/{case_id}/events", json=body, headers=headers),
                http.post(f"/v1/cases/{case_id}/events", json=body, headers=headers),
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
        replay = await http.post(f"/v1/cases/{case_id}/events", json=body, headers=headers)
        assert replay.status_code == 201, replay.text
        return response.json(), replay.json()


async def test_50_concurrent_clients_with_retries_store_every_event_once(database_url: str) -> None:
    """50 clients append to one case through a 2-worker server, racing on expected_version and
    retrying with their idempotency keys: 50 events stored, seq 1..51 without gaps, each client's
    replay identical to its first response."""
    history = plea_bargain_history()
    detected = history[0].occurred_on
    tokens = await seed_access(database_url)
    with running_server(database_url, workers=2) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60, headers=bearer(tokens.liaison_city)) as http:
            opened = await http.post("/v1/cases", json=open_body(history))
            assert opened.status_code == 201, opened.text
            case_id = opened.json()["case_id"]
            results = await asyncio.gather(
                *(
                    _append_until_stored(http, case_id, n, detected + dt.timedelta(days=n))
                    for n in range(1, CLIENTS + 1)
                )
            )
            case = (await http.get(f"/v1/cases/{case_id}")).json()
    for first, replay in results:
        assert first == replay
    seqs = sorted(seq for first, _ in results for seq in first["appended"])
    assert seqs == list(range(2, CLIENTS + 2))
    assert case["version"] == CLIENTS + 1
    assert [entry["seq"] for entry in case["timeline"]] == list(range(1, CLIENTS + 2))
    days = sorted(entry["event"]["occurred_on"] for entry in case["timeline"][1:])
    assert days == sorted((detected + dt.timedelta(days=n)).isoformat() for n in range(1, CLIENTS + 1))
    assert case["summary"]["services_medical"] == CLIENTS
