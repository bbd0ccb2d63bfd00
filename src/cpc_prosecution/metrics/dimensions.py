"""Breakdown dimensions: each names one `CaseSummary` field, which is also the `case_summary` column,
except the place dimensions, which roll the case's place (`place_psgc`) up the PSGC masterlist.
"""

import enum
from collections.abc import Mapping
from typing import Final

from cpc_prosecution.domain.psgc import PlaceRollup
from cpc_prosecution.domain.summary import CaseSummary

#: Group label for cases with no value on the dimension (no court yet, no hotspot).
NOT_RECORDED: Final = "NOT_RECORDED"


class Dimension(enum.StrEnum):
    """Codes used in `by=` (the value) and the summary field each reads (`column`)."""

    COURT = "court"
    OFFICE = "office"
    JUDICIAL_REGION = "judicial_region"
    COURT_DESIGNATION = "court_designation"
    HOTSPOT = "hotspot"
    CASE_TYPE = "case_type"
    REFERRAL_SOURCE = "referral_source"
    OFFENCE_GROUP = "offence_group"
    ADMIN_REGION = "admin_region"
    PROVINCE = "province"
    CITY_MUNICIPALITY = "city_municipality"

    @property
    def column(self) -> str:
        return COLUMNS[self]


COLUMNS: Final[dict[Dimension, str]] = {
    Dimension.COURT: "court_id",
    Dimension.OFFICE: "office_id",
    Dimension.JUDICIAL_REGION: "court_judicial_region",
    Dimension.COURT_DESIGNATION: "court_designation",
    Dimension.HOTSPOT: "hotspot_id",
    Dimension.CASE_TYPE: "case_type",
    Dimension.REFERRAL_SOURCE: "referral_source",
    Dimension.OFFENCE_GROUP: "offence_group",
    # Not summary fields: the place's roll-up, joined from `psgc_area` by the SQL engine.
    Dimension.ADMIN_REGION: "place_admin_region",
    Dimension.PROVINCE: "place_province",
    Dimension.CITY_MUNICIPALITY: "place_city_municipality",
}

#: Place dimensions: the `PlaceRollup` field each reads (of the case's `place_psgc`).
PLACE_LEVELS: Final[dict[Dimension, str]] = {
    Dimension.ADMIN_REGION: "admin_region",
    Dimension.PROVINCE: "province",
    Dimension.CITY_MUNICIPALITY: "city_municipality",
}

Places = Mapping[str, PlaceRollup]
"""The PSGC masterlist's roll-ups by code (`PsgcList.rollups()`), for the place dimensions."""

#: Every dimension, in documentation order.
ALL_DIMENSIONS: Final = tuple(Dimension)
#: Dimensions known before filing (no court needed).
CASE_DIMENSIONS: Final = (
    Dimension.OFFICE,
    Dimension.HOTSPOT,
    Dimension.CASE_TYPE,
    Dimension.REFERRAL_SOURCE,
    Dimension.OFFENCE_GROUP,
    Dimension.ADMIN_REGION,
    Dimension.PROVINCE,
    Dimension.CITY_MUNICIPALITY,
)
#: Dimensions of court metrics.
COURT_DIMENSIONS: Final = ALL_DIMENSIONS


def group_of(summary: CaseSummary, dimension: Dimension, places: Places | None = None) -> str:
    """The case's group on `dimension` (enum codes as their string value; missing -> NOT_RECORDED).

    A place dimension needs `places`: a place not in the masterlist, or above the dimension's level
    (a province-level place has no city), is NOT_RECORDED."""
    level = PLACE_LEVELS.get(dimension)
    if level is None:
        value = getattr(summary, dimension.column)
    elif places is None:
        raise ValueError(f"a breakdown by {dimension.value} needs the PSGC masterlist's roll-ups (places=)")
    else:
        rollup = places.get(summary.place_psgc)
        value = None if rollup is None else getattr(rollup, level)
    return NOT_RECORDED if value is None else str(value)
