"""What one release covers: a quarter, the quarters of its year up to it, and the year once complete.

A release for `2025Q3` holds 2025Q1..2025Q3 at the national and regional level (so quarters
published earlier are revised in place and audited with their earlier versions); a release for
`2025Q4` also holds the year 2025 and the court-by-year tables.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

import msgspec

from cpc_prosecution.disclosure import DisclosurePolicy
from cpc_prosecution.metrics.periods import Period, PeriodKind, calendar_year, parse_period, quarter

__all__ = ("DEFAULT_CASES_PER_CHILD", "MAX_CASES_PER_CHILD", "ReleaseSpec", "release_spec")

#: Assumed most cases one child is named in; the distinct-children lower bound divides by it.
DEFAULT_CASES_PER_CHILD: Final = 2
MAX_CASES_PER_CHILD: Final = 10
_QUARTER_CODE = re.compile(r"^\d{4}Q[1-4]$")


class ReleaseSpec(msgspec.Struct, frozen=True, kw_only=True):
    """The period of a release and the parameters its protection ran with (stored with it)."""

    period: Period
    policy: DisclosurePolicy
    cases_per_child: int = DEFAULT_CASES_PER_CHILD

    def __post_init__(self) -> None:
        if self.period.kind is not PeriodKind.QUARTER:
            raise ValueError(f"a release covers a quarter, not {self.period.code!r}")
        if not 1 <= self.cases_per_child <= MAX_CASES_PER_CHILD:
            raise ValueError(f"cases per child must be 1..{MAX_CASES_PER_CHILD}, got {self.cases_per_child}")

    @property
    def year(self) -> Period:
        return calendar_year(self.period.start.year)

    @property
    def quarters(self) -> tuple[Period, ...]:
        number = int(self.period.code[-1])
        return tuple(quarter(self.period.start.year, q) for q in range(1, number + 1))

    @property
    def year_complete(self) -> bool:
        """Fourth quarter: the year's figures and the court tables are in the release."""
        return self.period.code.endswith("Q4")

    @property
    def stock_days(self) -> tuple[dt.date, ...]:
        return tuple(q.end for q in self.quarters)


def release_spec(
    period_code: str, *, threshold: int | None = None, cases_per_child: int = DEFAULT_CASES_PER_CHILD
) -> ReleaseSpec:
    """Validate a period code (`2025Q4`) and the parameters; ValueError names what is wrong."""
    if not _QUARTER_CODE.match(period_code):
        raise ValueError(f"period must be a quarter such as 2025Q4, got {period_code!r}")
    policy = DisclosurePolicy() if threshold is None else DisclosurePolicy(threshold=threshold)
    return ReleaseSpec(period=parse_period(period_code), policy=policy, cases_per_child=cases_per_child)
