"""NCSC State Court Guide to Statistical Reporting: criminal case status categories, per period.

The unit of count is the Guide's: one defendant and the charges of one incident, so a case with two
accused counts twice. Each accused charged in court is pending from the day first charged in an
Information until the day their case ended in the trial court; inside that, inactive while archived
or provisionally dismissed (the summary's per-accused inactive periods), active otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from cpc_prosecution.crosswalks.mapping import Crosswalk, MappingLine
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Period

__all__ = ("CATEGORIES", "CROSSWALK")


@dataclass(frozen=True)
class _Defendant:
    filed_on: dt.date
    disposed_on: dt.date | None
    inactive: tuple[tuple[dt.date, dt.date | None, bool], ...]
    """(from, until, revived): `until` is the revival, else the disposition, else None (still parked)."""

    def pending(self, day: dt.date) -> bool:
        return self.filed_on <= day and (self.disposed_on is None or day < self.disposed_on)

    def inactive_on(self, day: dt.date) -> bool:
        return self.pending(day) and any(a <= day and (b is None or day < b) for a, b, _ in self.inactive)


def defendants(s: CaseSummary) -> Iterator[_Defendant]:
    """The accused charged in court of one case (an accused without a filing date is left out)."""
    for i, filed in enumerate(s.accused_filed_on):
        if filed is None:
            continue
        disposed = s.accused_disposed_on[i]
        parked = tuple(
            (start, until if until is not None else disposed, until is not None)
            for who, start, until in zip(
                s.accused_inactive_of, s.accused_inactive_from, s.accused_inactive_until, strict=True
            )
            if who == i
        )
        yield _Defendant(filed, disposed, parked)


def _counts(d: _Defendant, p: Period) -> dict[str, int]:
    before = p.start - dt.timedelta(days=1)
    return {
        "Begin Pending - Active": int(d.pending(before) and not d.inactive_on(before)),
        "Begin Pending - Inactive": int(d.inactive_on(before)),
        "New Filings": int(p.contains(d.filed_on)),
        "Reactivated": sum(1 for _, until, revived in d.inactive if revived and p.contains(until)),
        "Entry of Judgment": int(p.contains(d.disposed_on)),
        "Placed Inactive": sum(1 for start, _, _ in d.inactive if p.contains(start)),
        "End Pending - Active": int(d.pending(p.end) and not d.inactive_on(p.end)),
        "End Pending - Inactive": int(d.inactive_on(p.end)),
    }


#: The categories filled (the Guide's names), in its caseload-summary order.
CATEGORIES: Final = (
    "Begin Pending - Active",
    "Begin Pending - Inactive",
    "New Filings",
    "Reactivated",
    "Entry of Judgment",
    "Placed Inactive",
    "End Pending - Active",
    "End Pending - Inactive",
)


def rows(summaries: Sequence[CaseSummary], period: Period | None) -> list[list[str]]:
    assert period is not None
    totals = dict.fromkeys(CATEGORIES, 0)
    for s in summaries:
        for d in defendants(s):
            for name, n in _counts(d, period).items():
                totals[name] += n
    return [[period.code, name, str(totals[name])] for name in CATEGORIES]


_PER_ACCUSED = "accused_filed_on, accused_disposed_on, accused_inactive_of/_from/_until"

MAPPING: Final = (
    MappingLine(
        target="Begin Pending - Active",
        source=_PER_ACCUSED,
        rule="defendants pending in the trial court on the day before the period and not inactive that day",
    ),
    MappingLine(
        target="Begin Pending - Inactive",
        source=_PER_ACCUSED,
        rule="defendants pending on the day before the period inside an inactive period (archived, any ground, "
        "or provisionally dismissed)",
    ),
    MappingLine(
        target="New Filings",
        source="accused_filed_on",
        rule="defendants first charged in an Information in the period (a refiling after a dismissal is not "
        "new: the first filing date is kept)",
    ),
    MappingLine(
        target="Reopened",
        cannot_fill="a remand reopens a disposed case, but the summary counts remands (remands) without their "
        "dates or accused, so they cannot be placed in a period",
    ),
    MappingLine(
        target="Reactivated",
        source="accused_inactive_of, accused_inactive_until",
        rule="revivals (from archiving or a provisional dismissal) in the period",
    ),
    MappingLine(
        target="Entry of Judgment",
        source="accused_disposed_on",
        rule="defendants whose case ended in the trial court in the period (judgment, dismissal or a lapsed "
        "provisional dismissal)",
    ),
    MappingLine(
        target="Reopened Dispositions",
        cannot_fill="the judgment after a remand is not dated apart from the first (see Reopened)",
    ),
    MappingLine(
        target="Placed Inactive",
        source="accused_inactive_of, accused_inactive_from",
        rule="defendants archived or provisionally dismissed in the period",
    ),
    MappingLine(
        target="End Pending - Active",
        source=_PER_ACCUSED,
        rule="defendants pending on the period's last day and not inactive that day",
    ),
    MappingLine(
        target="End Pending - Inactive",
        source=_PER_ACCUSED,
        rule="defendants pending on the period's last day inside an inactive period",
    ),
    MappingLine(
        target="cases before filing",
        cannot_fill="the Guide counts court cases from the charging document; the prosecutor's stages before "
        "filing have no category (the RA 9208 §16-A crosswalk counts them)",
    ),
)

CROSSWALK: Final = Crosswalk(
    target="ncsc",
    title="NCSC State Court Guide case status categories (criminal caseload summary)",
    reference="NCSC State Court Guide to Statistical Reporting: case status categories and criminal unit of count "
    "(http://www.ncscstatsguide.org)",
    unit="defendants (one accused and the charges of one incident)",
    columns=("period", "status_category", "value"),
    mapping=MAPPING,
    needs_period=True,
    rows=rows,
)
