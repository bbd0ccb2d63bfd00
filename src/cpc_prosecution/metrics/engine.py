"""The pure-Python engine: one metric over `CaseSummary` records, for a window, optionally by a dimension."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import msgspec

from cpc_prosecution.domain.clocks import ClockOutcome
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.catalogue import ALL_METRICS, METRIC_BY_ID
from cpc_prosecution.metrics.definitions import Timing
from cpc_prosecution.metrics.dimensions import Dimension, Places, group_of
from cpc_prosecution.metrics.metric import Inputs, Metric
from cpc_prosecution.metrics.periods import Period, Window, window
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.metrics.results import Cell, MetricResult, Unit
from cpc_prosecution.metrics.staffing import Capacity

Clocks = Mapping[str, Sequence[ClockOutcome]]
"""Legal clocks by case id (the `case_clock` projection), for the metrics that read them."""

#: The Python implementation of each registry id (the metric: its tally and cells).
IMPLEMENTATIONS: Final[dict[str, Metric[Any]]] = dict(METRIC_BY_ID)


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
    unit: Unit | str | None = None,
) -> MetricResult:
    """Compute one metric. Give a period (`2025Q4`, `FY2020`, a `Period`), an as-of date, or both.

    The total over all cases comes first (group None), then one block per breakdown group in sorted
    order. A PERIOD metric needs a period; a dimension the metric does not support is a ValueError.
    `clocks` (by case id) feeds the metrics that read them (legal_clock_compliance); without it they count none.
    The capacity metrics also read `capacity` (staffing snapshots, trainings; none if omitted).
    A place dimension (admin_region, province, city_municipality) reads `places`, the PSGC
    masterlist's roll-ups (`PsgcList.rollups()`). `unit`: the unit of count, for a metric with
    `units_of_count` (clearance_rate, time_to_disposition: CASE, the default, or ACCUSED); another is a
    ValueError naming the allowed ones.
    """
    spec = definition(metric_id)
    w = window(period, as_of)
    if spec.timing is Timing.PERIOD and w.period is None:
        raise ValueError(f"{metric_id} needs a period")
    dimension = Dimension(by) if by is not None else None
    if dimension is not None and dimension not in spec.dimensions:
        raise ValueError(f"{metric_id} cannot be broken down by {dimension.value}")
    rows = list(summaries)
    metric = IMPLEMENTATIONS[metric_id]
    inputs = Inputs(clocks=clocks or {}, capacity=capacity or Capacity(), unit=metric.check_unit(unit))
    cells = _grouped(metric.compute(rows, w, inputs), None)
    if dimension is not None:
        groups: dict[str, list[CaseSummary]] = {}
        for s in rows:
            groups.setdefault(group_of(s, dimension, places), []).append(s)
        if metric.reads_capacity:
            # Every office named by a case, a staffing snapshot or a training; each reads its own records.
            for office in sorted(groups.keys() | inputs.capacity.offices()):
                scoped = msgspec.structs.replace(inputs, capacity=inputs.capacity.of_office(office))
                cells += _grouped(metric.compute(groups.get(office, []), w, scoped), office)
        else:
            for key in sorted(groups):
                cells += _grouped(metric.compute(groups[key], w, inputs), key)
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
    for metric in ALL_METRICS:
        metric_id = metric.id
        if definition(metric_id).timing is Timing.PERIOD and w.period is None:
            continue
        out[metric_id] = compute(metric_id, rows, period=w.period, as_of=w.as_of, clocks=clocks)
    return out
