"""The PSGC masterlist: load an edition (operators, from the command line) and list its areas."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.domain.psgc import AreaLevel
from cpc_prosecution.domain.psgc_file import read_psgc_csv
from cpc_prosecution.services.access import Principal, require_role
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.reference import REFERENCE_READERS
from cpc_prosecution.store import psgc as store
from cpc_prosecution.store.psgc import StoredArea

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("MasterlistLoaded", "list_places", "load_masterlist")

#: At most this many areas in one answer; barangays are listed one parent at a time.
MAX_AREAS = 5000


class MasterlistLoaded(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    areas: int
    cases_with_unlisted_place: int
    """Cases whose place is not in this edition: they count under NOT_RECORDED in place breakdowns."""


async def load_masterlist(conn: Connection, lines: Iterable[str], version: str) -> MasterlistLoaded:
    """Check the CSV masterlist in `lines` and make it the loaded edition (raises PsgcFileError)."""
    masterlist = read_psgc_csv(lines, version)
    stored = await store.replace_psgc_list(conn, masterlist)
    return MasterlistLoaded(
        version=version, areas=stored, cases_with_unlisted_place=await store.places_not_listed(conn)
    )


async def list_places(
    conn: Connection, *, principal: Principal, level: AreaLevel | None = None, parent: str | None = None
) -> list[StoredArea]:
    """Areas of the loaded edition with their roll-ups, optionally one level and/or one parent's.

    The labels for the codes that place breakdowns (`by=admin_region`, `province`,
    `city_municipality`) return as groups."""
    require_role(principal, *REFERENCE_READERS)
    if level is AreaLevel.BARANGAY and parent is None:
        raise InvalidInput("parent", "barangays are listed one city or municipality at a time: give parent")
    return await store.list_areas(conn, level=level, parent=parent, limit=MAX_AREAS)
