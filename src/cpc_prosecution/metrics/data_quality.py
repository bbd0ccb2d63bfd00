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
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import (
    DATE_FIELDS,
    INACTIVE_FIELDS,
    disposed_by,
    inactive_on,
    known_on,
    latest_known_date,
)
from cpc_prosecution.metrics.registry_sources import (
    MFJ,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
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


class QualityTally(Tally, frozen=True, kw_only=True):
    cases: int
    missing: int
    out_of_order: int
    open_cases: int
    stale: int
    flagged: int


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> QualityTally:
    day = w.as_of
    cases = [s for s in summaries if known_on(s, day)]
    missing = [missing_key_dates(s) for s in cases]
    order = [impossible_date_order(s) for s in cases]
    is_open = [open_on(s, day) for s in cases]
    stale = [o and stale_on(s, day) for s, o in zip(cases, is_open, strict=True)]
    return QualityTally(
        cases=len(cases),
        missing=sum(missing),
        out_of_order=sum(order),
        open_cases=sum(is_open),
        stale=sum(stale),
        flagged=sum(1 for flags in zip(missing, order, stale, strict=True) if any(flags)),
    )


def cells(t: QualityTally) -> list[Cell]:
    return [
        count("cases", Unit.CASE, t.cases),
        ratio("missing_key_dates", Unit.CASE, t.missing, t.cases),
        ratio("impossible_date_order", Unit.CASE, t.out_of_order, t.cases),
        count("open_cases", Unit.CASE, t.open_cases),
        ratio("no_event_180_days", Unit.CASE, t.stale, t.open_cases),
        ratio("any_issue", Unit.CASE, t.flagged, t.cases),
    ]


DEFINITION: Final = MetricDefinition(
    id="data_quality",
    title="Data quality",
    definition=(
        "Share of cases with missing key dates or an impossible date order, and share of open cases with no "
        "event for more than 180 days on the as-of date."
    ),
    formula=(
        "missing_key_dates = #(flag) / #(cases) x 100; no_event_180_days = #(as_of - latest event > 180) / "
        "#(open cases) x 100; any_issue = #(any flag) / #(cases) x 100"
    ),
    units=(Unit.CASE,),
    timing=Timing.AS_OF,
    population="cases detected on or before the as-of date",
    includes=(
        "missing: a court without a filing date; a trial, conviction or acquittal without an arraignment date; "
        "disposed without a disposition date; convicted without a conviction date",
        "order: detected <= filed <= arraigned <= first conviction <= disposed <= final (present dates), and no "
        "date before the detection",
        "stale: open (not disposed, not inactive) and the latest event on or before the as-of date more than "
        "180 days before it",
    ),
    excludes=("inactive cases (archived, provisionally dismissed) from the staleness check",),
    measures=(
        _m("cases", Unit.CASE, "count", "cases detected by the as-of date"),
        _m("missing_key_dates", Unit.CASE, "percent", "cases missing a key date"),
        _m("impossible_date_order", Unit.CASE, "percent", "cases with dates out of order"),
        _m("open_cases", Unit.CASE, "count", "open active cases on the as-of date"),
        _m("no_event_180_days", Unit.CASE, "percent", "open cases with no event for more than 180 days"),
        _m("any_issue", Unit.CASE, "percent", "cases with any of the three flags"),
    ),
    sources=(MFJ,),
    dimensions=ALL_DIMENSIONS,
    fields=(
        *DATE_FIELDS,
        "court_id",
        "disposed",
        "case_outcome",
        "accused_convicted",
        "accused_acquitted",
        *INACTIVE_FIELDS,
    ),
    approximations=(
        "Missing dates and date order are judged on the record as it is now, not as it was on the as-of date.",
        "On a past day the latest event is the latest summary date on or before it (a lower bound).",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=QualityTally, tally=tally, cells=cells, order=100)
