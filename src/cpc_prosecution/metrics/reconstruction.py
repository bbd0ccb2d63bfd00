"""As-of rules: what a current `CaseSummary` says about the case on an earlier day.

The summary holds the *first* date of each stage, the key dates and the current status, not the
full path. These rules are exact when nothing happened after the day (`last_event_on <= day`) and
approximate otherwise; each says where it can be wrong. The SQL engine applies the same rules.
"""

import datetime as dt
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.periods import Window

#: Stages in funnel order (the overlay BAIL_HEARING excluded). Ties on a first date go to the later one.
FUNNEL_STAGES: Final = tuple(s for s in Stage if s is not Stage.BAIL_HEARING)
_RANK: Final = {s: i for i, s in enumerate(FUNNEL_STAGES)}
FIRST_FIELD: Final = {s: f"first_{s.value.lower()}_on" for s in Stage}

#: Every date field of the summary, for "latest known date" (order irrelevant).
DATE_FIELDS: Final = (
    *FIRST_FIELD.values(),
    "detected_on",
    "filed_on",
    "arraigned_on",
    "first_conviction_on",
    "disposed_on",
    "final_on",
    "last_event_on",
)


def first_on(summary: CaseSummary, stage: Stage) -> dt.date | None:
    value: dt.date | None = getattr(summary, FIRST_FIELD[stage])
    return value


def known_on(summary: CaseSummary, day: dt.date) -> bool:
    """The case existed on `day` (detected on or before it)."""
    return summary.detected_on <= day


def complete_on(summary: CaseSummary, day: dt.date) -> bool:
    """Nothing happened after `day`, so the current summary is the state on `day` (exact)."""
    return summary.last_event_on is not None and summary.last_event_on <= day


def stage_on(summary: CaseSummary, day: dt.date) -> Stage | None:
    """The case's stage on `day`; None if not yet detected.

    Exact when `complete_on(day)`: the current stage. Otherwise the stage whose first date is the
    latest on or before `day` (ties: the later stage in funnel order). Wrong for loops (a remand back
    to TRIAL, a revival out of ARCHIVED, a refiling after DISMISSED: the return is undated) and for
    accused moving at different speeds (the case stage is the least advanced open accused; first
    dates are the earliest over all accused).
    """
    if not known_on(summary, day):
        return None
    if complete_on(summary, day):
        return summary.stage
    best: tuple[dt.date, int] | None = None
    chosen: Stage = Stage.DETECTION
    for stage in FUNNEL_STAGES:
        on = first_on(summary, stage)
        if on is not None and on <= day and (best is None or (on, _RANK[stage]) > best):
            best = (on, _RANK[stage])
            chosen = stage
    return chosen


def disposed_by(summary: CaseSummary, day: dt.date) -> bool:
    """Disposed on or before `day` (by the trial court, or dismissed before filing)."""
    return summary.disposed and summary.disposed_on is not None and summary.disposed_on <= day


def disposed_in_court(summary: CaseSummary, w: Window) -> bool:
    """Filed in court and disposed by the trial court inside the window (the population of the
    outcome metrics; SQL: `store.metric_sql.predicates.DISPOSED_IN_COURT`)."""
    return summary.filed_on is not None and summary.disposed and w.contains(summary.disposed_on)


def pending_in_court_on(summary: CaseSummary, day: dt.date) -> bool:
    """Filed on or before `day` and not disposed by then (a case disposed later was pending).

    Approximate for a remanded case: pending again from its first judgment to the remand, because
    `disposed_on` is the later judgment.
    """
    return summary.filed_on is not None and summary.filed_on <= day and not disposed_by(summary, day)


#: The fields `inactive_on` and `inactive_days` read.
INACTIVE_FIELDS: Final = ("placed_inactive_on", "reactivated_on", "disposed", "disposed_on")


def inactive_periods(summary: CaseSummary) -> list[tuple[dt.date, dt.date | None]]:
    """The case's inactive periods `[from, until)`: placed inactive until reactivated; the last one, when
    not reactivated, until the disposition if the case is disposed, else open (None).

    Inactive statuses (NCSC; CourTools M3, M4): every pending accused in court archived (any ground,
    the accused at large among them) or provisionally dismissed (`domain.summary_periods`)."""
    ends: list[dt.date | None] = list(summary.reactivated_on)
    last = summary.disposed_on if summary.disposed else None
    ends += [last] * (len(summary.placed_inactive_on) - len(ends))
    return list(zip(summary.placed_inactive_on, ends, strict=True))


def inactive_on(summary: CaseSummary, day: dt.date) -> bool:
    """Inactive on `day`: inside one of the case's inactive periods (exact from the dated periods)."""
    return any(start <= day and (until is None or day < until) for start, until in inactive_periods(summary))


def inactive_days(summary: CaseSummary, start: dt.date, stop: dt.date) -> int:
    """Days of `[start, stop)` the case spent inactive (CourTools M3 leaves them out of the interval)."""
    total = 0
    for begin, until in inactive_periods(summary):
        end = stop if until is None else min(until, stop)
        total += max(0, (end - max(begin, start)).days)
    return total


def latest_known_date(summary: CaseSummary, day: dt.date) -> dt.date:
    """The latest dated event on or before `day`: `last_event_on` when complete, else the latest
    summary date on or before `day` (a lower bound: undated intermediate events are invisible)."""
    if complete_on(summary, day) and summary.last_event_on is not None:
        return summary.last_event_on
    latest = summary.detected_on
    for name in DATE_FIELDS:
        value = getattr(summary, name)
        if value is not None and latest < value <= day:
            latest = value
    return latest
