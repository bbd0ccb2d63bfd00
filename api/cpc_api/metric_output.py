"""How metric results leave the API: tidy CSV, series bodies, and the strict query guard for them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, Final

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from cpc_prosecution.metrics import MetricResult
from cpc_prosecution.metrics.series import MetricSeries, TidyRow, tidy_rows
from cpc_prosecution.metrics.targets import Target

__all__ = ("CSV_COLUMNS", "CSV_MEDIA_TYPE", "LiveSeries", "reject_repeated_query", "tidy_csv")

#: Litestar adds "; charset=utf-8" to text types itself; naming it here would repeat it.
CSV_MEDIA_TYPE: Final = "text/csv"
CSV_COLUMNS: Final = tuple(TidyRow.__struct_fields__)


class LiveSeries(msgspec.Struct, frozen=True, kw_only=True):
    series: MetricSeries
    targets: list[Target]
    """Every baseline and target set for this metric (any period and scope), to draw beside the trend."""


def reject_repeated_query(request: Request[Any, Any, Any]) -> None:
    """`by=court&by=office` would silently keep one of them: a parameter given twice is a 400."""
    repeated = sorted({k for k, _ in request.query_params.multi_items() if len(request.query_params.getall(k)) > 1})
    if repeated:
        raise ValidationException(
            detail="repeated query parameter",
            extra=[{"key": name, "source": "query", "message": "given more than once"} for name in repeated],
        )


def tidy_csv(results: Iterable[MetricResult]) -> str:
    """One row per metric x period x group x measure x category, with its kind and unit."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in tidy_rows(results):
        writer.writerow(["" if (v := getattr(row, c)) is None else v for c in CSV_COLUMNS])
    return out.getvalue()
