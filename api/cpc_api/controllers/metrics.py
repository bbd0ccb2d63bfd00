"""Live metrics: the registry for everyone with a key, one metric now for analysts within scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Any

from asyncpg.pool import PoolConnectionProxy
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from cpc_api.auditing import audited
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.metrics import MetricDefinition, MetricResult
from cpc_prosecution.services import live_metrics
from cpc_prosecution.services.access import Principal

__all__ = ("MetricsController",)

Db = NamedDependency[PoolConnectionProxy]
Caller = NamedDependency[Principal]
Query = QueryParameter
_CSV_COLUMNS = ("group", "category", "measure", "unit", "value", "numerator", "denominator")


def _csv(result: MetricResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for cell in result.cells:
        writer.writerow(["" if getattr(cell, c) is None else getattr(cell, c) for c in _CSV_COLUMNS])
    return out.getvalue()


class MetricsController(Controller):
    path = "/v1/metrics"
    tags = ["Metrics"]

    @get("/", operation_id="ListMetrics", summary="The metric registry", responses={401: PROBLEM_RESPONSES[401]})
    async def list_metrics(self, principal: Caller) -> list[MetricDefinition]:
        """Each metric's id, definition, formula, unit of count, inclusions and exclusions, sources and
        the dimensions it can be broken down by (docs/metrics.md is generated from the same data)."""
        return live_metrics.metric_definitions()

    @get(
        "/{metric_id:str}",
        operation_id="GetMetric",
        summary="One metric, computed now over the cases in the key's scope (analysts)",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 404, 422)},
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
        format: Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
    ) -> Response[Any]:
        """Live aggregates for analysts; small counts are not suppressed here (publication goes through
        disclosure-controlled releases). `format=csv` gives one row per cell."""

        async def read() -> MetricResult:
            reject_unknown_query(request, ("period", "as_of", "by", "format"))
            return await live_metrics.live_metric(db, metric_id, principal=principal, period=period, as_of=as_of, by=by)

        result = await audited(db, principal, "GetMetric", None, read())
        if format == "csv":
            return Response(_csv(result), media_type="text/csv; charset=utf-8")
        return Response(result)
