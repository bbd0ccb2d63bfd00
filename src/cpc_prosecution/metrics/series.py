"""A metric over a run of periods (a trend in one call), and metric results as tidy rows.

`compute_series("clearance_rate", summaries, "2019Q1", "2025Q4")` computes the metric once per
quarter; `tidy_rows` flattens results into one row per metric x period x group x measure x category,
with the measure's unit and kind (count, percent, days, ratio) - the shape CSV readers, pandas,
Grafana and Power BI want. The overall row's group is `ALL`, never blank.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import msgspec

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.engine import compute
from cpc_prosecution.metrics.periods import (
    Period,
    PeriodKind,
    calendar_year,
    fiscal_year,
    month,
    parse_period,
    quarter,
)
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.metrics.results import MetricResult

__all__ = (
    "ALL_GROUPS",
    "MAX_PERIODS",
    "MetricSeries",
    "TidyRow",
    "compute_series",
    "periods_between",
    "tidy_rows",
)

#: The group label of the total over all cases in tidy rows.
ALL_GROUPS: Final = "ALL"
#: Longest series one call computes (ten years of months).
MAX_PERIODS: Final = 120


class MetricSeries(msgspec.Struct, frozen=True, kw_only=True):
    """One metric for each period from `first` to `last` (same kind of period), in order."""

    metric_id: str
    first: str
    last: str
    results: tuple[MetricResult, ...]

    def to_records(self) -> list[dict[str, Any]]:
        """Tidy rows of every period as dicts (`cpc_prosecution.frames`)."""
        from cpc_prosecution.metrics.frames import to_records

        return to_records(self)

    def to_frame(self) -> Any:
        """A pandas data frame of tidy rows with typed columns (the `pandas` extra)."""
        from cpc_prosecution.metrics.frames import to_frame

        return to_frame(self)


class TidyRow(msgspec.Struct, frozen=True, kw_only=True):
    """One number with everything needed to read it alone."""

    metric: str
    period: str | None
    period_start: dt.date | None
    period_end: dt.date
    as_of: dt.date
    by: str | None
    group: str
    category: str | None
    measure: str
    kind: str
    """count, percent, days or ratio."""
    unit: str
    """What one is: CASE, ACCUSED, CHILD, ..."""
    value: float | None
    numerator: int | None
    denominator: int | None


def _next(period: Period) -> Period:
    day = period.end + dt.timedelta(days=1)
    if period.kind is PeriodKind.MONTH:
        return month(day.year, day.month)
    if period.kind is PeriodKind.QUARTER:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if period.kind is PeriodKind.YEAR:
        return calendar_year(day.year)
    return fiscal_year(day.year + 1)


def periods_between(first: str, last: str) -> list[Period]:
    """Every period from `first` to `last` inclusive; both of one kind (2019Q1..2025Q4, 2019..2025,
    FY2019..FY2025, 2024-01..2024-12). ValueError otherwise, or beyond MAX_PERIODS."""
    start, end = parse_period(first), parse_period(last)
    if start.kind is not end.kind:
        raise ValueError(f"from {first} and to {last} must be the same kind of period")
    if end.start < start.start:
        raise ValueError(f"to {last} is before from {first}")
    out = [start]
    while out[-1].code != end.code:
        if len(out) >= MAX_PERIODS:
            raise ValueError(f"at most {MAX_PERIODS} periods in one series")
        out.append(_next(out[-1]))
    return out


def series_of(
    metric_id: str,
    first: str,
    last: str,
    one: Callable[[Period, dt.date | None], MetricResult],
    as_of: dt.date | None = None,
) -> MetricSeries:
    """Run `one(period, as_of)` over the periods that start by `as_of`, for any engine.

    The as-of date is the same for every period, as in one call per period: flows stop at it, stocks
    and Kaplan-Meier follow-up are taken on it. Without it each period is taken as of its own end
    (a trend of stocks, such as the pending caseload at each quarter's end)."""
    results = [one(period, as_of) for period in periods_between(first, last) if as_of is None or period.start <= as_of]
    return MetricSeries(metric_id=metric_id, first=first, last=last, results=tuple(results))


def compute_series(
    metric_id: str,
    summaries: Iterable[CaseSummary],
    first: str,
    last: str,
    *,
    as_of: dt.date | None = None,
    by: str | None = None,
    unit: str | None = None,
) -> MetricSeries:
    """`compute` for each period from `first` to `last`, all as of `as_of` (each as of its own end
    without it; periods starting after `as_of` are left out). See `series_of`."""
    rows: Sequence[CaseSummary] = list(summaries)
    return series_of(
        metric_id, first, last, lambda p, a: compute(metric_id, rows, period=p, as_of=a, by=by, unit=unit), as_of
    )


def tidy_rows(results: Iterable[MetricResult]) -> list[TidyRow]:
    """One row per cell; `kind` comes from the registry's measure definition."""
    out: list[TidyRow] = []
    for result in results:
        kinds = {m.name: m.kind for m in definition(result.metric_id).measures}
        by = None if result.by is None else result.by.value
        out.extend(
            TidyRow(
                metric=result.metric_id,
                period=result.period,
                period_start=result.start,
                period_end=result.end,
                as_of=result.as_of,
                by=by,
                group=ALL_GROUPS if cell.group is None else cell.group,
                category=cell.category,
                measure=cell.measure,
                kind=kinds.get(cell.measure, "count"),
                unit=cell.unit.value,
                value=cell.value,
                numerator=cell.numerator,
                denominator=cell.denominator,
            )
            for cell in result.cells
        )
    return out
