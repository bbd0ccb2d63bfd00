"""Periods: codes, start and end dates, fiscal years, windows."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.metrics import PeriodKind, fiscal_year_of, parse_period, window

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2025-03", PeriodKind.MONTH, "2025-03-01", "2025-03-31"),
        ("2024-02", PeriodKind.MONTH, "2024-02-01", "2024-02-29"),  # leap year
        ("2025-12", PeriodKind.MONTH, "2025-12-01", "2025-12-31"),
        ("2025Q1", PeriodKind.QUARTER, "2025-01-01", "2025-03-31"),
        ("2025Q4", PeriodKind.QUARTER, "2025-10-01", "2025-12-31"),
        ("2025", PeriodKind.YEAR, "2025-01-01", "2025-12-31"),
        ("FY2020", PeriodKind.FISCAL_YEAR, "2019-10-01", "2020-09-30"),
    ],
)
def test_codes_parse_to_inclusive_ranges(code: str, kind: PeriodKind, start: str, end: str) -> None:
    """Months, quarters, calendar years; FY2020 runs 1 Oct 2019 to 30 Sep 2020 (U.S. federal)."""
    period = parse_period(code)
    assert (period.kind, period.code, period.start, period.end) == (kind, code, D(start), D(end))


@pytest.mark.parametrize("code", ["2025-13", "2025Q5", "fy2020", "25", "2025-3", "", "2025 Q1"])
def test_bad_codes_are_refused(code: str) -> None:
    """Anything but the four code shapes is a ValueError."""
    with pytest.raises(ValueError):
        parse_period(code)


def test_windows_clip_flows_at_the_as_of_date() -> None:
    """The as-of date defaults to the period's end; an earlier one cuts the flow window short."""
    assert window("FY2020").as_of == D("2020-09-30")
    w = window("FY2020", D("2020-03-31"))
    assert (w.start, w.end) == (D("2019-10-01"), D("2020-03-31"))
    assert [w.contains(d) for d in (D("2019-10-01"), D("2020-03-31"), D("2020-04-01"), None)] == [
        True,
        True,
        False,
        False,
    ]
    unbounded = window(as_of=D("2020-01-01"))
    assert unbounded.start is None
    assert unbounded.contains(D("1990-01-01"))
    with pytest.raises(ValueError):
        window()


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_is_in_exactly_its_fiscal_year(day: dt.date) -> None:
    """The fiscal year of a day contains it, and its code round-trips."""
    fy = fiscal_year_of(day)
    assert fy.contains(day)
    assert parse_period(fy.code) == fy
    assert fy.days in (365, 366)
