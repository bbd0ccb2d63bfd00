"""Time to disposition (CourTools Measure 3) and the other stage intervals, with Kaplan-Meier.

Each interval (`intervals.INTERVALS`) runs from a start date to an end date of the summary, less the
days the case was inactive where CourTools M3 applies. Two readings per window:

- CourTools share: among cases whose interval *ended* in the window, the share that took at most
  N days (N = each time standard of the interval: Philippine rules, NCSC tiers). Exact; ignores
  cases still open.
- Kaplan-Meier: the cohort whose interval *started* in the window (without a period: on or before
  the as-of date), observed on the as-of date. Cases still open are censored at the as-of date;
  cases that ended another way (dismissed before arraignment, say) are censored on that date.
  Gives the median and 90th percentile days and the estimated share ended within N days.

Cases whose end precedes their start (bad data) are left out and show in `data_quality`.
"""

from collections.abc import Sequence
from functools import partial
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.intervals import INTERVALS, OCA_151, Interval, accused_intervals
from cpc_prosecution.metrics.metric import Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    CONTINUOUS_TRIAL,
    JIL,
    M3,
    MODEL_TIME_STANDARDS,
    OCA_151_2010,
    RULE_119_TRIAL,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, days, ratio
from cpc_prosecution.metrics.survival import Observation, ending_days, product_limit, quantile, share_ended_by


class IntervalTally(Tally, frozen=True, kw_only=True):
    unit: Unit
    """CASE, or ACCUSED for time_to_disposition per accused (`units_of_count`)."""
    ended_in_window: int
    within: tuple[int, ...]
    """Of those, the intervals that took at most each of `standards_days` days."""
    cohort: int
    cohort_ended: int
    step_days: tuple[int, ...]
    """The Kaplan-Meier counts per ending day, ascending: the day, the cases at risk, the endings."""
    step_at_risk: tuple[int, ...]
    step_ended: tuple[int, ...]


def interval_tally(interval: Interval, summaries: Sequence[CaseSummary], w: Window, unit: Unit) -> IntervalTally:
    ended: list[int] = []
    cohort: list[Observation] = []
    if unit is Unit.ACCUSED:
        for s in summaries:
            more_ended, more_cohort = accused_intervals(
                s, w.contains, w.as_of, exclude_inactive=interval.exclude_inactive
            )
            ended += more_ended
            cohort += more_cohort
    else:
        # CourTools share over intervals that ended in the window.
        for s in summaries:
            start, end = interval.start_date(s), interval.end_date(s)
            if start is not None and w.contains(end) and end is not None and end >= start:
                ended.append(interval.days(s, start, end))
        # Kaplan-Meier over the cohort that started in the window.
        cohort = [
            obs for s in summaries if w.contains(interval.start_date(s)) and (obs := interval.observe(s, w.as_of))
        ]
    rows = ending_days(cohort)
    return IntervalTally(
        unit=unit,
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
        count("ended_in_window", t.unit, t.ended_in_window),
        count("cohort", t.unit, n),
        count("cohort_ended", t.unit, t.cohort_ended),
        days("km_median_days", t.unit, None if median is None else float(median), n),
        days("km_p90_days", t.unit, None if p90 is None else float(p90), n),
    ]
    for limit, within_limit in zip(interval.standards_days, t.within, strict=True):
        label = str(limit)
        cells.append(ratio("within_standard", t.unit, within_limit, t.ended_in_window, label))
        share = round(100 * share_ended_by(steps, limit), 4) if n else None
        cells.append(days("km_within_standard", t.unit, share, n, label))
    return cells


