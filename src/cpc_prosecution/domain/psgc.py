"""The PSGC hierarchy (domain brief §7.1): areas with an explicit parent, and each area's roll-up to
the administrative region, the province (or independent city) and the city or municipality.

The hierarchy is never derived by slicing codes: the PSA's own sources disagree on what digits 5-10
mean, so each area names its parent, as the PSA masterlist lists it. Highly urbanised and
independent component cities are independent of the province for governance (§7.1, city classes),
so they roll up to themselves at province level, not to the province they sit in.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Final

import msgspec

from cpc_prosecution.domain.types import Psgc

__all__ = (
    "PSGC_VERSION_PATTERN",
    "Area",
    "AreaLevel",
    "CityClass",
    "PlaceRollup",
    "PsgcList",
    "PsgcListError",
    "roll_up",
)

#: A masterlist edition: the PSA publishes the PSGC quarterly (e.g. 2024Q4).
PSGC_VERSION_PATTERN: Final = r"^[0-9]{4}Q[1-4]$"


class AreaLevel(enum.StrEnum):
    """Geographic levels of the PSA masterlist ("Geographic Level" column: Reg, Prov, Dist, City, Mun,
    SubMun, SGU, Bgy)."""

    REGION = "REGION"
    PROVINCE = "PROVINCE"
    DISTRICT = "DISTRICT"  # NCR's four districts: statistical, not local government units
    CITY = "CITY"
    MUNICIPALITY = "MUNICIPALITY"
    SUB_MUNICIPALITY = "SUB_MUNICIPALITY"  # the districts of the City of Manila
    SPECIAL_GEOGRAPHIC_AREA = "SPECIAL_GEOGRAPHIC_AREA"  # BARMM's Special Geographic Area
    BARANGAY = "BARANGAY"


class CityClass(enum.StrEnum):
    """City classes (PSA): highly urbanised, independent component, component."""

    HUC = "HUC"
    ICC = "ICC"
    CC = "CC"


#: Cities outside the province's governance: their own unit at province level.
INDEPENDENT_CITIES: Final = frozenset({CityClass.HUC, CityClass.ICC})
_CITY_OR_MUNICIPALITY: Final = frozenset({AreaLevel.CITY, AreaLevel.MUNICIPALITY})


class Area(msgspec.Struct, frozen=True, kw_only=True):
    """One row of the masterlist: a code, its label (the PSA's name of the place), level and parent
    (None only for a region)."""

    psgc: Psgc
    label: str
    level: AreaLevel
    parent_psgc: Psgc | None = None
    city_class: CityClass | None = None


class PlaceRollup(msgspec.Struct, frozen=True, kw_only=True):
    """Where an area falls at each published level (None: the area lies above that level)."""

    admin_region: str
    province: str | None
    """The province, or the city itself when it is a highly urbanised or independent component city,
    or the city or municipality itself when no province lies between it and the region (NCR)."""
    city_municipality: str | None


class PsgcListError(ValueError):
    """A masterlist that cannot be a hierarchy: names the code and the reason."""

    def __init__(self, psgc: str, reason: str) -> None:
        super().__init__(f"{psgc}: {reason}")
        self.psgc = psgc
        self.reason = reason


class PsgcList(msgspec.Struct, frozen=True, kw_only=True):
    """A whole masterlist edition, checked: every parent listed, regions at the top, no cycle."""

    version: str
    areas: tuple[Area, ...]

    def __post_init__(self) -> None:
        if not re.match(PSGC_VERSION_PATTERN, self.version):
            raise PsgcListError(self.version, "version must be a year and quarter, e.g. 2024Q4")
        _check(self.areas)

    def rollups(self) -> dict[str, PlaceRollup]:
        """Every area's roll-up, by code."""
        return roll_up(self.areas)


def _check(areas: Iterable[Area]) -> None:
    by_code: dict[str, Area] = {}
    for area in areas:
        if area.psgc in by_code:
            raise PsgcListError(area.psgc, "listed twice")
        by_code[area.psgc] = area
    for area in by_code.values():
        if (area.level is AreaLevel.REGION) != (area.parent_psgc is None):
            raise PsgcListError(area.psgc, "a region has no parent and every other area has one")
        if area.city_class is not None and area.level is not AreaLevel.CITY:
            raise PsgcListError(area.psgc, "only a city has a city class")
        if area.parent_psgc is not None and area.parent_psgc not in by_code:
            raise PsgcListError(area.psgc, f"parent {area.parent_psgc} is not in the list")
        if area.parent_psgc is not None and by_code[area.parent_psgc].level is AreaLevel.BARANGAY:
            raise PsgcListError(area.psgc, "a barangay cannot be a parent")
    for area in by_code.values():
        _ancestors(area, by_code)  # raises on a cycle


def _ancestors(area: Area, by_code: Mapping[str, Area]) -> list[Area]:
    """The area itself, then its parent, up to its region."""
    chain = [area]
    seen = {area.psgc}
    while chain[-1].parent_psgc is not None:
        parent = by_code[chain[-1].parent_psgc]
        if parent.psgc in seen:
            raise PsgcListError(area.psgc, "its parents form a cycle")
        seen.add(parent.psgc)
        chain.append(parent)
    return chain


def _province_of(chain: list[Area]) -> str | None:
    for area in chain:
        if area.level is AreaLevel.PROVINCE or (area.level is AreaLevel.CITY and area.city_class in INDEPENDENT_CITIES):
            return area.psgc
    # No province above it (NCR): the city or municipality stands at province level.
    for area in chain:
        if area.level in _CITY_OR_MUNICIPALITY:
            return area.psgc
    return None


def _rollup(chain: list[Area]) -> PlaceRollup:
    city = next((a.psgc for a in chain if a.level in _CITY_OR_MUNICIPALITY), None)
    return PlaceRollup(admin_region=chain[-1].psgc, province=_province_of(chain), city_municipality=city)


def roll_up(areas: Iterable[Area]) -> dict[str, PlaceRollup]:
    """Each area's region, province (or independent city) and city or municipality, by code; the
    areas must form a checked hierarchy (`PsgcList` checks it)."""
    by_code = {a.psgc: a for a in areas}
    return {code: _rollup(_ancestors(area, by_code)) for code, area in by_code.items()}
