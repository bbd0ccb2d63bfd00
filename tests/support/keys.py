"""API keys and reference data for tests: one key per role, scoped to the examples' offices."""

from __future__ import annotations

import asyncpg
import msgspec

from cpc_prosecution.domain import JudicialRegion
from cpc_prosecution.services import api_keys, reference
from cpc_prosecution.services.access import Role
from cpc_prosecution.services.api_keys import NewKey
from cpc_prosecution.store.pool import register_codecs
from tests.support.cases import COURTS, HOTSPOTS, OFFICES

CITY, PROVINCE = OFFICES[0].office_id, OFFICES[1].office_id


class Tokens(msgspec.Struct, frozen=True, kw_only=True):
    admin: str
    liaison_city: str
    """Liaison of the city office (the examples' default owner)."""
    liaison_province: str
    analyst_city: str
    analyst_r7: str
    """Analyst scoped to judicial region VII only (the family court of the examples)."""
    viewer: str


async def seed_access(url: str) -> Tokens:
    """Register the examples' offices, courts and hotspots, and issue one key per role."""
    conn = await asyncpg.connect(url)
    await register_codecs(conn)
    try:
        admin = await api_keys.issue_key(conn, NewKey(role=Role.ADMIN), created_by=None)
        principal = await api_keys.authenticate(conn, admin.token)
        for office in OFFICES:
            await reference.create_office(conn, office, principal=principal)
        for court in COURTS:
            await reference.create_court(conn, court, principal=principal)
        for hotspot in HOTSPOTS:
            await reference.create_hotspot(conn, hotspot, principal=principal)

        async def issue(new: NewKey) -> str:
            return (await api_keys.issue_key(conn, new, created_by=principal.key_id)).token

        return Tokens(
            admin=admin.token,
            liaison_city=await issue(NewKey(role=Role.LIAISON, offices=[CITY])),
            liaison_province=await issue(NewKey(role=Role.LIAISON, offices=[PROVINCE])),
            analyst_city=await issue(NewKey(role=Role.ANALYST, offices=[CITY])),
            analyst_r7=await issue(NewKey(role=Role.ANALYST, regions=[JudicialRegion.R7])),
            viewer=await issue(NewKey(role=Role.VIEWER)),
        )
    finally:
        await conn.close()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
