"""The stage intervals the time metrics measure, and the time standards each is compared with.

Each interval runs from a start date to an end date of the summary. Where CourTools M3 applies (the
court intervals), days the case spent inactive (archived, the accused at large among the grounds, or
provisionally dismissed: `reconstruction.inactive_periods`) are left out of the interval, so a case
suspended for months is not counted as slow for them; Kaplan-Meier censoring then follows from the
active days (a case inactive on the as-of date is censored with the active days it has).
"""

import datetime as dt
from collections.abc import Callable
from typing import Final

import msgspec

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.reconstruction import INACTIVE_FIELDS, inactive_days
from cpc_prosecution.metrics.survival import Observation

__all__ = ("INTERVALS", "JUDGMENTS", "Interval", "Standard", "accused_intervals")

JUDGMENTS: Final = frozenset({CaseOutcome.CONVICTED, CaseOutcome.ACQUITTED})


class Standard(msgspec.Struct, frozen=True, kw_only=True):
    """A time standard: at most `days` days, as `source` sets it (`kind`: PH = a Philippine rule that
    applies to the interval; NCSC = a Model Time Standards tier, for comparison; OURS = a reporting band)."""

    days: int
    kind: str
    source: str


class Interval(msgspec.Struct, frozen=True, kw_only=True):
    """From `start` to `end` (summary field names). With `judgment_only`, the end counts only for a
    convicted or acquitted case. A case disposed without reaching the end is censored at `disposed_on`.
    With `exclude_inactive`, the case's inactive days inside the interval do not count."""

    start: str
    end: str
    standards: tuple[Standard, ...]
    judgment_only: bool = False
    exclude_inactive: bool = False

    @property
    def standards_days(self) -> tuple[int, ...]:
        return tuple(s.days for s in self.standards)

    @property
    def fields(self) -> tuple[str, ...]:
        """The summary fields the interval reads."""
        read = (self.start, self.end, "disposed", "disposed_on", "case_outcome")
        return tuple(dict.fromkeys((*read, *(INACTIVE_FIELDS if self.exclude_inactive else ()))))

    def start_date(self, summary: CaseSummary) -> dt.date | None:
        value: dt.date | None = getattr(summary, self.start)
        return value

    def end_date(self, summary: CaseSummary) -> dt.date | None:
        if self.end == "disposed_on" and not summary.disposed:
            return None
        if self.judgment_only and summary.case_outcome not in JUDGMENTS:
            return None
        value: dt.date | None = getattr(summary, self.end)
        return value

    def other_end(self, summary: CaseSummary) -> dt.date | None:
        """The date the case ended without reaching `end`, if it did."""
        if summary.disposed and self.end_date(summary) is None:
            return summary.disposed_on
        return None

    def days(self, summary: CaseSummary, start: dt.date, stop: dt.date) -> int:
        """Days from `start` to `stop` that count: all, or the active ones."""
        elapsed = (stop - start).days
        return elapsed - inactive_days(summary, start, stop) if self.exclude_inactive else elapsed

    def observe(self, summary: CaseSummary, as_of: dt.date) -> Observation | None:
        start = self.start_date(summary)
        if start is None or start > as_of:
            return None
        end = self.end_date(summary)
        if end is not None and end <= as_of:
            if end < start:
                return None
            return Observation(self.days(summary, start, end), True)
        other = self.other_end(summary)
        stop = other if other is not None and other <= as_of else as_of
        if stop < start:
            return None
        return Observation(self.days(summary, start, stop), False)


def accused_days(summary: CaseSummary, i: int, start: dt.date, stop: dt.date, *, exclude_inactive: bool) -> int:
    """Days from `start` to `stop` for the i-th accused (position order), less the accused's own inactive
    days when asked (a period not ended by a revival ends with the accused's disposition, or is open)."""
    elapsed = (stop - start).days
    if not exclude_inactive:
        return elapsed
    disposed = summary.accused_disposed_on[i]
    inactive = 0
    for of, begin, until in zip(
        summary.accused_inactive_of, summary.accused_inactive_from, summary.accused_inactive_until, strict=True
    ):
        end = until if until is not None else disposed
        if of == i:
            inactive += max(0, ((stop if end is None else min(end, stop)) - max(begin, start)).days)
    return elapsed - inactive


