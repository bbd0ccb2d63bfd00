"""Counting periods: Rule 22 §1 "days", calendar days, 30-day months, calendar years, hours.

Holidays are not shipped: Philippine regular and special non-working days are proclaimed yearly
(and local holidays vary by place), so callers pass the set that applies as `holidays`. Without
it, only Saturdays and Sundays move a Rule 22 due date.
"""

import datetime as dt
from collections.abc import Set

from cpc_prosecution.domain.clocks.rules import ClockUnit

NO_HOLIDAYS: frozenset[dt.date] = frozenset()
_ONE_DAY = dt.timedelta(days=1)


def is_working_day(day: dt.date, holidays: Set[dt.date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday and not a holiday."""
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: dt.date, holidays: Set[dt.date] = NO_HOLIDAYS) -> dt.date:
    """`day` itself if it is a working day, else the next one."""
    while day.weekday() >= 5 or day in holidays:  # `is_working_day`, inlined: due dates call this often
        day += _ONE_DAY
    return day


def add_calendar_years(day: dt.date, years: int) -> dt.date:
    """The same date `years` later; 29 February falls back to 28 February in common years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due_date(
    start: dt.date,
    limit: int,
    unit: ClockUnit,
    *,
    paused_days: int = 0,
    holidays: Set[dt.date] = NO_HOLIDAYS,
) -> dt.date:
    """Last day of a period of `limit` units starting on `start` (the start day itself excluded).

    Paused days push the end out day for day. Only `DAYS` (Rule 22 §1) moves a last day that is
    not a working day; calendar days, months and years do not.
    """
    # Whole days add up exactly, so the limit and the pause are added as one timedelta.
    if unit is ClockUnit.CALENDAR_DAYS:
        return start + dt.timedelta(days=limit + paused_days)
    if unit is ClockUnit.DAYS:
        return next_working_day(start + dt.timedelta(days=limit + paused_days), holidays)
    if unit is ClockUnit.MONTHS:
        return start + dt.timedelta(days=30 * limit + paused_days)
    if unit is ClockUnit.YEARS:
        return add_calendar_years(start, limit) + dt.timedelta(days=paused_days)
    raise ValueError("hour limits have a due moment: use due_moment()")


def due_moment(start: dt.datetime, hours: int) -> dt.datetime:
    """Start moment plus `hours` clock hours."""
    return start + dt.timedelta(hours=hours)
