"""Metric results in long ("tidy") form: one `Cell` per group x category x measure.

Long form is what an SQL engine returns naturally and what CSV needs; both engines must produce the
same tuple of cells for the same input, in the same order.
"""

import datetime as dt
import enum
from typing import Any

import msgspec

from cpc_prosecution.metrics.dimensions import Dimension


class Unit(enum.StrEnum):
    """Unit of count: what one is."""

    CASE = "CASE"
    """One prosecution matter (one case id, all its accused)."""
    ACCUSED = "ACCUSED"
    """One charged defendant inside a case (position A1, A2, ...)."""
    CHILD = "CHILD"
    """One child victim (counted by sex and age band, never identified)."""
    TESTIMONY = "TESTIMONY"
    """One child testimony (one child on one occasion)."""
    TRIAL_SETTING = "TRIAL_SETTING"
    """One trial date set by the court, held or postponed."""
    OFFICE = "OFFICE"
    """One prosecution office (capacity metrics)."""
    PROSECUTOR = "PROSECUTOR"
    """One prosecutor position of an office, filled or vacant (counts only; no one is named)."""
    TRAINING = "TRAINING"
    """One training delivered to an office."""
    PARTICIPANT = "PARTICIPANT"
    """One participant at one training (a prosecutor at two trainings counts twice)."""


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    """One number. Rates carry numerator and denominator; durations carry `denominator` = n cases.

    `group` is None for the total over all cases, else the breakdown value. `category` is the row
    label inside a metric (a stage, an age band, a standard period), None when there is none.
    """

    group: str | None
    category: str | None
    measure: str
    unit: Unit
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


class MetricResult(msgspec.Struct, frozen=True, kw_only=True):
    """All cells of one metric for one window, total first, then groups in sorted order."""

    metric_id: str
    period: str | None
    start: dt.date | None
    end: dt.date
    as_of: dt.date
    by: Dimension | None
    cells: tuple[Cell, ...]

    def cell(self, measure: str, category: str | None = None, group: str | None = None) -> Cell:
        """The one cell with this measure, category and group (KeyError if absent)."""
        for c in self.cells:
            if c.measure == measure and c.category == category and c.group == group:
                return c
        raise KeyError((measure, category, group))

    def value(self, measure: str, category: str | None = None, group: str | None = None) -> float | None:
        return self.cell(measure, category, group).value

    def groups(self) -> tuple[str, ...]:
        """Breakdown groups present, in result order (the total excluded)."""
        seen: dict[str, None] = {}
        for c in self.cells:
            if c.group is not None:
                seen.setdefault(c.group)
        return tuple(seen)

    def to_records(self) -> list[dict[str, Any]]:
        """Tidy rows as dicts (`cpc_prosecution.frames`)."""
        from cpc_prosecution.metrics.frames import to_records

        return to_records(self)

    def to_frame(self) -> Any:
        """A pandas data frame of tidy rows with typed columns (the `pandas` extra; `frames.to_frame`)."""
        from cpc_prosecution.metrics.frames import to_frame

        return to_frame(self)


def ratio(
    measure: str, unit: Unit, numerator: int, denominator: int, category: str | None = None, *, scale: int = 100
) -> Cell:
    """numerator / denominator x scale, rounded to 4 decimals; None when the denominator is 0."""
    value = round(scale * numerator / denominator, 4) if denominator else None
    return Cell(
        group=None,
        category=category,
        measure=measure,
        unit=unit,
        value=value,
        numerator=numerator,
        denominator=denominator,
    )


def count(measure: str, unit: Unit, n: int, category: str | None = None) -> Cell:
    """A plain count (value and numerator both n)."""
    return Cell(group=None, category=category, measure=measure, unit=unit, value=float(n), numerator=n)


def days(measure: str, unit: Unit, value: float | None, n: int, category: str | None = None) -> Cell:
    """A duration in days over n cases (None when not reached or no cases)."""
    return Cell(group=None, category=category, measure=measure, unit=unit, value=value, denominator=n)