def accused_intervals(
    summary: CaseSummary, w_contains: Callable[[dt.date | None], bool], as_of: dt.date, *, exclude_inactive: bool
) -> tuple[list[int], list[Observation]]:
    """Per accused charged in court, filing to disposition (the State Court Guide's criminal unit): the
    CourTools days of those disposed in the window, and the Kaplan-Meier observations of those filed in
    it (censored on the as-of date while pending)."""
    ended: list[int] = []
    cohort: list[Observation] = []
    for i, (start, end) in enumerate(zip(summary.accused_filed_on, summary.accused_disposed_on, strict=True)):
        if start is None:
            continue
        if end is not None and w_contains(end) and end >= start:
            ended.append(accused_days(summary, i, start, end, exclude_inactive=exclude_inactive))
        if not w_contains(start) or start > as_of:
            continue
        stop, done = (end, True) if end is not None and end <= as_of else (as_of, False)
        if stop >= start:
            cohort.append(Observation(accused_days(summary, i, start, stop, exclude_inactive=exclude_inactive), done))
    return ended, cohort


OCA_151: Final = (
    "OCA Circular No. 151-2010: trafficking cases (RA 9208 as amended by RA 10364 and RA 11862) raffled after "
    "26 Oct 2010 heard and decided within 180 days of arraignment"
)
RULE_119: Final = "Rule 119 §2; RA 8493 §6: trial within 180 days of its first day"
DECISION_90: Final = "A.M. No. 15-06-10-SC III.14; Constitution Art. VIII §15(1): decision within 90 days of submission"
_NCSC: Final = "NCSC Model Time Standards, felony: {share} % within {days} days of filing"


def _ncsc(days: int, share: int) -> Standard:
    return Standard(days=days, kind="NCSC", source=_NCSC.format(share=share, days=days))


#: The Model Time Standards' felony tiers (65 % within 90 days, 85 % within 180, 98 % within 365).
NCSC_FELONY: Final = (_ncsc(90, 65), _ncsc(180, 85), _ncsc(365, 98))
_BANDS: Final = "reporting band (no standard sets this interval)"

#: The intervals by metric id.
INTERVALS: Final[dict[str, Interval]] = {
    "time_to_disposition": Interval(start="filed_on", end="disposed_on", standards=NCSC_FELONY, exclude_inactive=True),
    "time_detection_to_filing": Interval(
        start="detected_on",
        end="filed_on",
        standards=tuple(Standard(days=d, kind="OURS", source=_BANDS) for d in (30, 90, 180)),
    ),
    "time_filing_to_arraignment": Interval(
        start="filed_on",
        end="arraigned_on",
        standards=tuple(Standard(days=d, kind="OURS", source=_BANDS) for d in (30, 90, 180)),
        exclude_inactive=True,
    ),
    "time_arraignment_to_judgment": Interval(
        start="arraigned_on",
        end="disposed_on",
        standards=(NCSC_FELONY[0], Standard(days=180, kind="PH", source=OCA_151), NCSC_FELONY[2]),
        judgment_only=True,
        exclude_inactive=True,
    ),
    "time_trial_to_submission": Interval(
        start="first_trial_on",
        end="first_decision_on",
        standards=(Standard(days=180, kind="PH", source=RULE_119),),
        exclude_inactive=True,
    ),
    "time_submission_to_decision": Interval(
        start="first_decision_on",
        end="disposed_on",
        standards=(Standard(days=90, kind="PH", source=DECISION_90),),
        judgment_only=True,
        exclude_inactive=True,
    ),
}
