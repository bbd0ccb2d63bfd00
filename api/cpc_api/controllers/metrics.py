"""Live metrics: the registry for everyone with a key, one metric now for analysts within scope."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath, JSONBody, QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import REPLICA_READS, Caller, Db
from cpc_api.metric_output import CSV_MEDIA_TYPE, LiveSeries, reject_repeated_query, tidy_csv
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.metrics import MetricDefinition, MetricResult
from cpc_prosecution.metrics.targets import Progress, Target, progress_of
from cpc_prosecution.services import audit, live_metrics, metric_series, targets
from cpc_prosecution.services.errors import InvalidInput

__all__ = ("LiveMetric", "MetricsController", "RegisteredMetric", "TargetsController")

Query = QueryParameter
_PERIOD_CODE = "2025-03, 2025Q4, 2025 or FY2020"


class RegisteredMetric(msgspec.Struct, frozen=True, kw_only=True):
    metric: MetricDefinition
    targets: list[Target]
    """Baselines and targets set for this metric (see /v1/targets)."""


class LiveMetric(msgspec.Struct, frozen=True, kw_only=True):
    result: MetricResult
    targets: list[Progress]
    """Each target of this metric and period, with its value and progress where the result holds its scope."""


class MetricsController(Controller):
    path = "/v1/metrics"
    tags = ["Metrics"]

    @get(
        "/",
        operation_id="ListMetrics",
        summary="The metric registry",
        responses={401: PROBLEM_RESPONSES[401]},
        opt=REPLICA_READS,
    )
    async def list_metrics(self, db: Db, principal: Caller) -> list[RegisteredMetric]:
        """Each metric's id, definition, formula, unit of count, inclusions and exclusions, sources and
        the dimensions it can be broken down by (docs/metrics.md is generated from the same data), with
        the baselines and targets set for it."""
        by_metric: dict[str, list[Target]] = {}
        for target in await targets.list_targets(db):
            by_metric.setdefault(target.metric_id, []).append(target)
        return [RegisteredMetric(metric=m, targets=by_metric.get(m.id, [])) for m in live_metrics.metric_definitions()]

    @get(
        "/{metric_id:str}",
        operation_id="GetMetric",
        summary="One metric, computed now over the cases in the key's scope (analysts)",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 404, 422)},
        opt=REPLICA_READS,
    )
    async def get_metric(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        metric_id: FromPath[str],
        period: Annotated[
            str | None, Query(max_length=10, description="2025-03, 2025Q4, 2025 or FY2020 (U.S. fiscal year)")
        ] = None,
        as_of: Annotated[dt.date | None, Query(description="date the stocks are measured on")] = None,
        by: Annotated[str | None, Query(max_length=32, description="a dimension of the metric")] = None,
        unit: Annotated[
            str | None, Query(max_length=16, description="unit of count, where the metric offers one: CASE or ACCUSED")
        ] = None,
        format: Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
        first: Annotated[
            str | None, Query(name="from", max_length=10, description=f"first period of a series ({_PERIOD_CODE})")
        ] = None,
        last: Annotated[str | None, Query(name="to", max_length=10, description="last period of a series")] = None,
    ) -> Response[Any]:
        """Live aggregates for analysts; small counts are not suppressed here (publication goes through
        disclosure-controlled releases). `from` and `to` (periods of one kind) give the series in one
        response. `format=csv` gives tidy rows: one per metric x period x group x measure x category,
        with the measure's kind (count, percent, days, ratio) and unit; the total's group is `ALL`."""
        reject_unknown_query(request, ("period", "as_of", "by", "unit", "format", "from", "to"))
        reject_repeated_query(request)
        allowed = live_metrics.units_of_count(metric_id)
        if unit is not None and allowed is not None and unit not in allowed:
            reason = f"{unit!r} is not a unit of count of {metric_id} (allowed: {', '.join(allowed)})"
            raise ValidationException(
                detail="unknown unit of count", extra=[{"key": "unit", "source": "query", "message": reason}]
            )
        if first is not None or last is not None:
            return await self._series(db, principal, metric_id, first, last, period, as_of, by, unit, format)

        async def read() -> tuple[MetricResult, list[Target]]:
            result = await live_metrics.live_metric(
                db, metric_id, principal=principal, period=period, as_of=as_of, by=by, unit=unit
            )
            if format == "csv" or result.period is None:  # no targets shown; none is set without a period
                await audit.record_read(db, principal, "GetMetric", None)
                return result, []
            # The read's audit entry and the targets of its period: one statement, one round trip.
            goals = await targets.period_targets_recording_read(
                db, metric_id, result.period, principal=principal, operation="GetMetric"
            )
            return result, goals

        result, goals = await audited(db, principal, "GetMetric", None, read(), records_own_entry=True)
        if format == "csv":
            return Response(tidy_csv([result]), media_type=CSV_MEDIA_TYPE)
        return Response(LiveMetric(result=result, targets=[progress_of(t, result) for t in goals]))

    async def _series(
        self,
        db: Db,
        principal: Caller,
        metric_id: str,
        first: str | None,
        last: str | None,
        period: str | None,
        as_of: dt.date | None,
        by: str | None,
        unit: str | None,
        format: str,
    ) -> Response[Any]:
        if first is None or last is None or period is not None:
            raise InvalidInput("to" if last is None else "from", "a series needs both from and to, and no period")
        series = await audited(
            db,
            principal,
            "GetMetric",
            None,
            metric_series.live_series(
                db, metric_id, principal=principal, first=first, last=last, as_of=as_of, by=by, unit=unit
            ),
        )
        if format == "csv":
            return Response(tidy_csv(series.results), media_type=CSV_MEDIA_TYPE)
        return Response(LiveSeries(series=series, targets=await targets.list_targets(db, metric_id)))


class TargetsController(Controller):
    path = "/v1/targets"
    tags = ["Metrics"]

    @post(
        "/",
        operation_id="SetMetricTarget",
        summary="Set a baseline and target (admins)",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 422)},
    )
    async def set_target(self, db: Db, principal: Caller, data: JSONBody[Target]) -> Target:
        """For a metric's measure (and category), a scope (all, or one judicial region, office or court)
        and a period, e.g. convictions before region VII courts by the end of FY2020. Setting it again
        replaces it."""
        return await audited(
            db,
            principal,
            "SetMetricTarget",
            None,
            targets.set_target(db, data, principal=principal),
            writes_own_entry=True,
        )

    @get(
        "/",
        operation_id="ListMetricTargets",
        summary="Baselines and targets",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401)},
        opt=REPLICA_READS,
    )
    async def list_targets(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        metric: Annotated[str | None, Query(max_length=64, pattern="^[a-z_]+$")] = None,
    ) -> list[Target]:
        reject_unknown_query(request, ("metric",))
        return await targets.list_targets(db, metric)
