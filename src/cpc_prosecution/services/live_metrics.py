"""Live metrics for analysts: the registry, and one metric computed now over the cases in scope.

Every registered metric is one SQL query over `case_summary` (the capacity metrics also read
`office_staffing` and `training_event`, for the key's offices); a metric registered without SQL would
run the pure engine over the scoped case rows (without capacity records). Both follow the same
registry definition (the SQL engine is held equal to the pure one by
tests/integration/test_metrics_sql_equivalence.py and test_capacity_metrics_sql.py), so the caller
cannot tell which ran. These are live aggregates for analysts, not publications: small counts are NOT
suppressed here — publishing goes through disclosure-controlled releases.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cpc_prosecution.metrics import (
    METRICS,
    METRICS_BY_ID,
    Dimension,
    MetricDefinition,
    MetricResult,
    Unit,
    compute,
    parse_period,
)
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import InvalidInput, NotFound
from cpc_prosecution.store.case_summaries import read_summaries_in_scope
from cpc_prosecution.store.metric_queries import SQL_METRICS, compute_sql

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("LIVE_METRIC_ROLES", "live_metric", "metric_definitions", "units_of_count")

LIVE_METRIC_ROLES = (Role.ANALYST,)


def metric_definitions() -> list[MetricDefinition]:
    """Every registered metric: definition, formula, unit of count, inclusions, sources, dimensions."""
    return list(METRICS)


def units_of_count(metric_id: str) -> tuple[str, ...] | None:
    """The units of count `metric_id` can be computed in (the first is the default); None for an unknown id."""
    spec = METRICS_BY_ID.get(metric_id)
    return None if spec is None else tuple(u.value for u in spec.units_of_count or (Unit.CASE,))


async def live_metric(
    conn: Connection,
    metric_id: str,
    *,
    principal: Principal,
    period: str | None = None,
    as_of: dt.date | None = None,
    by: str | None = None,
    unit: str | None = None,
) -> MetricResult:
    """One metric over the cases the analyst may read (its offices; cases before its regions' courts).
    `unit`: the unit of count, for a metric that offers one (its `units_of_count`)."""
    require_role(principal, *LIVE_METRIC_ROLES)
    try:
        spec = definition(metric_id)
    except KeyError:
        raise NotFound(f"no metric {metric_id!r} (see /v1/metrics)") from None
    allowed = units_of_count(spec.id) or ()
    if unit is not None and unit not in allowed:
        raise InvalidInput("unit", f"{unit!r} is not a unit of count of {metric_id}: one of {', '.join(allowed)}")
    try:
        parsed = None if period is None else parse_period(period)
    except ValueError as exc:
        raise InvalidInput("period", str(exc)) from None
    try:
        dimension = None if by is None else Dimension(by)
    except ValueError:
        raise InvalidInput("by", f"{by!r} is not a dimension ({', '.join(d.value for d in Dimension)})") from None
    if parsed is None and as_of is None:
        raise InvalidInput("period", "give a period, an as_of date, or both")
    offices, regions = sorted(principal.offices), sorted(principal.regions)
    try:
        if metric_id in SQL_METRICS:
            return await compute_sql(
                conn, metric_id, period=parsed, as_of=as_of, by=dimension, scope=(offices, regions), unit=unit
            )
        summaries = await read_summaries_in_scope(conn, offices, regions)
        return compute(metric_id, summaries, period=parsed, as_of=as_of, by=dimension, unit=unit)
    except ValueError as exc:  # a period metric without a period, a dimension the metric lacks
        raise InvalidInput(
            "by" if dimension is not None and "broken down" in str(exc) else "period", str(exc)
        ) from None
