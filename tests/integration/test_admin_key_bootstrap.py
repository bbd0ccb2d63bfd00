"""The first start creates one admin key, once, even when several servers start together."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import authenticate, bootstrap_admin_key, list_keys
from cpc_prosecution.store.pool import register_codecs

pytestmark = pytest.mark.db


async def test_concurrent_first_starts_issue_exactly_one_admin_key(database_url: str) -> None:
    """Three starts race on an empty key table: one gets a working admin key, the others none; a later
    start gets none either."""
    conns = [await asyncpg.connect(database_url) for _ in range(3)]
    try:
        for conn in conns:
            await register_codecs(conn)
        issued = await asyncio.gather(*(bootstrap_admin_key(c) for c in conns))
        later = await bootstrap_admin_key(conns[0])
        keys = await list_keys(conns[0])
        tokens = [i for i in issued if i is not None]
        principal = await authenticate(conns[0], tokens[0].token)
    finally:
        for conn in conns:
            await conn.close()
    assert len(tokens) == 1
    assert later is None
    assert [k.role for k in keys] == [Role.ADMIN]
    assert principal.role is Role.ADMIN
