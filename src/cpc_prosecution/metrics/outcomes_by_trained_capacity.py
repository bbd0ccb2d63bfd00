"""Outcomes and timeliness split by whether the handling office met the trained-capacity threshold.

Population: cases filed in court and disposed in the window (as `conviction_rate`). Each case takes the
status of its handling office (`office_id`) on the as-of date: MET, NOT_MET (see `staffing`), or
NO_SNAPSHOT when the office had reported no staffing by then (or the case names no office). Per status:
cases disposed, conviction and dismissal rates, and the share disposed within 365 days of filing (over
cases whose disposition is not dated before their filing).
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import THRESHOLD_STATUSES, Capacity, latest_snapshots, threshold_status

#: The timeliness standard (days from filing to disposition), the first tier of `time_to_disposition`.
WITHIN_DAYS: Final = 365


def status_cells(status: str, disposed: int, convicted: int, dismissed: int, timed: int, within: int) -> list[Cell]:
    """One status's cells from its counts (both engines)."""
    return [
        count("cases_disposed", Unit.CASE, disposed, status),
        ratio("conviction_rate", Unit.CASE, convicted, disposed, status),
        ratio("dismissal_rate", Unit.CASE, dismissed, disposed, status),
        ratio(f"disposed_within_{WITHIN_DAYS}_days", Unit.CASE, within, timed, status),
    ]


def compute(summaries: Sequence[CaseSummary], capacity: Capacity, w: Window) -> list[Cell]:
    latest = latest_snapshots(capacity.staffing, w.as_of)
    by_status: dict[str, list[CaseSummary]] = {status: [] for status in THRESHOLD_STATUSES}
    for s in summaries:
        if s.filed_on is not None and s.disposed and w.contains(s.disposed_on):
            snapshot = latest.get(s.office_id) if s.office_id is not None else None
            by_status[threshold_status(snapshot)].append(s)
    cells: list[Cell] = []
    for status, cases in by_status.items():
        spans = [(s.disposed_on - s.filed_on).days for s in cases if s.disposed_on and s.filed_on]
        timed = [d for d in spans if d >= 0]
        cells += status_cells(
            status,
            len(cases),
            sum(1 for s in cases if s.case_outcome is CaseOutcome.CONVICTED),
            sum(1 for s in cases if s.case_outcome is CaseOutcome.DISMISSED),
            len(timed),
            sum(1 for d in timed if d <= WITHIN_DAYS),
        )
    return cells
