"""Open cases per prosecutor carrying a caseload (Justice Counts' caseload metric), on the as-of date.

Open: detected on or before the as-of date, not disposed by it and not inactive on it (archived or
provisionally dismissed), before or after filing. Each open case counts for its handling office
(`office_id`); the denominator is the `carrying_caseload` of each office's latest snapshot on or before
the as-of date. Open cases of offices without such a snapshot are reported apart and left out of the
ratio, so the ratio pools only offices that reported staffing.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import INACTIVE_FIELDS, disposed_by, inactive_on, known_on
from cpc_prosecution.metrics.registry_sources import (
    BY_OFFICE,
    CAPACITY_SCOPE,
    JUSTICE_COUNTS_STAFF,
    LATEST_SNAPSHOT,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import latest_snapshots


def open_on(summary: CaseSummary, w: Window) -> bool:
    day = w.as_of
    return known_on(summary, day) and not disposed_by(summary, day) and not inactive_on(summary, day)


class CaseloadTally(Tally, frozen=True, kw_only=True):
    open_cases: int
    staffed: int
    """Open cases of offices with a staffing snapshot."""
    carrying: int


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> CaseloadTally:
    latest = latest_snapshots(inputs.capacity.staffing, w.as_of)
    open_cases = [s for s in summaries if open_on(s, w)]
    return CaseloadTally(
        open_cases=len(open_cases),
        staffed=sum(1 for s in open_cases if s.office_id in latest),
        carrying=sum(s.carrying_caseload for s in latest.values()),
    )


def cells(t: CaseloadTally) -> list[Cell]:
    return [
        count("open_cases", Unit.CASE, t.open_cases),
        count("open_cases_without_staffing", Unit.CASE, t.open_cases - t.staffed),
        count("carrying_caseload", Unit.PROSECUTOR, t.carrying),
        ratio("cases_per_prosecutor", Unit.CASE, t.staffed, t.carrying, scale=1),
    ]


DEFINITION: Final = MetricDefinition(
    id="caseload_per_prosecutor",
    title="Open cases per prosecutor carrying a caseload",
    definition=(
        "Open cases of the offices that reported staffing, divided by their prosecutors carrying a "
        "caseload (" + LATEST_SNAPSHOT + ")."
    ),
    formula="cases_per_prosecutor = #(open cases of offices with a snapshot) / sum(carrying_caseload)",
    units=(Unit.CASE, Unit.PROSECUTOR),
    timing=Timing.AS_OF,
    population="cases detected on or before the as-of date and open on it; offices with a snapshot",
    includes=(
        "open: not disposed by the as-of date and not inactive on it, before or after filing",
        "each case counts for its handling office (office_id)",
        CAPACITY_SCOPE,
    ),
    excludes=(
        "inactive cases (archived, provisionally dismissed)",
        "open cases of offices without a snapshot from the ratio (counted as open_cases_without_staffing)",
    ),
    measures=(
        _m("open_cases", Unit.CASE, "count", "open cases on the as-of date"),
        _m("open_cases_without_staffing", Unit.CASE, "count", "of which handled by offices with no snapshot"),
        _m("carrying_caseload", Unit.PROSECUTOR, "count", "prosecutors carrying a caseload (latest snapshots)"),
        _m("cases_per_prosecutor", Unit.CASE, "ratio", "open cases of reporting offices / prosecutors"),
    ),
    sources=(JUSTICE_COUNTS_STAFF,),
    dimensions=BY_OFFICE,
    fields=(
        "office_id",
        "detected_on",
        "disposed",
        "disposed_on",
        "case_outcome",
        *INACTIVE_FIELDS,
    ),
    approximations=(
        "A case counts wholly for its handling office; shared handling is not split.",
        "Inactive on a day follows `reconstruction.inactive_on` (the case's dated inactive periods).",
    ),
)

METRIC: Final = Metric(
    definition=DEFINITION,
    tally_type=CaseloadTally,
    tally=tally,
    cells=cells,
    order=180,
    reads_capacity=True,
)
