"""Breakdown dimensions: each names one `CaseSummary` field, which is also the `case_summary` column."""

import enum
from typing import Final

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
}

#: Every dimension, in documentation order.
ALL_DIMENSIONS: Final = tuple(Dimension)
#: Dimensions known before filing (no court needed).
CASE_DIMENSIONS: Final = (
    Dimension.OFFICE,
    Dimension.HOTSPOT,
    Dimension.CASE_TYPE,
    Dimension.REFERRAL_SOURCE,
    Dimension.OFFENCE_GROUP,
)
#: Dimensions of court metrics.
COURT_DIMENSIONS: Final = ALL_DIMENSIONS


def group_of(summary: CaseSummary, dimension: Dimension) -> str:
    """The case's group on `dimension` (enum codes as their string value; missing -> NOT_RECORDED)."""
    value = getattr(summary, dimension.column)
    return NOT_RECORDED if value is None else str(value)
