"""The SQL engine: metrics computed by one aggregate query over `case_summary`.

`compute_sql(conn, metric_id, period=, as_of=, by=)` returns the same `MetricResult` as the pure
engine's `compute(metric_id, summaries, ...)` over the table's rows (tests/integration/
test_metrics_sql_equivalence.py holds them equal). The SQL engine fills each metric's *tally* (the
Struct its pure module declares, `metrics.metric.Metric`) with one query, a column per tally field,
written in the module of the same name under `metric_sql/`; the cells are then made by the metric's
one `cells(tally)`, the function the pure engine uses, so the cell list, rounding, units and
None-for-an-empty-denominator are written once. Shared predicates (disposed in court, the access
scope) live in `metric_sql/predicates.py`.

Shape of every query: `GROUP BY GROUPING SETS ((), (COALESCE(column, 'NOT_RECORDED')))` with
`FILTER` clauses instead of a `WHERE`, so the total comes first and every group present in the table
is listed, even one with no case in the window (as the pure engine lists every group of its input),
groups in code-point order (`COLLATE "C"`, as Python's `sorted`). The window is bound as $1 (period
start, NULL without a period), $2 (window end) and $3 (as-of date); the column comes from the
registry's dimension whitelist (`Dimension.column`).

Supported: every registered metric. Most are a module with `AGGREGATES` built by `build_query`
(legal_clock_compliance joins `case_clock` to the summaries); the Kaplan-Meier metrics (time_*,
`metric_sql/time_to_disposition.py`, `QUERIES`) and the capacity metrics (modules with `query`,
which also read `office_staffing` and `training_event`) write their own. An id without SQL raises
`MetricNotInSql`. Scoping (an analyst's offices or regions) is asked for with `scope`.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Final

import msgspec

from cpc_prosecution.metrics.catalogue import METRIC_BY_ID, MODULE_OF
from cpc_prosecution.metrics.definitions import Timing
from cpc_prosecution.metrics.dimensions import Dimension
from cpc_prosecution.metrics.periods import Period, window
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.metrics.results import MetricResult, Unit
from cpc_prosecution.store.metric_sql._sql import SqlMetric, build_query
from cpc_prosecution.store.metric_sql.time_to_disposition import IntervalSql

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("SQL_METRICS", "MetricNotInSql", "compute_sql", "metric_query")


def _tally_queries() -> dict[str, ModuleType | SqlMetric]:
    """The tally query of each metric: the module of the metric's module name under `metric_sql/`
    (its `QUERIES[id]` when it serves several ids). A metric without one is simply absent."""
    found: dict[str, ModuleType | SqlMetric] = {}
    for metric_id, name in MODULE_OF.items():
        try:
            module = importlib.import_module(f"cpc_prosecution.store.metric_sql.{name}")
        except ModuleNotFoundError:
            continue
        queries = getattr(module, "QUERIES", None)
        if queries is None:
            found[metric_id] = module
        elif metric_id in queries:
            found[metric_id] = queries[metric_id]
    return found


#: The SQL tally query of each supported registry id.
SQL_METRICS: Final[dict[str, ModuleType | SqlMetric]] = _tally_queries()


class MetricNotInSql(NotImplementedError):
    """A registered metric that the SQL engine does not compute (use the pure engine)."""

    def __init__(self, metric_id: str) -> None:
        super().__init__(
            f"metric {metric_id!r} is not implemented in the SQL engine (supported: {', '.join(SQL_METRICS)})"
        )
        self.metric_id = metric_id


@functools.cache
def metric_query(metric_id: str, by: Dimension | None = None, *, scoped: bool = False, unit: Unit = Unit.CASE) -> str:
    """The SQL text of one metric (parameters: period start or NULL, window end, as-of date; when
    scoped, also the offices and the judicial regions whose cases may be counted). Built once per
    metric, dimension, scoping and unit of count (it depends on nothing else): building the widest ones
    (stage_funnel, legal_clock_compliance) took about 0.4 ms, paid on every request before."""
    module = SQL_METRICS.get(metric_id)
    if module is None:
        definition(metric_id)  # an unknown id is the registry's error
        raise MetricNotInSql(metric_id)
    key = by.column if by is not None else None
    if isinstance(module, IntervalSql):
        return module.query(key, scoped=scoped, unit=unit)
    if not isinstance(module, ModuleType) or hasattr(module, "query"):
        return str(module.query(key, scoped=scoped))
    derived, aggregates = module.DERIVED, module.AGGREGATES
    if unit is not Unit.CASE:
        derived, aggregates = module.BY_UNIT[unit]
    population = getattr(module, "POPULATION", None)
    join: str = getattr(module, "JOIN", "")
    return build_query(aggregates, key, derived, scoped=scoped, population=population, join=join)


async def compute_sql(
    conn: Connection,
    metric_id: str,
    *,
    period: Period | str | None = None,
    as_of: dt.date | None = None,
    by: Dimension | str | None = None,
    scope: tuple[Sequence[str], Sequence[str]] | None = None,
    unit: Unit | str | None = None,
) -> MetricResult:
    """One metric over the `case_summary` table; same arguments, checks and result as `metrics.compute`.

    `scope` = (offices, judicial regions): only cases owned by those offices or before the courts of
    those regions are counted (and only their groups listed)."""
    spec = definition(metric_id)
    if metric_id not in SQL_METRICS:
        raise MetricNotInSql(metric_id)
    w = window(period, as_of)
    if spec.timing is Timing.PERIOD and w.period is None:
        raise ValueError(f"{metric_id} needs a period")
    dimension = Dimension(by) if by is not None else None
    if dimension is not None and dimension not in spec.dimensions:
        raise ValueError(f"{metric_id} cannot be broken down by {dimension.value}")
    metric = METRIC_BY_ID[metric_id]
    query = metric_query(metric_id, dimension, scoped=scope is not None, unit=metric.check_unit(unit))
    arguments: list[object] = [w.start, w.end, w.as_of]
    if scope is not None:
        arguments += [list(scope[0]), list(scope[1])]
    rows = await conn.fetch(query, *arguments)
    cells = tuple(
        msgspec.structs.replace(cell, group=row["grp"]) for row in rows for cell in metric.cells(metric.from_row(row))
    )
    return MetricResult(
        metric_id=metric_id,
        period=w.period.code if w.period else None,
        start=w.start,
        end=w.end,
        as_of=w.as_of,
        by=dimension,
        cells=cells,
    )
