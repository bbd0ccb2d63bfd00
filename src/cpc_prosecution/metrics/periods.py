"""Reporting periods: month, quarter, calendar year and U.S. fiscal year (October to September).

Codes: `2025-03` (month), `2025Q4` (quarter), `2025` (calendar year), `FY2020` (fiscal year
2020 = 2019-10-01 .. 2020-09-30, named after the calendar year in which it ends). Dates are
inclusive at both ends.
"""

import datetime as dt
import enum
import re

import msgspec


class PeriodKind(enum.StrEnum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"
    YEAR = "YEAR"
    FISCAL_YEAR = "FISCAL_YEAR"


class Period(msgspec.Struct, frozen=True, kw_only=True):
    """A closed date range with its code; `start <= day <= end` is inside."""

    kind: PeriodKind
    code: str
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first_next - dt.timedelta(days=1)


def month(year: int, month_no: int) -> Period:
    if not 1 <= month_no <= 12:
        raise ValueError(f"month must be 1..12, got {month_no}")
    return Period(
        kind=PeriodKind.MONTH,
        code=f"{year:04d}-{month_no:02d}",
        start=dt.date(year, month_no, 1),
        end=_month_end(year, month_no),
    )


def quarter(year: int, quarter_no: int) -> Period:
    if not 1 <= quarter_no <= 4:
        raise ValueError(f"quarter must be 1..4, got {quarter_no}")
    first = 3 * (quarter_no - 1) + 1
    return Period(
        kind=PeriodKind.QUARTER,
        code=f"{year:04d}Q{quarter_no}",
        start=dt.date(year, first, 1),
        end=_month_end(year, first + 2),
    )


def calendar_year(year: int) -> Period:
    return Period(kind=PeriodKind.YEAR, code=f"{year:04d}", start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def fiscal_year(year: int) -> Period:
    """U.S. federal fiscal year `year`: 1 October of the year before to 30 September."""
    return Period(
        kind=PeriodKind.FISCAL_YEAR,
        code=f"FY{year:04d}",
        start=dt.date(year - 1, 10, 1),
        end=dt.date(year, 9, 30),
    )


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_FISCAL = re.compile(r"^FY(\d{4})$")


def parse_period(code: str) -> Period:
    """`2025-03`, `2025Q4`, `2025` or `FY2020` (upper case); anything else is a ValueError."""
    if m := _MONTH.match(code):
        return month(int(m[1]), int(m[2]))
    if m := _QUARTER.match(code):
        return quarter(int(m[1]), int(m[2]))
    if m := _YEAR.match(code):
        return calendar_year(int(m[1]))
    if m := _FISCAL.match(code):
        return fiscal_year(int(m[1]))
    raise ValueError(f"not a period code: {code!r} (expected 2025-03, 2025Q4, 2025 or FY2020)")


def fiscal_year_of(day: dt.date) -> Period:
    """The fiscal year containing `day`."""
    return fiscal_year(day.year + 1 if day.month >= 10 else day.year)


class Window(msgspec.Struct, frozen=True, kw_only=True):
    """What a computation looks at: an optional period and the as-of date.

    `as_of` defaults to the period's last day. Flows ("filed in the period") count dates from
    `period.start` to `min(period.end, as_of)`; stocks ("pending") are taken on `as_of`. Without a
    period, flows count everything up to `as_of`.
    """

    period: Period | None
    as_of: dt.date

    @property
    def start(self) -> dt.date | None:
        return self.period.start if self.period else None

    @property
    def end(self) -> dt.date:
        return min(self.period.end, self.as_of) if self.period else self.as_of

    def contains(self, day: dt.date | None) -> bool:
        """A flow date inside the window (None never is)."""
        if day is None or day > self.end:
            return False
        return self.period is None or day >= self.period.start


def window(period: Period | str | None = None, as_of: dt.date | None = None) -> Window:
    """Build a window; at least one of `period` and `as_of` is required."""
    resolved = parse_period(period) if isinstance(period, str) else period
    if as_of is None:
        if resolved is None:
            raise ValueError("give a period, an as-of date, or both")
        as_of = resolved.end
    return Window(period=resolved, as_of=as_of)
