"""Reference data use cases: register and list prosecution offices, courts and hotspots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpc_prosecution.domain import ClockRule, Offence
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.services.errors import AlreadyExists
from cpc_prosecution.store import reference as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

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


async def create_office(conn: Connection, office: ProsecutionOffice) -> ProsecutionOffice:
    try:
        await store.insert_office(conn, office)
    except store.DuplicateReference:
        raise AlreadyExists(f"office {office.office_id} already exists") from None
    return office


async def create_court(conn: Connection, court: Court) -> Court:
    try:
        await store.insert_court(conn, court)
    except store.DuplicateReference:
        raise AlreadyExists(
            f"court {court.court_id} (or its region, station, branch and designation) already exists"
        ) from None
    return court


async def create_hotspot(conn: Connection, hotspot: Hotspot) -> Hotspot:
    try:
        await store.insert_hotspot(conn, hotspot)
    except store.DuplicateReference:
        raise AlreadyExists(f"hotspot {hotspot.hotspot_id} already exists") from None
    return hotspot


async def list_offices(conn: Connection) -> list[ProsecutionOffice]:
    return await store.list_offices(conn)


async def list_courts(conn: Connection) -> list[Court]:
    return await store.list_courts(conn)


async def list_hotspots(conn: Connection) -> list[Hotspot]:
    return await store.list_hotspots(conn)


async def list_offence_codes(conn: Connection) -> list[Offence]:
    """Offence codes with statute, section, penalty band and validity (repealed codes included)."""
    return await store.list_offence_codes(conn)


async def list_legal_clocks(conn: Connection) -> list[ClockRule]:
    """The legal clocks the deadlines are computed from, as versioned rules with their sources."""
    return await store.list_legal_clocks(conn)
