"""The `psgc_area` table: one masterlist edition at a time, with each area's roll-up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.domain.psgc import Area, AreaLevel, PlaceRollup, PsgcList

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "StoredArea",
    "list_areas",
    "loaded_version",
    "place_listed",
    "places_not_listed",
    "read_rollups",
    "replace_psgc_list",
)

_COLUMNS: Final = (
    "psgc",
    "label",
    "level",
    "parent_psgc",
    "city_class",
    "admin_region",
    "province",
    "city_municipality",
    "psgc_version",
)


class StoredArea(Area, frozen=True, kw_only=True):
    """An area as loaded: the masterlist row, its roll-up and the edition it came from."""

    admin_region: str
    province: str | None
    city_municipality: str | None
    psgc_version: str


async def replace_psgc_list(conn: Connection, masterlist: PsgcList) -> int:
    """Replace the loaded edition with `masterlist` in one transaction; returns the areas stored.

    Readers see the old edition or the new one, never a mix (the parent key is checked at commit)."""
    rollups = masterlist.rollups()
    records = [
        (
            a.psgc,
            a.label,
            a.level.value,
            a.parent_psgc,
            None if a.city_class is None else a.city_class.value,
            rollups[a.psgc].admin_region,
            rollups[a.psgc].province,
            rollups[a.psgc].city_municipality,
            masterlist.version,
        )
        for a in masterlist.areas
    ]
    async with conn.transaction():
        await conn.execute("DELETE FROM psgc_area")
        await conn.copy_records_to_table("psgc_area", records=records, columns=_COLUMNS)
    return len(records)


async def loaded_version(conn: Connection) -> str | None:
    """The edition loaded, or None when no masterlist is."""
    version: str | None = await conn.fetchval("SELECT min(psgc_version) FROM psgc_area")
    return version


async def list_areas(
    conn: Connection, *, level: AreaLevel | None = None, parent: str | None = None, limit: int = 5000
) -> list[StoredArea]:
    """Areas in code order, optionally of one level and/or under one parent (with neither, barangays
    are left out: the published geography stops at city/municipality)."""
    rows = await conn.fetch(
        f"SELECT {', '.join(_COLUMNS)} FROM psgc_area "  # noqa: S608 - constant column names
        "WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR parent_psgc = $2) "
        "AND ($1 IS NOT NULL OR $2 IS NOT NULL OR level <> 'BARANGAY') ORDER BY psgc LIMIT $3",
        None if level is None else level.value,
        parent,
        limit,
    )
    return [msgspec.convert(dict(r), StoredArea) for r in rows]


async def place_listed(conn: Connection, psgc: str) -> bool | None:
    """Whether the loaded masterlist lists `psgc`; None when no masterlist is loaded."""
    listed: bool | None = await conn.fetchval(
        "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM psgc_area) THEN NULL "
        "ELSE EXISTS (SELECT 1 FROM psgc_area WHERE psgc = $1) END",
        psgc,
    )
    return listed


async def read_rollups(conn: Connection) -> dict[str, PlaceRollup]:
    """Every loaded area's roll-up by code (the pure engine's `places=`)."""
    rows = await conn.fetch("SELECT psgc, admin_region, province, city_municipality FROM psgc_area")
    return {r["psgc"]: PlaceRollup(**{k: v for k, v in r.items() if k != "psgc"}) for r in rows}


async def places_not_listed(conn: Connection) -> int:
    """Cases whose place is not in the loaded masterlist (they fall under NOT_RECORDED by place)."""
    count: int = await conn.fetchval(
        "SELECT count(*) FROM case_summary AS s "
        "WHERE NOT EXISTS (SELECT 1 FROM psgc_area AS a WHERE a.psgc = s.place_psgc)"
    )
    return count
