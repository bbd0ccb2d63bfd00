"""The last active admin key cannot be revoked through the API: nobody could issue keys any more.

Reproducer of issue 18: the only admin key could revoke itself, locking every client out.
"""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import ClientFactory

pytestmark = pytest.mark.db


async def _admins(admin: AsyncTestClient) -> list[dict[str, object]]:  # type: ignore[type-arg]
    return [k for k in (await admin.get("/v1/keys")).json() if k["role"] == "admin" and k["active"]]


async def test_the_last_active_admin_key_cannot_be_revoked_but_one_of_two_can(
    admin: AsyncTestClient,  # type: ignore[type-arg]
    client_for: ClientFactory,
    database_url: str,
) -> None:
    """One active admin key revoking itself: 409 `refused` with the reason, the key still works and the
    refusal is audited. With a second admin key, the first can be revoked (201); then the second cannot
    revoke itself (409)."""
    ((only,),) = [await _admins(admin)]
    refused = await admin.post(f"/v1/keys/{only['key_id']}/revoke")
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/refused")
    assert "last active admin key cannot be revoked" in problem["detail"]
    assert (await admin.get("/v1/keys")).status_code == 200
    entries = (await admin.get("/v1/audit", params={"key_id": str(only["key_id"]), "operation": "RevokeApiKey"})).json()
    assert [e["result"] for e in entries] == ["refused"]

    second = (await admin.post("/v1/keys", json={"role": "admin"})).json()
    assert (await admin.post(f"/v1/keys/{only['key_id']}/revoke")).status_code == 201
    async with client_for(database_url, second["token"]) as other:
        again = await other.post(f"/v1/keys/{second['key']['key_id']}/revoke")
        assert again.status_code == 409
        assert [k["key_id"] for k in await _admins(other)] == [second["key"]["key_id"]]
