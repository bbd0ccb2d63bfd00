"""A live metric over a run of periods (analysts, within scope): one `live_metric` per period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from cpc_prosecution.metrics.periods import Period
from cpc_prosecution.metrics.results import MetricResult
from cpc_prosecution.metrics.series import MetricSeries, periods_between, series_of
from cpc_prosecution.services.access import Principal, require_role
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.live_metrics import LIVE_METRIC_ROLES, live_metric

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("live_series",)


async def live_series(
    conn: Connection,
    metric_id: str,
    *,
    principal: Principal,
    first: str,
    last: str,
    as_of: dt.date | None = None,
    by: str | None = None,
    unit: str | None = None,
) -> MetricSeries:
    """`metric_id` for each period from `first` to `last`, over the analyst's scope."""
    require_role(principal, *LIVE_METRIC_ROLES)
    try:
        periods = periods_between(first, last)
    except ValueError as exc:
        raise InvalidInput("to" if "to " in str(exc) else "from", str(exc)) from None
    computed: dict[str, MetricResult] = {}
    for period in periods:
        if as_of is None or period.start <= as_of:
            computed[period.code] = await live_metric(
                conn, metric_id, principal=principal, period=period.code, as_of=as_of, by=by, unit=unit
            )

    def one(period: Period, _as_of: dt.date | None) -> MetricResult:
        return computed[period.code]

    return series_of(metric_id, first, last, one, as_of)
