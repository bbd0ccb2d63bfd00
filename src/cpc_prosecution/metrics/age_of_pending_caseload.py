"""Age of active pending caseload (CourTools Measure 4): days from filing to the as-of date."""

import statistics
from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import INACTIVE_FIELDS, inactive_days, inactive_on, pending_in_court_on
from cpc_prosecution.metrics.registry_sources import (
    COURT_UNFILED,
    M4,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, days, ratio

#: Age bands in days, inclusive: (label, lowest, highest or None).
AGE_BANDS: Final = (
    ("0-90", 0, 90),
    ("91-180", 91, 180),
    ("181-365", 181, 365),
    ("366-730", 366, 730),
    ("731+", 731, None),
)


def band_of(age: int) -> str:
    for label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    raise ValueError(f"negative age: {age}")


class PendingTally(Tally, frozen=True, kw_only=True):
    pending: int
    active: int
    median_age: float | None
    """Median age in days of the active pending cases (None when there is none)."""
    bands: tuple[int, ...]
    """Active pending cases per `AGE_BANDS`."""


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> PendingTally:
    day = w.as_of
    pending = [s for s in summaries if pending_in_court_on(s, day)]
    active = [s for s in pending if not inactive_on(s, day)]
    ages = [(day - s.filed_on).days - inactive_days(s, s.filed_on, day) for s in active if s.filed_on is not None]
    bands = [band_of(a) for a in ages]
    return PendingTally(
        pending=len(pending),
        active=len(active),
        median_age=float(statistics.median(ages)) if ages else None,
        bands=tuple(bands.count(label) for label, _, _ in AGE_BANDS),
    )


def cells(t: PendingTally) -> list[Cell]:
    return [
        count("active_pending", Unit.CASE, t.active),
        count("inactive_pending", Unit.CASE, t.pending - t.active),
        days("median_age_days", Unit.CASE, t.median_age, t.active),
        *(
            ratio("cases_in_band", Unit.CASE, k, t.active, label)
            for (label, _, _), k in zip(AGE_BANDS, t.bands, strict=True)
        ),
    ]


DEFINITION: Final = MetricDefinition(
    id="age_of_pending_caseload",
    title="Age of active pending caseload",
    definition=(
        "Days from filing to the as-of date of the cases pending and active in court, in age bands; days a "
        "reactivated case spent inactive (archived or provisionally dismissed) do not count toward its age."
    ),
    formula=(
        "age = as_of - filed_on - inactive days in [filed_on, as_of); "
        "cases_in_band[B] = #(age in B) / #(active pending) x 100"
    ),
    units=(Unit.CASE,),
    timing=Timing.AS_OF,
    population="cases filed in court on or before the as-of date and not disposed by it",
    includes=("pending cases with at least one accused not archived or provisionally dismissed",),
    excludes=(
        "inactive cases: every pending accused archived or provisionally dismissed (counted as inactive_pending)",
        COURT_UNFILED,
    ),
    measures=(
        _m("active_pending", Unit.CASE, "count", "active pending cases on the as-of date"),
        _m("inactive_pending", Unit.CASE, "count", "pending but inactive cases (excluded from the bands)"),
        _m(
            "median_age_days",
            Unit.CASE,
            "days",
            "median age of active pending cases (midpoint of the two middle ages)",
        ),
        _m(
            "cases_in_band",
            Unit.CASE,
            "percent",
            "active pending cases in the age band",
            tuple(b[0] for b in AGE_BANDS),
        ),
    ),
    sources=(M4,),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "filed_on",
        "disposed",
        "disposed_on",
        *INACTIVE_FIELDS,
    ),
    approximations=(
        "Inactive on a day: inside one of the case's dated inactive periods (placed inactive when every pending "
        "accused is archived or provisionally dismissed, until a revival or the disposition); exact.",
        "A remanded case counts as pending from its first judgment to the remand.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=PendingTally, tally=tally, cells=cells, order=40)
