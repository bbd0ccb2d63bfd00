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
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_in_court
from cpc_prosecution.metrics.registry_sources import (
    BY_OFFICE,
    CAPACITY_SCOPE,
    COMPACT,
    JUSTICE_COUNTS_STAFF,
    THRESHOLD_PERCENT,
    TRAINED_CAPACITY_THRESHOLD,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.staffing import THRESHOLD_STATUSES, latest_snapshots, threshold_status

#: The timeliness standard (days from filing to disposition), the first tier of `time_to_disposition`.
WITHIN_DAYS: Final = 365


#: Per status, what is counted of its cases (each a tuple over `THRESHOLD_STATUSES`).
PARTS: Final = ("disposed", "convicted", "dismissed", "timed", "within")


class TrainedCapacityTally(Tally, frozen=True, kw_only=True):
    """Per-status tuples in `THRESHOLD_STATUSES` order."""

    disposed: tuple[int, ...]
    convicted: tuple[int, ...]
    dismissed: tuple[int, ...]
    timed: tuple[int, ...]
    """Cases whose disposition is not dated before their filing."""
    within: tuple[int, ...]
    """Of those, disposed within `WITHIN_DAYS` of filing."""


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> TrainedCapacityTally:
    latest = latest_snapshots(inputs.capacity.staffing, w.as_of)
    by_status: dict[str, list[CaseSummary]] = {status: [] for status in THRESHOLD_STATUSES}
    for s in summaries:
        if disposed_in_court(s, w):
            snapshot = latest.get(s.office_id) if s.office_id is not None else None
            by_status[threshold_status(snapshot)].append(s)
    spans = {
        status: [d for s in cases if s.disposed_on and s.filed_on and (d := (s.disposed_on - s.filed_on).days) >= 0]
        for status, cases in by_status.items()
    }
    return TrainedCapacityTally(
        disposed=tuple(len(cases) for cases in by_status.values()),
        convicted=tuple(sum(1 for s in c if s.case_outcome is CaseOutcome.CONVICTED) for c in by_status.values()),
        dismissed=tuple(sum(1 for s in c if s.case_outcome is CaseOutcome.DISMISSED) for c in by_status.values()),
        timed=tuple(len(spans[status]) for status in THRESHOLD_STATUSES),
        within=tuple(sum(1 for d in spans[status] if d <= WITHIN_DAYS) for status in THRESHOLD_STATUSES),
    )


def cells(t: TrainedCapacityTally) -> list[Cell]:
    out: list[Cell] = []
    for i, status in enumerate(THRESHOLD_STATUSES):
        disposed = t.disposed[i]
        out += [
            count("cases_disposed", Unit.CASE, disposed, status),
            ratio("conviction_rate", Unit.CASE, t.convicted[i], disposed, status),
            ratio("dismissal_rate", Unit.CASE, t.dismissed[i], disposed, status),
            ratio(f"disposed_within_{WITHIN_DAYS}_days", Unit.CASE, t.within[i], t.timed[i], status),
        ]
    return out


DEFINITION: Final = MetricDefinition(
    id="outcomes_by_trained_capacity",
    title="Outcomes and timeliness by trained capacity of the handling office",
    definition=(
        "Cases disposed in the period, split by whether their handling office met the trained-capacity "
        f"threshold ({THRESHOLD_PERCENT} % of filled posts trained in trafficking law) on the as-of date: "
        "conviction and "
        f"dismissal rates and the share disposed within {WITHIN_DAYS} days of filing."
    ),
    formula=(
        "per status X: conviction_rate[X] = #(convicted) / #(disposed) x 100; "
        f"disposed_within_{WITHIN_DAYS}_days[X] = #(0 <= disposed_on - filed_on <= {WITHIN_DAYS}) / "
        "#(disposed_on >= filed_on) x 100"
    ),
    units=(Unit.CASE,),
    timing=Timing.EITHER,
    population="cases filed in court and disposed in the window",
    includes=(
        TRAINED_CAPACITY_THRESHOLD,
        "status of the handling office (office_id) on the as-of date: MET, NOT_MET, or NO_SNAPSHOT when it "
        "had reported no staffing by then or the case names no office",
        CAPACITY_SCOPE,
    ),
    excludes=(
        "cases never filed in court",
        f"cases whose disposition is dated before their filing, from disposed_within_{WITHIN_DAYS}_days only",
    ),
    measures=(
        _m("cases_disposed", Unit.CASE, "count", "cases disposed in the window", THRESHOLD_STATUSES),
        _m("conviction_rate", Unit.CASE, "percent", "convicted / disposed", THRESHOLD_STATUSES),
        _m("dismissal_rate", Unit.CASE, "percent", "dismissed / disposed", THRESHOLD_STATUSES),
        _m(
            f"disposed_within_{WITHIN_DAYS}_days",
            Unit.CASE,
            "percent",
            f"disposed within {WITHIN_DAYS} days of filing / disposed (dates in order)",
            THRESHOLD_STATUSES,
        ),
    ),
    sources=(COMPACT, JUSTICE_COUNTS_STAFF),
    dimensions=BY_OFFICE,
    fields=("office_id", "filed_on", "disposed", "disposed_on", "case_outcome"),
    approximations=(
        "The office's status is taken on the as-of date, not on each case's disposition date, so a "
        "period's split reads the staffing at its end.",
        "An association, not an effect: offices that met the threshold may differ in other ways.",
    ),
)

METRIC: Final = Metric(
    definition=DEFINITION,
    tally_type=TrainedCapacityTally,
    tally=tally,
    cells=cells,
    order=200,
    reads_capacity=True,
)
