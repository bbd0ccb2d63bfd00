"""Prosecutors per office (Justice Counts' staffing metric): filled and vacant posts, posts carrying a
caseload, and prosecutors trained in trafficking law and in child-sensitive handling, from each office's
latest staffing snapshot on or before the as-of date."""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import Capacity, latest_snapshots, meets_trained_threshold


def staffing_cells(
    offices: int, filled: int, vacant: int, carrying: int, trafficking: int, child_sensitive: int, met: int
) -> list[Cell]:
    """The cells from the sums (both engines)."""
    return [
        count("offices_reporting", Unit.OFFICE, offices),
        count("positions", Unit.PROSECUTOR, filled + vacant),
        count("positions_filled", Unit.PROSECUTOR, filled),
        count("positions_vacant", Unit.PROSECUTOR, vacant),
        ratio("vacancy_rate", Unit.PROSECUTOR, vacant, filled + vacant),
        count("carrying_caseload", Unit.PROSECUTOR, carrying),
        ratio("trained_trafficking", Unit.PROSECUTOR, trafficking, filled),
        ratio("trained_child_sensitive", Unit.PROSECUTOR, child_sensitive, filled),
        ratio("offices_meeting_trained_threshold", Unit.OFFICE, met, offices),
    ]


def compute(summaries: Sequence[CaseSummary], capacity: Capacity, w: Window) -> list[Cell]:
    latest = list(latest_snapshots(capacity.staffing, w.as_of).values())
    return staffing_cells(
        len(latest),
        sum(s.positions_filled for s in latest),
        sum(s.positions_vacant for s in latest),
        sum(s.carrying_caseload for s in latest),
        sum(s.trained_trafficking for s in latest),
        sum(s.trained_child_sensitive for s in latest),
        sum(1 for s in latest if meets_trained_threshold(s)),
    )
