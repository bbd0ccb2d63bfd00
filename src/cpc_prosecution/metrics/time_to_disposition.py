"""Time to disposition (CourTools Measure 3) and the other stage intervals, with Kaplan-Meier.

Each interval runs from a start date to an end date of the summary. Two readings per window:

- CourTools share: among cases whose interval *ended* in the window, the share that took at most
  N days (N = each standard period). Exact; ignores cases still open.
- Kaplan-Meier: the cohort whose interval *started* in the window (without a period: on or before
  the as-of date), observed on the as-of date. Cases still open are censored at the as-of date;
  cases that ended another way (dismissed before arraignment, say) are censored on that date.
  Gives the median and 90th percentile days and the estimated share ended within N days.

Cases whose end precedes their start (bad data) are left out and show in `data_quality`.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Final

import msgspec

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, days, ratio
from cpc_prosecution.metrics.survival import Observation, Step, kaplan_meier, quantile, share_ended_by

JUDGMENTS: Final = frozenset({CaseOutcome.CONVICTED, CaseOutcome.ACQUITTED})


class Interval(msgspec.Struct, frozen=True, kw_only=True):
    """From `start` to `end` (summary field names). With `judgment_only`, the end counts only for a
    convicted or acquitted case. A case disposed without reaching the end is censored at `disposed_on`."""

    start: str
    end: str
    standards_days: tuple[int, ...]
    judgment_only: bool = False

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

    def observe(self, summary: CaseSummary, as_of: dt.date) -> Observation | None:
        start = self.start_date(summary)
        if start is None or start > as_of:
            return None
        end = self.end_date(summary)
        if end is not None and end <= as_of:
            obs = Observation((end - start).days, True)
        else:
            other = self.other_end(summary)
            stop = other if other is not None and other <= as_of else as_of
            obs = Observation((stop - start).days, False)
        return obs if obs.days >= 0 else None


STANDARD_DAYS: Final = (180, 365, 730)

#: The intervals by metric id.
INTERVALS: Final[dict[str, Interval]] = {
    "time_to_disposition": Interval(start="filed_on", end="disposed_on", standards_days=STANDARD_DAYS),
    "time_detection_to_filing": Interval(start="detected_on", end="filed_on", standards_days=(30, 90, 180)),
    "time_filing_to_arraignment": Interval(start="filed_on", end="arraigned_on", standards_days=(30, 90, 180)),
    "time_arraignment_to_judgment": Interval(
        start="arraigned_on", end="disposed_on", standards_days=STANDARD_DAYS, judgment_only=True
    ),
}


def compute_interval(interval: Interval, summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    # CourTools share over intervals that ended in the window.
    ended: list[int] = []
    for s in summaries:
        start, end = interval.start_date(s), interval.end_date(s)
        if start is not None and w.contains(end) and end is not None and end >= start:
            ended.append((end - start).days)
    # Kaplan-Meier over the cohort that started in the window.
    cohort = [obs for s in summaries if w.contains(interval.start_date(s)) and (obs := interval.observe(s, w.as_of))]
    within = [sum(1 for d in ended if d <= limit) for limit in interval.standards_days]
    return interval_cells(
        interval, len(ended), within, len(cohort), sum(1 for o in cohort if o.ended), kaplan_meier(cohort)
    )


def interval_cells(
    interval: Interval, ended: int, within: Sequence[int], n: int, cohort_ended: int, steps: Sequence[Step]
) -> list[Cell]:
    """The cells from the counts (both engines): `ended` intervals in the window, of which `within[i]`
    took at most `standards_days[i]` days; a Kaplan-Meier cohort of `n` with `cohort_ended` endings and
    the curve `steps`."""
    median = quantile(steps, 0.5)
    p90 = quantile(steps, 0.9)
    cells = [
        count("ended_in_window", Unit.CASE, ended),
        count("cohort", Unit.CASE, n),
        count("cohort_ended", Unit.CASE, cohort_ended),
        days("km_median_days", Unit.CASE, None if median is None else float(median), n),
        days("km_p90_days", Unit.CASE, None if p90 is None else float(p90), n),
    ]
    for limit, within_limit in zip(interval.standards_days, within, strict=True):
        label = str(limit)
        cells.append(ratio("within_standard", Unit.CASE, within_limit, ended, label))
        share = round(100 * share_ended_by(steps, limit), 4) if n else None
        cells.append(days("km_within_standard", Unit.CASE, share, n, label))
    return cells
