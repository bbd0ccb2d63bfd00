"""Reference tables: prosecution offices, courts, hotspots, offence codes, legal clocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeVar

import asyncpg
import msgspec

from cpc_prosecution.domain import ClockRule, Offence
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "DuplicateReference",
    "get_court",
    "get_hotspot",
    "get_office",
    "insert_court",
    "insert_hotspot",
    "insert_office",
    "list_courts",
    "list_hotspots",
    "list_legal_clocks",
    "list_offence_codes",
    "list_offices",
)

T = TypeVar("T", bound=msgspec.Struct)

_OFFICE: Final = "office_id, office_type, psgc"
_COURT: Final = "court_id, judicial_region, station_psgc, branch_label, designation"
_HOTSPOT: Final = "hotspot_id, psgc, designated_by, basis, valid_from, valid_to"


class DuplicateReference(Exception):
    """The identifier (or the court's natural key) is already taken."""


def _rows(rows: list[Any], kind: type[T]) -> list[T]:
    return [msgspec.convert(dict(r), kind) for r in rows]


async def _insert(conn: Connection, table: str, columns: str, values: tuple[Any, ...]) -> None:
    placeholders = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    try:
        await conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", *values)  # noqa: S608
    except asyncpg.UniqueViolationError:
        raise DuplicateReference(table) from None


async def insert_office(conn: Connection, office: ProsecutionOffice) -> None:
    await _insert(conn, "prosecution_office", _OFFICE, (office.office_id, office.office_type, office.psgc))


async def insert_court(conn: Connection, court: Court) -> None:
    values = (court.court_id, court.judicial_region, court.station_psgc, court.branch_label, court.designation)
    await _insert(conn, "court", _COURT, values)


async def insert_hotspot(conn: Connection, hotspot: Hotspot) -> None:
    values = (
        hotspot.hotspot_id,
        hotspot.psgc,
        hotspot.designated_by,
        hotspot.basis,
        hotspot.valid_from,
        hotspot.valid_to,
    )
    await _insert(conn, "hotspot", _HOTSPOT, values)


async def list_offices(conn: Connection) -> list[ProsecutionOffice]:
    return _rows(await conn.fetch(f"SELECT {_OFFICE} FROM prosecution_office ORDER BY office_id"), ProsecutionOffice)  # noqa: S608


async def list_courts(conn: Connection) -> list[Court]:
    return _rows(await conn.fetch(f"SELECT {_COURT} FROM court ORDER BY court_id"), Court)  # noqa: S608


async def list_hotspots(conn: Connection) -> list[Hotspot]:
    return _rows(await conn.fetch(f"SELECT {_HOTSPOT} FROM hotspot ORDER BY hotspot_id"), Hotspot)  # noqa: S608


async def get_office(conn: Connection, office_id: str) -> ProsecutionOffice | None:
    row = await conn.fetchrow(f"SELECT {_OFFICE} FROM prosecution_office WHERE office_id = $1", office_id)  # noqa: S608
    return None if row is None else msgspec.convert(dict(row), ProsecutionOffice)


async def get_hotspot(conn: Connection, hotspot_id: str) -> Hotspot | None:
    row = await conn.fetchrow(f"SELECT {_HOTSPOT} FROM hotspot WHERE hotspot_id = $1", hotspot_id)  # noqa: S608
    return None if row is None else msgspec.convert(dict(row), Hotspot)


async def get_court(conn: Connection, court_id: str) -> Court | None:
    row = await conn.fetchrow(f"SELECT {_COURT} FROM court WHERE court_id = $1", court_id)  # noqa: S608
    return None if row is None else msgspec.convert(dict(row), Court)


_OFFENCE: Final = "code, statute, section, label, penalty_band, penalty_text, valid_from, valid_to, chargeable"
_CLOCK_DECODER: Final = msgspec.json.Decoder(ClockRule)


async def list_offence_codes(conn: Connection) -> list[Offence]:
    return _rows(await conn.fetch(f"SELECT {_OFFENCE} FROM offence_code ORDER BY code"), Offence)  # noqa: S608


async def list_legal_clocks(conn: Connection) -> list[ClockRule]:
    rows = await conn.fetch("SELECT definition::text AS definition FROM legal_clock ORDER BY rule_id")
    return [_CLOCK_DECODER.decode(r["definition"]) for r in rows]
