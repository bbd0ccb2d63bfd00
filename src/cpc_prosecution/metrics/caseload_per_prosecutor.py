"""Open cases per prosecutor carrying a caseload (Justice Counts' caseload metric), on the as-of date.

Open: detected on or before the as-of date, not disposed by it and not inactive on it (archived or
provisionally dismissed), before or after filing. Each open case counts for its handling office
(`office_id`); the denominator is the `carrying_caseload` of each office's latest snapshot on or before
the as-of date. Open cases of offices without such a snapshot are reported apart and left out of the
ratio, so the ratio pools only offices that reported staffing.
"""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_by, inactive_on, known_on
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import Capacity, latest_snapshots


def open_on(summary: CaseSummary, w: Window) -> bool:
    day = w.as_of
    return known_on(summary, day) and not disposed_by(summary, day) and not inactive_on(summary, day)


def caseload_cells(open_cases: int, open_staffed: int, carrying: int) -> list[Cell]:
    """The cells from the counts (both engines)."""
    return [
        count("open_cases", Unit.CASE, open_cases),
        count("open_cases_without_staffing", Unit.CASE, open_cases - open_staffed),
        count("carrying_caseload", Unit.PROSECUTOR, carrying),
        ratio("cases_per_prosecutor", Unit.CASE, open_staffed, carrying, scale=1),
    ]


def compute(summaries: Sequence[CaseSummary], capacity: Capacity, w: Window) -> list[Cell]:
    latest = latest_snapshots(capacity.staffing, w.as_of)
    open_cases = [s for s in summaries if open_on(s, w)]
    staffed = sum(1 for s in open_cases if s.office_id in latest)
    return caseload_cells(len(open_cases), staffed, sum(s.carrying_caseload for s in latest.values()))
