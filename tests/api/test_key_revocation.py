"""A revoked or expired key acts at once: every request proves its key against the `api_key` row (no
process remembers a key between requests), so the next append is refused with 401 before any other
answer, and nothing is stored."""

from __future__ import annotations

from typing import Any

import asyncpg
import pytest
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.keys import CITY, Tokens

from cpc_prosecution.domain.examples import plea_bargain_history

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


async def test_a_key_revoked_by_another_client_gets_401_on_every_append_path(database_url: str, tokens: Tokens) -> None:
    """A key that appended twice and is then revoked through another client (the admin's) is refused
    with 401 on its next appends: a legal one, an illegal one (not 422), a stale one (not 409)
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


async def test_a_key_whose_expiry_passes_gets_401_and_nothing_is_stored(database_url: str, tokens: Tokens) -> None:
    """A key that appended once; the key row's expiry is then set in the past (as if time had passed
    for a key issued with one): the next append proves the key, finds it expired, 401."""
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
