"""The release catalogue: the fixed, versioned tables a release may hold. Nothing else is published.

Geometry follows privacy.md §4.1: national and regional figures per quarter, court figures per
calendar year (only in a fourth-quarter release, once the year is complete), at most two
classifying dimensions besides geography at court level (here: period and one category), and no
free filters. A case is placed in its court's judicial region once it is filed in court; before
that it is counted under "not yet in court" (regions of pre-court cases need the PSA place
hierarchy, which the project does not ship). Changing a definition means a new catalogue version.
"""

from __future__ import annotations

import enum
from typing import Final

import msgspec

from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.domain.vocab.victims import AgeBand
from cpc_prosecution.metrics.age_of_pending_caseload import AGE_BANDS

__all__ = (
    "CATALOGUE",
    "CATALOGUE_VERSION",
    "COURT_PENDING_STAGES",
    "OPEN_STAGES",
    "Family",
    "Level",
    "Measure",
    "TableDefinition",
    "table_definition",
)

CATALOGUE_VERSION: Final = "2026.1"

#: Stages a case can stand at while it is open (terminal FINAL and DISMISSED are not stock).
OPEN_STAGES: Final = tuple(s for s in Stage if s not in (Stage.BAIL_HEARING, Stage.FINAL, Stage.DISMISSED))
#: Open court stages counted in the pending-caseload age bands (archived and provisionally
#: dismissed cases are inactive and excluded, as in CourTools Measure 4).
COURT_PENDING_STAGES: Final = (
    Stage.FILED_IN_COURT,
    Stage.ARRAIGNMENT,
    Stage.PLEA_BARGAIN,
    Stage.PRE_TRIAL,
    Stage.TRIAL,
    Stage.DECISION,
)
#: Stages whose first day is counted as an entry (a flow); loops back into a stage are invisible.
ENTRY_STAGES: Final = tuple(s for s in Stage if s is not Stage.BAIL_HEARING)
OUTCOMES: Final = ("CONVICTED", "ACQUITTED", "DISMISSED")
CHILD_AGE_BANDS: Final = tuple(band.value for band in AgeBand)
TOTAL: Final = "Total"


class Family(enum.StrEnum):
    """A set of counts protected as one system of cells and additive relations."""

    CASES_BY_STAGE = "cases_by_stage"
    CASES_ENTERING_STAGE = "cases_entering_stage"
    CASES_DISPOSED = "cases_disposed"
    PENDING_BY_AGE = "pending_by_age"
    CHILDREN_IDENTIFIED = "children_identified"


class Level(enum.StrEnum):
    """Geography of a table's rows. REGION tables also carry the national row."""

    REGION = "region"
    COURT = "court"
    NATIONAL = "national"


class Measure(enum.StrEnum):
    STOCK = "stock"
    """Cases standing somewhere on a day (the period field is that day, ISO format)."""
    FLOW = "flow"
    """Things that happened during a period (a quarter, or a year as the sum of its quarters)."""
    RATE = "rate"
    """Whole percent, derived from two count cells of the release under the rate rule."""
    MEDIAN = "median"
    """Days, rounded, under the median rule."""


class TableDefinition(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    definition: str
    family: Family
    level: Level
    measure: Measure
    unit: str
    categories: tuple[str, ...]


def _stage_names(stages: tuple[Stage, ...]) -> tuple[str, ...]:
    return tuple(s.value for s in stages)


_STOCK_DEF = (
    "Open cases by the stage they stood at on the last day of each period (FINAL and DISMISSED cases are "
    "closed and not counted). Total = all open cases. Before filing a case is counted under 'not yet in court'."
)
_ENTRY_DEF = (
    "Cases that first reached each stage during the period (the first day of the stage; a case counts once "
    "per stage). Stages are not exclusive, so there is no total across stages. A year is the sum of its quarters."
)
_DISPOSED_DEF = (
    "Cases filed in court and disposed of by the trial court during the period, by case outcome: CONVICTED "
    "(at least one accused convicted), ACQUITTED, DISMISSED. Total = all disposed cases."
)
_AGE_DEF = (
    "Active pending court cases on the last day of each period (stages FILED_IN_COURT to DECISION; archived "
    "and provisionally dismissed cases excluded) by days since filing. Total = the sum of those stages in "
    "cases_by_stage, so the two tables are protected together."
)
_CHILDREN_DEF = (
    "Child victims in cases detected during the period, by age band at detection. A child named in two cases "
    "counts twice here; the threshold is applied to a lower bound of distinct children."
)
_RATE_DEF = (
    "Conviction rate: CONVICTED / Total of cases_disposed for the same row and period, in whole percent, "
    "published only under the rate rule (privacy.md §4.4)."
)
_MEDIAN_DEF = (
    "Median days from filing in court to disposition, for cases disposed during the period; and from detection "
    "to filing, for cases filed during the period. Published only for at least 20 cases and 20 children."
)

_AGE_CATEGORIES = (*(label for label, _, _ in AGE_BANDS), TOTAL)


def _pair(
    name: str, family: Family, title: str, definition: str, unit: str, categories: tuple[str, ...], measure: Measure
) -> tuple[TableDefinition, ...]:
    """The region-by-quarter and the court-by-year table of one measure."""
    return tuple(
        TableDefinition(
            id=f"{name}.{suffix}",
            title=f"{title}, {label}",
            definition=definition,
            family=family,
            level=level,
            measure=measure,
            unit=unit,
            categories=categories,
        )
        for level, suffix, label in (
            (Level.REGION, "region_quarter", "nation and judicial region by quarter"),
            (Level.COURT, "court_year", "court by calendar year"),
        )
    )


CATALOGUE: Final[tuple[TableDefinition, ...]] = (
    *_pair(
        "cases_by_stage",
        Family.CASES_BY_STAGE,
        "Open cases by stage",
        _STOCK_DEF,
        "cases",
        (*_stage_names(OPEN_STAGES), TOTAL),
        Measure.STOCK,
    ),
    *_pair(
        "cases_entering_stage",
        Family.CASES_ENTERING_STAGE,
        "Cases entering each stage",
        _ENTRY_DEF,
        "cases",
        _stage_names(ENTRY_STAGES),
        Measure.FLOW,
    ),
    *_pair(
        "cases_disposed",
        Family.CASES_DISPOSED,
        "Cases disposed by outcome",
        _DISPOSED_DEF,
        "cases",
        (*OUTCOMES, TOTAL),
        Measure.FLOW,
    ),
    *_pair(
        "pending_by_age",
        Family.PENDING_BY_AGE,
        "Active pending court cases by age",
        _AGE_DEF,
        "cases",
        _AGE_CATEGORIES,
        Measure.STOCK,
    ),
    TableDefinition(
        id="children_identified.national_quarter",
        title="Child victims identified, nation by quarter",
        definition=_CHILDREN_DEF,
        family=Family.CHILDREN_IDENTIFIED,
        level=Level.NATIONAL,
        measure=Measure.FLOW,
        unit="children",
        categories=(*CHILD_AGE_BANDS, TOTAL),
    ),
    *_pair(
        "conviction_rate", Family.CASES_DISPOSED, "Conviction rate", _RATE_DEF, "percent", ("CONVICTED",), Measure.RATE
    ),
    *_pair(
        "median_days",
        Family.CASES_DISPOSED,
        "Median days",
        _MEDIAN_DEF,
        "days",
        ("filing_to_disposition", "detection_to_filing"),
        Measure.MEDIAN,
    ),
)


def table_definition(table_id: str) -> TableDefinition | None:
    """The catalogue entry with this id, or None."""
    return next((t for t in CATALOGUE if t.id == table_id), None)
