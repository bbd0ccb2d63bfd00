"""Counting periods: Rule 22 §1 days, calendar days, 30-day months, calendar years."""

import datetime as dt

import pytest

from cpc_prosecution.domain import ClockUnit, due_date
from cpc_prosecution.domain.clocks import add_calendar_years, is_working_day, next_working_day


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("start", "limit", "unit", "due"),
    [
        ("2024-03-01", 15, ClockUnit.DAYS, "2024-03-18"),  # 16 Mar is a Saturday -> Monday
        ("2024-03-04", 10, ClockUnit.DAYS, "2024-03-14"),  # Thursday, no shift
        ("2024-03-01", 15, ClockUnit.CALENDAR_DAYS, "2024-03-16"),  # Saturday stays
        ("2024-01-15", 6, ClockUnit.MONTHS, "2024-07-13"),  # 6 x 30 days
        ("2024-02-29", 1, ClockUnit.YEARS, "2025-02-28"),  # no 29 Feb in 2025
        ("2023-01-10", 2, ClockUnit.YEARS, "2025-01-10"),
    ],
)
def test_due_dates(start: str, limit: int, unit: ClockUnit, due: str) -> None:
    """Exclude the first day; only Rule 22 days move off a weekend."""
    assert due_date(d(start), limit, unit) == d(due)


def test_pauses_push_the_end_out() -> None:
    """Paused days are added before the Rule 22 weekend shift."""
    assert due_date(d("2024-03-01"), 10, ClockUnit.DAYS, paused_days=4) == d("2024-03-15")
    assert due_date(d("2024-03-01"), 10, ClockUnit.DAYS, paused_days=5) == d("2024-03-18")


def test_holidays_are_supplied_by_the_caller() -> None:
    """Holidays are an injected set; without it only weekends count as non-working days."""
    holiday = {d("2024-06-12")}  # Independence Day
    assert is_working_day(d("2024-06-12"))
    assert not is_working_day(d("2024-06-12"), holiday)
    assert next_working_day(d("2024-06-15")) == d("2024-06-17")
    assert due_date(d("2024-06-02"), 10, ClockUnit.DAYS, holidays=holiday) == d("2024-06-13")


def test_hours_are_not_counted_in_days() -> None:
    """Hour limits need a start moment: due_date refuses them."""
    with pytest.raises(ValueError, match="hour"):
        due_date(d("2024-03-01"), 36, ClockUnit.HOURS)


def test_calendar_years() -> None:
    """A year is 12 calendar months (Administrative Code Bk I §31)."""
    assert add_calendar_years(d("2020-02-29"), 4) == d("2024-02-29")
    assert add_calendar_years(d("2020-02-29"), 1) == d("2021-02-28")
