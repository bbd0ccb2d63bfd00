"""A worker's memory of proved keys (`services.key_memory`) never outlives a revocation or an expiry:
the append it speeds up re-checks the key row in its own statement and proves the key before any
other answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import msgspec
import pytest
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.keys import CITY, Tokens

from cpc_prosecution.domain import ServicesDelivered, VictimService
from cpc_prosecution.domain.examples import plea_bargain_history
from cpc_prosecution.services.case_commands import AppendEvents, OpenCase
from cpc_prosecution.services.cases import append_events, open_case
from cpc_prosecution.services.errors import Unauthenticated
from cpc_prosecution.services.key_memory import KeyMemory
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db

HISTORY = plea_bargain_history()


def _services(version: int) -> dict[str, Any]:
    event = {"type": "services_delivered", "occurred_on": "2021-01-05", "service": "MEDICAL", "children": 1}
    return {"expected_version": version, "events": [event]}


async def _new_liaison(database_url: str, tokens: Tokens) -> dict[str, Any]:
    async with open_client(database_url, tokens.admin) as admin:
        issued: dict[str, Any] = (await admin.post("/v1/keys", json={"role": "liaison", "offices": [CITY]})).json()
    return issued


async def _stored_events(database_url: str, case_id: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        count: int = await conn.fetchval("SELECT count(*) FROM case_event WHERE case_id = $1::uuid", case_id)
        return count
    finally:
        await conn.close()


async def test_a_remembered_key_revoked_by_another_worker_gets_401_on_every_append_path(
    database_url: str, tokens: Tokens
) -> None:
    """A key remembered by this worker (it appended twice) and then revoked through another worker is
    refused with 401 on its next appends: a legal one, an illegal one (not 422), a stale one (not 409)
    and one with an Idempotency-Key; and nothing more is stored."""
    issued = await _new_liaison(database_url, tokens)
    async with open_client(database_url, issued["token"]) as worker:
        case_id = (await worker.post("/v1/cases", json=open_body(HISTORY))).json()["case_id"]
        assert (await worker.post(f"/v1/cases/{case_id}/events", json=_services(1))).status_code == 201
        assert (await worker.post(f"/v1/cases/{case_id}/events", json=_services(2))).status_code == 201
        illegal = events_body([HISTORY[-1]], 3)
        assert (await worker.post(f"/v1/cases/{case_id}/events", json=illegal)).status_code == 422
        async with open_client(database_url, tokens.admin) as admin:
            revoked = await admin.post(f"/v1/keys/{issued['key']['key_id']}/revoke")
        assert revoked.status_code == 201
        statuses = [
            (await worker.post(f"/v1/cases/{case_id}/events", json=_services(3))).status_code,
            (await worker.post(f"/v1/cases/{case_id}/events", json=illegal)).status_code,
            (await worker.post(f"/v1/cases/{case_id}/events", json=_services(1))).status_code,
            (
                await worker.post(
                    f"/v1/cases/{case_id}/events", json=_services(3), headers={"Idempotency-Key": "retry-1"}
                )
            ).status_code,
        ]
    assert statuses == [401, 401, 401, 401]
    assert await _stored_events(database_url, case_id) == 3


async def test_a_remembered_key_whose_expiry_passes_gets_401_and_nothing_is_stored(
    database_url: str, tokens: Tokens
) -> None:
    """The worker remembers a key with no expiry; the key row's expiry is then set in the past (as if
    time had passed for a key issued with one): the append's own statement refuses to write, the key
    is proved and found expired, 401."""
    issued = await _new_liaison(database_url, tokens)
    async with open_client(database_url, issued["token"]) as worker:
        case_id = (await worker.post("/v1/cases", json=open_body(HISTORY))).json()["case_id"]
        assert (await worker.post(f"/v1/cases/{case_id}/events", json=_services(1))).status_code == 201
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute(
                "UPDATE api_key SET expires_at = now() - interval '1 second' WHERE key_id = $1::uuid",
                issued["key"]["key_id"],
            )
        finally:
            await conn.close()
        refused = await worker.post(f"/v1/cases/{case_id}/events", json=_services(2))
    assert refused.status_code == 401
    assert await _stored_events(database_url, case_id) == 2


@pytest.fixture
async def conn(database_url: str) -> AsyncIterator[Any]:
    """A pooled connection with the application's codecs, as a worker's request has."""
    pool = await create_pool(database_url, max_size=1)
    try:
        async with pool.acquire() as connection:
            yield connection
    finally:
        await pool.close()


async def test_a_remembered_key_is_a_claim_until_confirmed_and_forgotten_once_refused(
    database_url: str, tokens: Tokens, conn: Any
) -> None:
    """The first claim of a token proves it (one read of the key row); later claims are unproven until
    `confirm`; a claim whose key was revoked fails `confirm`, and the token is forgotten, so the next
    claim proves it again (and fails)."""
    issued = await _new_liaison(database_url, tokens)
    memory = KeyMemory()
    first = await memory.claim(conn, issued["token"])
    second = await memory.claim(conn, issued["token"])
    assert (first.proven, second.proven) == (True, False)
    assert first.principal == second.principal
    await second.confirm(conn)
    assert second.proven
    third = await memory.claim(conn, issued["token"])
    await conn.execute("UPDATE api_key SET revoked_at = now() WHERE key_id = $1::uuid", issued["key"]["key_id"])
    with pytest.raises(Unauthenticated):
        await third.confirm(conn)
    with pytest.raises(Unauthenticated):
        await memory.claim(conn, issued["token"])


async def test_an_append_with_a_remembered_key_succeeds_without_proving_it_first(
    database_url: str, tokens: Tokens, conn: Any
) -> None:
    """On success the claim stays unproven: the key row was checked only inside the append's own
    statement, so a remembered key costs the append no round trip of its own."""
    issued = await _new_liaison(database_url, tokens)
    memory = KeyMemory()
    proved = await memory.claim(conn, issued["token"])
    command = msgspec.convert(open_body(HISTORY), OpenCase)
    opened = await open_case(conn, command, principal=proved.principal, docket_secret=b"s" * 32)
    claim = await memory.claim(conn, issued["token"])
    event = ServicesDelivered(occurred_on=HISTORY[0].occurred_on, service=VictimService.MEDICAL, children=1)
    appended = await append_events(
        conn,
        opened.case_id,
        AppendEvents(expected_version=1, events=[event]),
        principal=claim.principal,
        unproven_key=claim,
    )
    assert appended.version == 2
    assert not claim.proven
