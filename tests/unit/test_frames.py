"""Records and data frames of metric results and case summaries: typed columns, dates as dates."""

from __future__ import annotations

import datetime as dt

import pytest

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.frames import summaries_to_frame, summaries_to_records, to_frame, to_records
from cpc_prosecution.metrics import compute
from cpc_prosecution.metrics.series import compute_series

SUMMARIES = [summarize(fold(build())) for build in EXAMPLES.values()]


def test_records_are_tidy_rows_with_dates_as_dates() -> None:
    """One dict per cell; the total's group is ALL; dates are datetime.date; kinds from the registry."""
    result = compute("time_to_disposition", SUMMARIES, period="2021", as_of=dt.date(2024, 1, 1))
    records = result.to_records()
    assert len(records) == len(result.cells)
    first = records[0]
    assert (first["metric"], first["period"], first["group"]) == ("time_to_disposition", "2021", "ALL")
    assert first["period_start"] == dt.date(2021, 1, 1)
    assert first["as_of"] == dt.date(2024, 1, 1)
    assert {r["measure"]: r["kind"] for r in records}["km_median_days"] == "days"
    assert to_records(result) == records


def test_summary_records_carry_enum_codes_and_dates() -> None:
    """Enums are their codes (plain str), dates stay dates."""
    record = summaries_to_records(SUMMARIES[:1])[0]
    assert type(record["case_type"]) is str
    assert isinstance(record["detected_on"], dt.date)


def test_frames_have_typed_columns() -> None:
    """Metric frame: strings, nullable Int64 counts, Float64 values, datetime64 dates; a summary frame:
    booleans, Int64, strings and datetime64 per the CaseSummary field types, NA where a date is absent."""
    pd = pytest.importorskip("pandas")
    series = compute_series("clearance_rate", SUMMARIES, "2019", "2021")
    frame = series.to_frame()
    assert list(frame["period"].unique()) == ["2019", "2020", "2021"]
    assert str(frame["numerator"].dtype) == "Int64"
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["group"].dtype) == "string"
    assert pd.api.types.is_datetime64_any_dtype(frame["period_start"])
    assert frame.equals(to_frame(series))
    cases = summaries_to_frame(SUMMARIES)
    assert len(cases) == len(SUMMARIES)
    assert str(cases["disposed"].dtype) == "boolean"
    assert str(cases["accused_convicted"].dtype) == "Int64"
    assert str(cases["case_type"].dtype) == "string"
    assert pd.api.types.is_datetime64_any_dtype(cases["detected_on"])
    assert cases["first_plea_bargain_on"].isna().any()
