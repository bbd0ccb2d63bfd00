"""The pure-Python engine: one metric over `CaseSummary` records, for a window, optionally by a dimension."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Final

import msgspec

from cpc_prosecution.domain.clocks import ClockOutcome
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics import (
    age_of_pending_caseload,
    child_testimony,
    children_identified,
    clearance_rate,
    conviction_rate,
    convictions_without_child_testimony,
    data_quality,
    dismissals_by_reason,
    legal_clock_compliance,
    postponements_by_reason,
    sentence_bands,
    services_delivered,
    stage_attrition,
    stage_funnel,
    trial_date_certainty,
)
from cpc_prosecution.metrics.capacity_engine import CAPACITY_IMPLEMENTATIONS, compute_capacity
from cpc_prosecution.metrics.definitions import Timing
from cpc_prosecution.metrics.dimensions import Dimension, Places, group_of
from cpc_prosecution.metrics.periods import Period, Window, window
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.metrics.results import Cell, MetricResult
from cpc_prosecution.metrics.staffing import Capacity
from cpc_prosecution.metrics.time_to_disposition import INTERVALS, compute_interval

Compute = Callable[[Sequence[CaseSummary], Window], list[Cell]]
Clocks = Mapping[str, Sequence[ClockOutcome]]
"""Legal clocks by case id (the `case_clock` projection), for the metrics that read them."""

#: The Python implementation of each registry id.
IMPLEMENTATIONS: Final[dict[str, Compute]] = {
    "stage_funnel": stage_funnel.compute,
    "clearance_rate": clearance_rate.compute,
    **{metric_id: partial(compute_interval, interval) for metric_id, interval in INTERVALS.items()},
    "age_of_pending_caseload": age_of_pending_caseload.compute,
    "trial_date_certainty": trial_date_certainty.compute,
    "conviction_rate": conviction_rate.compute,
    "children_identified": children_identified.compute,
    "child_testimony": child_testimony.compute,
    "convictions_without_child_testimony": convictions_without_child_testimony.compute,
    "data_quality": data_quality.compute,
    "stage_attrition": stage_attrition.compute,
    "legal_clock_compliance": legal_clock_compliance.compute,  # type: ignore[dict-item]  # bound to clocks below
    "postponements_by_reason": postponements_by_reason.compute,
    "dismissals_by_reason": dismissals_by_reason.compute,
    "sentence_bands": sentence_bands.compute,
    "services_delivered": services_delivered.compute,
}
#: Metrics that read the legal clocks as well as the summaries.
READS_CLOCKS: Final = frozenset({"legal_clock_compliance"})


def _grouped(cells: Iterable[Cell], group: str | None) -> list[Cell]:
    return [msgspec.structs.replace(c, group=group) for c in cells]


def compute(
    metric_id: str,
    summaries: Iterable[CaseSummary],
    *,
    period: Period | str | None = None,
    as_of: dt.date | None = None,
    by: Dimension | str | None = None,
    clocks: Clocks | None = None,
    capacity: Capacity | None = None,
    places: Places | None = None,
) -> MetricResult:
    """Compute one metric. Give a period (`2025Q4`, `FY2020`, a `Period`), an as-of date, or both.

    The total over all cases comes first (group None), then one block per breakdown group in sorted
    order. A PERIOD metric needs a period; a dimension the metric does not support is a ValueError.
    `clocks` (by case id) feeds the metrics in READS_CLOCKS; without it they count no clocks.
    The capacity metrics also read `capacity` (staffing snapshots, trainings; none if omitted).
    A place dimension (admin_region, province, city_municipality) reads `places`, the PSGC
    masterlist's roll-ups (`PsgcList.rollups()`).
    """
    spec = definition(metric_id)
    w = window(period, as_of)
    if spec.timing is Timing.PERIOD and w.period is None:
        raise ValueError(f"{metric_id} needs a period")
    dimension = Dimension(by) if by is not None else None
    if dimension is not None and dimension not in spec.dimensions:
        raise ValueError(f"{metric_id} cannot be broken down by {dimension.value}")
    rows = list(summaries)
    cells: list[Cell] = []
    if metric_id in CAPACITY_IMPLEMENTATIONS:
        for group, block in compute_capacity(metric_id, rows, capacity or Capacity(), w, dimension):
            cells += _grouped(block, group)
        return _result(metric_id, w, dimension, cells)
    run = IMPLEMENTATIONS[metric_id]
    if metric_id in READS_CLOCKS:
        run = partial(legal_clock_compliance.compute, clocks=clocks or {})
    cells = _grouped(run(rows, w), None)
    if dimension is not None:
        groups: dict[str, list[CaseSummary]] = {}
        for s in rows:
            groups.setdefault(group_of(s, dimension, places), []).append(s)
        for key in sorted(groups):
            cells += _grouped(run(groups[key], w), key)
    return _result(metric_id, w, dimension, cells)


def _result(metric_id: str, w: Window, dimension: Dimension | None, cells: list[Cell]) -> MetricResult:
    return MetricResult(
        metric_id=metric_id,
        period=w.period.code if w.period else None,
        start=w.start,
        end=w.end,
        as_of=w.as_of,
        by=dimension,
        cells=tuple(cells),
    )


def compute_all(
    summaries: Iterable[CaseSummary],
    *,
    period: Period | str | None = None,
    as_of: dt.date | None = None,
    clocks: Clocks | None = None,
) -> dict[str, MetricResult]:
    """Every registered metric for the window (PERIOD metrics skipped without a period)."""
    rows = list(summaries)
    w = window(period, as_of)
    out: dict[str, MetricResult] = {}
    for metric_id in IMPLEMENTATIONS:
        if definition(metric_id).timing is Timing.PERIOD and w.period is None:
            continue
        out[metric_id] = compute(metric_id, rows, period=w.period, as_of=w.as_of, clocks=clocks)
    return out
