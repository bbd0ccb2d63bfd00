"""Data quality: missing key dates, impossible date order, and open cases with no event for 180 days.

Population: cases detected on or before the as-of date. Missing dates and date order are checked on
the record as it is now; staleness is judged on the as-of date, over open active cases.
"""

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import (
    DATE_FIELDS,
    disposed_by,
    inactive_on,
    known_on,
    latest_known_date,
)
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

STALE_AFTER_DAYS: Final = 180

#: Key dates in the order they must occur (each present one on or after the previous present one).
DATE_ORDER: Final = ("detected_on", "filed_on", "arraigned_on", "first_conviction_on", "disposed_on", "final_on")


def missing_key_dates(s: CaseSummary) -> bool:
    """A status that implies a date the record lacks."""
    return (
        (s.court_id is not None and s.filed_on is None)
        or (s.first_trial_on is not None and s.arraigned_on is None)
        or (s.accused_convicted + s.accused_acquitted > 0 and s.arraigned_on is None)
        or (s.disposed and s.disposed_on is None)
        or (s.case_outcome is CaseOutcome.CONVICTED and s.first_conviction_on is None)
    )


def impossible_date_order(s: CaseSummary) -> bool:
    """Key dates out of order, or any date before the detection."""
    present = [d for name in DATE_ORDER if (d := getattr(s, name)) is not None]
    if any(later < earlier for earlier, later in itertools.pairwise(present)):
        return True
    return any((d := getattr(s, name)) is not None and d < s.detected_on for name in DATE_FIELDS)


def open_on(s: CaseSummary, day: dt.date) -> bool:
    """Not disposed and not inactive on `day`."""
    return not disposed_by(s, day) and not inactive_on(s, day)


def stale_on(s: CaseSummary, day: dt.date) -> bool:
    return (day - latest_known_date(s, day)).days > STALE_AFTER_DAYS


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    day = w.as_of
    cases = [s for s in summaries if known_on(s, day)]
    n = len(cases)
    missing = [missing_key_dates(s) for s in cases]
    order = [impossible_date_order(s) for s in cases]
    is_open = [open_on(s, day) for s in cases]
    stale = [o and stale_on(s, day) for s, o in zip(cases, is_open, strict=True)]
    flagged = sum(1 for flags in zip(missing, order, stale, strict=True) if any(flags))
    return [
        count("cases", Unit.CASE, n),
        ratio("missing_key_dates", Unit.CASE, sum(missing), n),
        ratio("impossible_date_order", Unit.CASE, sum(order), n),
        count("open_cases", Unit.CASE, sum(is_open)),
        ratio("no_event_180_days", Unit.CASE, sum(stale), sum(is_open)),
        ratio("any_issue", Unit.CASE, flagged, n),
    ]
