"""What every crosswalk is: a target's rows computed from case summaries, and its mapping documented line by
line (target field or category, the summary fields it reads, the rule; or why it cannot be filled)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Period, month, window
from cpc_prosecution.metrics.reconstruction import disposed_in_court

__all__ = (
    "MAPPING_COLUMNS",
    "Crosswalk",
    "MappingLine",
    "disposed_in_court_in",
    "dropped_on",
    "mapping_rows",
    "months_of",
    "submitted_on",
)

#: Columns of a crosswalk's mapping table.
MAPPING_COLUMNS: Final = ("target", "source", "rule", "cannot_fill")


@dataclass(frozen=True, kw_only=True)
class MappingLine:
    """One line of a mapping: a target field or category and how it is filled, or why it cannot be."""

    target: str
    source: str = ""
    """The `CaseSummary` fields read (empty when nothing can fill it)."""
    rule: str = ""
    cannot_fill: str | None = None
    """Why the target cannot be filled from what this project records (None when it is filled)."""


Rows = Callable[[Sequence[CaseSummary], Period | None], list[list[str]]]


@dataclass(frozen=True, kw_only=True)
class Crosswalk:
    target: str
    """The id used in the export's name (`GET /v1/exports/crosswalks/<target>.csv`)."""
    title: str
    reference: str
    """Where the target's categories are defined."""
    unit: str
    """What one count is."""
    columns: tuple[str, ...]
    mapping: tuple[MappingLine, ...]
    needs_period: bool
    rows: Rows


def mapping_rows(crosswalk: Crosswalk) -> list[list[str]]:
    """The mapping as table rows (MAPPING_COLUMNS)."""
    return [[m.target, m.source, m.rule, m.cannot_fill or ""] for m in crosswalk.mapping]


def months_of(period: Period) -> Iterator[Period]:
    """The calendar months of a period, in order (a quarter: 3; a fiscal year: October to September)."""
    year, number = period.start.year, period.start.month
    while (current := month(year, number)).start <= period.end:
        yield current
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)


def submitted_on(summary: CaseSummary) -> dt.date | None:
    """When the case reached the prosecutor: the first inquest or preliminary investigation."""
    days = [d for d in (summary.first_inquest_on, summary.first_prelim_investigation_on) if d is not None]
    return min(days, default=None)


def dropped_on(summary: CaseSummary) -> dt.date | None:
    """When the case was first closed before any Information was filed (dismissed at inquest or
    preliminary investigation, or on the prosecutor's own motion); a case refiled since still counts,
    on that day."""
    day = summary.first_dismissed_on
    if day is not None and (summary.filed_on is None or day < summary.filed_on):
        return day
    return None


def disposed_in_court_in(summary: CaseSummary, period: Period) -> bool:
    """Filed in court and disposed of by the trial court in the period (the outcome metrics' population)."""
    return disposed_in_court(summary, window(period))
