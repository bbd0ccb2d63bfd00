"""Metric results and case summaries as records and pandas data frames (pandas: the `pandas` extra).

`pd.DataFrame(result.cells)` gives one column of objects; these give one typed column per field:
text as pandas strings, counts as nullable integers, values as nullable floats, flags as nullable
booleans, dates as datetime64 (day precision values), enums as their codes. Metric results come out
tidy: one row per metric x period x group x measure x category (`metrics.series.tidy_rows`).
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import types
import typing
from collections.abc import Iterable, Sequence
from typing import Any, Union

import msgspec

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.results import MetricResult
from cpc_prosecution.metrics.series import MetricSeries, TidyRow, tidy_rows

__all__ = ("Framed", "summaries_to_frame", "summaries_to_records", "to_frame", "to_records")

Framed = MetricResult | MetricSeries | Sequence[MetricResult]
"""What `to_records` / `to_frame` accept."""


def _results(obj: Framed) -> list[MetricResult]:
    if isinstance(obj, MetricResult):
        return [obj]
    if isinstance(obj, MetricSeries):
        return list(obj.results)
    return list(obj)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _records(structs: Iterable[msgspec.Struct], fields: Sequence[str]) -> list[dict[str, Any]]:
    return [{f: _plain(getattr(s, f)) for f in fields} for s in structs]


def to_records(obj: Framed) -> list[dict[str, Any]]:
    """Tidy rows as plain dicts (dates stay `datetime.date`)."""
    return _records(tidy_rows(_results(obj)), TidyRow.__struct_fields__)


def summaries_to_records(summaries: Iterable[CaseSummary]) -> list[dict[str, Any]]:
    """One dict per case summary; enums as their codes, dates as `datetime.date`."""
    return _records(summaries, CaseSummary.__struct_fields__)


def _dtype(annotation: Any) -> str | None:
    """The pandas dtype of a Struct field's annotation (None: leave to pandas)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType) and len(args) == 1:
        annotation = args[0]
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "Int64"
    if annotation is float:
        return "Float64"
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, enum.Enum)):
        return "string"
    if annotation is dt.date:
        return "datetime64[ns]"
    return None


def _frame(records: list[dict[str, Any]], kind: type[msgspec.Struct]) -> Any:
    # Imported by name: pandas is optional, and mypy must pass without it (it ships no stubs either).
    try:
        pd = importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ImportError("data frames need pandas: pip install 'cpc-prosecution[pandas]'") from exc
    hints = typing.get_type_hints(kind, include_extras=True)
    frame = pd.DataFrame.from_records(records, columns=list(kind.__struct_fields__))
    for name in kind.__struct_fields__:
        dtype = _dtype(hints[name])
        if dtype == "datetime64[ns]":
            frame[name] = pd.to_datetime(frame[name])
        elif dtype is not None:
            frame[name] = frame[name].astype(dtype)
    return frame


def to_frame(obj: Framed) -> Any:
    """A data frame of tidy rows: metric, period, period_start, period_end, as_of, by, group, category,
    measure, kind, unit, value, numerator, denominator."""
    return _frame(to_records(obj), TidyRow)


def summaries_to_frame(summaries: Iterable[CaseSummary]) -> Any:
    """A data frame with one row per case and one typed column per `CaseSummary` field."""
    return _frame(summaries_to_records(summaries), CaseSummary)