def _interval(
    metric_id: str,
    title: str,
    start: str,
    end: str,
    sources: tuple[Source, ...],
    extra: str,
    units_of_count: tuple[Unit, ...] = (),
) -> MetricDefinition:
    interval = INTERVALS[metric_id]
    standards = tuple(str(d) for d in interval.standards_days)
    inactive = (
        "Days the case was inactive (archived, the accused at large among the grounds, or provisionally "
        "dismissed) inside the interval are left out (CourTools M3), and Kaplan-Meier censors on active days. "
        if interval.exclude_inactive
        else ""
    )
    return MetricDefinition(
        id=metric_id,
        title=title,
        definition=(
            f"Days from {start} to {end}. Two readings: the share of intervals that ended in the period and "
            f"took at most N days (N = {', '.join(standards)}); and, for the cohort that started in the period, "
            "Kaplan-Meier estimates (median, 90th percentile, share ended within N days) with cases still "
            "open on the as-of date censored there. " + inactive + extra
        ),
        formula=(
            "days = end - start"
            + (" - inactive days in [start, end)" if interval.exclude_inactive else "")
            + "; within_standard[N] = #(ended in window and days <= N) / #(ended in window) x 100; "
            "km_median_days = min{t : 1 - S(t) >= 0.5}; km_p90_days = min{t : 1 - S(t) >= 0.9}; "
            "km_within_standard[N] = (1 - S(N)) x 100"
        ),
        units=units_of_count or (Unit.CASE,),
        timing=Timing.EITHER,
        population=f"cases with a {interval.start}",
        includes=(
            f"cases whose {interval.start} is set",
            *(
                (
                    "unit=ACCUSED (State Court Guide, criminal unit of count): each accused charged in court, "
                    "from their own filing to their own disposition, less their own inactive days",
                )
                if Unit.ACCUSED in units_of_count
                else ()
            ),
            *(f"standard {s.days} days ({s.kind}): {s.source}" for s in interval.standards),
        ),
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
        fields=interval.fields,
        approximations=(
            *(
                (
                    "Inactive statuses are archiving and provisional dismissal of every pending accused; time an "
                    "accused is at large before the case is archived (A.M. 15-06-10-SC III.6 allows it after 6 "
                    "months) counts as active, since the court has not suspended the case.",
                )
                if interval.exclude_inactive
                else ()
            ),
            *(
                (
                    "The Philippine standard is applied to every case of the tracker (trafficking and OSAEC), "
                    "whatever its raffle date; OCA Circular 151-2010 names RA 9208 cases raffled after "
                    "26 Oct 2010.",
                )
                if any(s.source == OCA_151 for s in interval.standards)
                else ()
            ),
            *(
                (
                    "The NCSC Model Time Standards' tiers run from filing; here they are read from the "
                    f"interval's start ({interval.start}), for comparison only.",
                )
                if interval.start != "filed_on" and any(s.kind == "NCSC" for s in interval.standards)
                else ()
            ),
        ),
        units_of_count=units_of_count,
    )


def _metric(metric_id: str, definition: MetricDefinition, order: int) -> Metric[IntervalTally]:
    interval = INTERVALS[metric_id]
    return Metric(
        definition=definition,
        tally_type=IntervalTally,
        tally=lambda summaries, w, inputs: interval_tally(interval, summaries, w, inputs.unit),
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
            "Standards: the Model Time Standards' felony tiers (90, 180 and 365 days from filing); no "
            "Philippine rule sets filing to disposition (see time_arraignment_to_judgment).",
            units_of_count=(Unit.CASE, Unit.ACCUSED),
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
            (JIL, M3),
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
            (JIL, M3, OCA_151_2010, MODEL_TIME_STANDARDS),
            "Cases dismissed after arraignment are censored on the dismissal date.",
        ),
        33,
    ),
    _metric(
        "time_trial_to_submission",
        _interval(
            "time_trial_to_submission",
            "Time from the first trial day to submission for decision",
            "the first held trial setting",
            "the first submission for decision",
            (RULE_119_TRIAL, M3),
            "Cases disposed before submission (a plea, a dismissal) are censored on the disposition date.",
        ),
        34,
    ),
    _metric(
        "time_submission_to_decision",
        _interval(
            "time_submission_to_decision",
            "Time from submission to decision",
            "the first submission for decision",
            "disposition by judgment (conviction or acquittal of the last open accused)",
            (CONTINUOUS_TRIAL, M3),
            "Cases dismissed after submission are censored on the dismissal date.",
        ),
        35,
    ),
)
