"""Reference data use cases: register and list prosecution offices, courts and hotspots.

Registration screens identifiers (`domain.identifier_hygiene`): ids are codes of their kind, and no
id or branch label may carry the shape of personal data (a date, a phone number, a street
address); a refusal is a 422 naming the field, and nothing is stored. Ids are printed in public
tables, so this is where personal data would otherwise enter them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from cpc_prosecution.domain import ClockRule, Offence
from cpc_prosecution.domain.identifier_hygiene import screen_id, screen_label
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import AlreadyExists, InvalidInput
from cpc_prosecution.store import reference as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

#: Viewers see published releases only; every other role may read the reference lists.
REFERENCE_READERS = (Role.ADMIN, Role.LIAISON, Role.ANALYST)

__all__ = (
    "create_court",
    "create_hotspot",
    "create_office",
    "list_courts",
    "list_hotspots",
    "list_legal_clocks",
    "list_offence_codes",
    "list_offices",
)


def _screen(record: ProsecutionOffice | Court | Hotspot) -> None:
    """InvalidInput (422) naming the first id or label that is not a clean code."""
    if isinstance(record, ProsecutionOffice):
        checks = [("office_id", screen_id("office_id", record.office_id))]
    elif isinstance(record, Court):
        checks = [
            ("court_id", screen_id("court_id", record.court_id)),
            ("branch_label", screen_label("branch_label", record.branch_label)),
        ]
    else:
        checks = [("hotspot_id", screen_id("hotspot_id", record.hotspot_id))]
    for field, reason in checks:
        if reason is not None:
            raise InvalidInput(field, reason)


async def _create(
    conn: Connection,
    principal: Principal,
    operation: str,
    insert: Callable[[], Awaitable[None]],
    duplicate: str,
    record: ProsecutionOffice | Court | Hotspot,
) -> None:
    require_role(principal, Role.ADMIN)
    _screen(record)
    async with conn.transaction():
        try:
            await insert()
        except store.DuplicateReference:
            raise AlreadyExists(duplicate) from None
        await audit.record(conn, principal, operation, None)


async def create_office(conn: Connection, office: ProsecutionOffice, *, principal: Principal) -> ProsecutionOffice:
    """Register an office (admin)."""
    duplicate = f"office {office.office_id} already exists"
    await _create(conn, principal, "CreateOffice", lambda: store.insert_office(conn, office), duplicate, office)
    return office


async def create_court(conn: Connection, court: Court, *, principal: Principal) -> Court:
    """Register a court branch (admin)."""
    duplicate = f"court {court.court_id} (or its region, station, branch and designation) already exists"
    await _create(conn, principal, "CreateCourt", lambda: store.insert_court(conn, court), duplicate, court)
    return court


async def create_hotspot(conn: Connection, hotspot: Hotspot, *, principal: Principal) -> Hotspot:
    """Register a hotspot designation (admin)."""
    duplicate = f"hotspot {hotspot.hotspot_id} already exists"
    await _create(conn, principal, "CreateHotspot", lambda: store.insert_hotspot(conn, hotspot), duplicate, hotspot)
    return hotspot


async def list_offices(conn: Connection, *, principal: Principal) -> list[ProsecutionOffice]:
    require_role(principal, *REFERENCE_READERS)
    return await store.list_offices(conn)


async def list_courts(conn: Connection, *, principal: Principal) -> list[Court]:
    require_role(principal, *REFERENCE_READERS)
    return await store.list_courts(conn)


async def list_hotspots(conn: Connection, *, principal: Principal) -> list[Hotspot]:
    require_role(principal, *REFERENCE_READERS)
    return await store.list_hotspots(conn)


async def list_offence_codes(conn: Connection, *, principal: Principal) -> list[Offence]:
    """Offence codes with statute, section, penalty band and validity (repealed codes included)."""
    require_role(principal, *REFERENCE_READERS)
    return await store.list_offence_codes(conn)


async def list_legal_clocks(conn: Connection, *, principal: Principal) -> list[ClockRule]:
    """The legal clocks the deadlines are computed from, as versioned rules with their sources."""
    require_role(principal, *REFERENCE_READERS)
    return await store.list_legal_clocks(conn)
