"""Age of active pending caseload (CourTools Measure 4): days from filing to the as-of date."""

import statistics
from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import inactive_on, pending_in_court_on
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


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    day = w.as_of
    pending = [s for s in summaries if pending_in_court_on(s, day)]
    active = [s for s in pending if not inactive_on(s, day)]
    ages = [(day - s.filed_on).days for s in active if s.filed_on is not None]
    median = statistics.median(ages) if ages else None
    cells = [
        count("active_pending", Unit.CASE, len(active)),
        count("inactive_pending", Unit.CASE, len(pending) - len(active)),
        days("median_age_days", Unit.CASE, None if median is None else float(median), len(ages)),
    ]
    bands = [band_of(a) for a in ages]
    for label, _, _ in AGE_BANDS:
        cells.append(ratio("cases_in_band", Unit.CASE, bands.count(label), len(ages), label))
    return cells
