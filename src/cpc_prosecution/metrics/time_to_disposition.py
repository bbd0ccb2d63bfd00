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
from functools import partial
from typing import Final

import msgspec

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.definitions import MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    JIL,
    M3,
    MODEL_TIME_STANDARDS,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, days, ratio
from cpc_prosecution.metrics.survival import Observation, ending_days, product_limit, quantile, share_ended_by

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


class IntervalTally(Tally, frozen=True, kw_only=True):
    ended_in_window: int
    within: tuple[int, ...]
    """Of those, the intervals that took at most each of `standards_days` days."""
    cohort: int
    cohort_ended: int
    step_days: tuple[int, ...]
    """The Kaplan-Meier counts per ending day, ascending: the day, the cases at risk, the endings."""
    step_at_risk: tuple[int, ...]
    step_ended: tuple[int, ...]


def interval_tally(interval: Interval, summaries: Sequence[CaseSummary], w: Window) -> IntervalTally:
    # CourTools share over intervals that ended in the window.
    ended: list[int] = []
    for s in summaries:
        start, end = interval.start_date(s), interval.end_date(s)
        if start is not None and w.contains(end) and end is not None and end >= start:
            ended.append((end - start).days)
    # Kaplan-Meier over the cohort that started in the window.
    cohort = [obs for s in summaries if w.contains(interval.start_date(s)) and (obs := interval.observe(s, w.as_of))]
    rows = ending_days(cohort)
    return IntervalTally(
        ended_in_window=len(ended),
        within=tuple(sum(1 for d in ended if d <= limit) for limit in interval.standards_days),
        cohort=len(cohort),
        cohort_ended=sum(1 for o in cohort if o.ended),
        step_days=tuple(day for day, _, _ in rows),
        step_at_risk=tuple(at_risk for _, at_risk, _ in rows),
        step_ended=tuple(n for _, _, n in rows),
    )


def interval_cells(interval: Interval, t: IntervalTally) -> list[Cell]:
    steps = product_limit(zip(t.step_days, t.step_at_risk, t.step_ended, strict=True))
    n = t.cohort
    median = quantile(steps, 0.5)
    p90 = quantile(steps, 0.9)
    cells = [
        count("ended_in_window", Unit.CASE, t.ended_in_window),
        count("cohort", Unit.CASE, n),
        count("cohort_ended", Unit.CASE, t.cohort_ended),
        days("km_median_days", Unit.CASE, None if median is None else float(median), n),
        days("km_p90_days", Unit.CASE, None if p90 is None else float(p90), n),
    ]
    for limit, within_limit in zip(interval.standards_days, t.within, strict=True):
        label = str(limit)
        cells.append(ratio("within_standard", Unit.CASE, within_limit, t.ended_in_window, label))
        share = round(100 * share_ended_by(steps, limit), 4) if n else None
        cells.append(days("km_within_standard", Unit.CASE, share, n, label))
    return cells


def _interval(
    metric_id: str, title: str, start: str, end: str, sources: tuple[Source, ...], extra: str
) -> MetricDefinition:
    interval = INTERVALS[metric_id]
    standards = tuple(str(d) for d in interval.standards_days)
    return MetricDefinition(
        id=metric_id,
        title=title,
        definition=(
            f"Days from {start} to {end}. Two readings: the share of intervals that ended in the period and "
            f"took at most N days (N = {', '.join(standards)}); and, for the cohort that started in the period, "
            "Kaplan-Meier estimates (median, 90th percentile, share ended within N days) with cases still "
            "open on the as-of date censored there. " + extra
        ),
        formula=(
            "within_standard[N] = #(ended in window and days <= N) / #(ended in window) x 100; "
            "km_median_days = min{t : 1 - S(t) >= 0.5}; km_p90_days = min{t : 1 - S(t) >= 0.9}; "
            "km_within_standard[N] = (1 - S(N)) x 100"
        ),
        units=(Unit.CASE,),
        timing=Timing.EITHER,
        population=f"cases with a {interval.start}",
        includes=(f"cases whose {interval.start} is set",),
        excludes=("cases whose end date precedes their start date (counted by data_quality)",),
        measures=(
            _m("ended_in_window", Unit.CASE, "count", "intervals that ended in the window"),
            _m("cohort", Unit.CASE, "count", "cases whose interval started in the window (Kaplan-Meier cohort)"),
            _m("cohort_ended", Unit.CASE, "count", "of the cohort, intervals ended by the as-of date"),
            _m("km_median_days", Unit.CASE, "days", "Kaplan-Meier median (None if not reached)"),
            _m("km_p90_days", Unit.CASE, "days", "Kaplan-Meier 90th percentile (None if not reached)"),
            _m("within_standard", Unit.CASE, "percent", "share of ended intervals within N days", standards),
            _m("km_within_standard", Unit.CASE, "percent", "Kaplan-Meier share ended within N days", standards),
        ),
        sources=sources,
        dimensions=ALL_DIMENSIONS,
        fields=tuple(dict.fromkeys((interval.start, interval.end, "disposed", "disposed_on", "case_outcome"))),
    )


def _metric(metric_id: str, definition: MetricDefinition, order: int) -> Metric[IntervalTally]:
    interval = INTERVALS[metric_id]
    return Metric(
        definition=definition,
        tally_type=IntervalTally,
        tally=lambda summaries, w, _: interval_tally(interval, summaries, w),
        cells=partial(interval_cells, interval),
        order=order,
    )


METRICS: Final = (
    _metric(
        "time_to_disposition",
        _interval(
            "time_to_disposition",
            "Time to disposition",
            "the filing of the Information",
            "disposition by the trial court",
            (M3, MODEL_TIME_STANDARDS),
            "Standards: 180, 365 and 730 days (the Model Time Standards' felony tiers are 90/180/365 days; "
            "trafficking cases are longer; the project's targets are not set yet). Suspended time is not "
            "discounted (pause dates are not in the summary).",
        ),
        30,
    ),
    _metric(
        "time_detection_to_filing",
        _interval(
            "time_detection_to_filing",
            "Time from detection to filing",
            "detection",
            "the first filing in court",
            (JIL,),
            "Cases dismissed before filing are censored on the dismissal date.",
        ),
        31,
    ),
    _metric(
        "time_filing_to_arraignment",
        _interval(
            "time_filing_to_arraignment",
            "Time from filing to arraignment",
            "the filing of the Information",
            "the first arraignment",
            (JIL,),
            "Cases disposed without arraignment are censored on the disposition date.",
        ),
        32,
    ),
    _metric(
        "time_arraignment_to_judgment",
        _interval(
            "time_arraignment_to_judgment",
            "Time from arraignment to judgment",
            "the first arraignment",
            "disposition by judgment (conviction or acquittal of the last open accused)",
            (JIL,),
            "Cases dismissed after arraignment are censored on the dismissal date.",
        ),
        33,
    ),
)
