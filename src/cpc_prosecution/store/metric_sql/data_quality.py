"""The tally of `cpc_prosecution.metrics.data_quality` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.data_quality import DATE_ORDER, STALE_AFTER_DAYS
from cpc_prosecution.metrics.reconstruction import DATE_FIELDS
from cpc_prosecution.store.metric_sql._sql import (
    Columns,
    count_if,
    disposed_by_day,
    inactive_on_day,
    latest_known_date,
)

_MISSING = (
    "((s.court_id IS NOT NULL AND s.filed_on IS NULL)"
    " OR (s.first_trial_on IS NOT NULL AND s.arraigned_on IS NULL)"
    " OR (s.accused_convicted + s.accused_acquitted > 0 AND s.arraigned_on IS NULL)"
    " OR (s.disposed AND s.disposed_on IS NULL)"
    f" OR (s.case_outcome = '{CaseOutcome.CONVICTED.value}' AND s.first_conviction_on IS NULL))"
)
# Present key dates are in order iff none is earlier than the latest present one before it
# (GREATEST and LEAST skip NULLs); and no date may precede the detection.
_OUT_OF_ORDER = " OR ".join(
    f"s.{later} < GREATEST({', '.join(f's.{e}' for e in DATE_ORDER[:i])})"
    for i, later in enumerate(DATE_ORDER)
    if i > 0
)
_BEFORE_DETECTION = f"LEAST({', '.join(f's.{d}' for d in DATE_FIELDS)}) < s.detected_on"
_ORDER = f"COALESCE({_OUT_OF_ORDER}, false) OR COALESCE({_BEFORE_DETECTION}, false)"

POPULATION: Final = "(s.detected_on <= p.day)"
DERIVED: Final[tuple[Columns, ...]] = (
    (
        ("dq_known", "(s.detected_on <= p.day)"),
        ("dq_missing", _MISSING),
        ("dq_order", f"({_ORDER})"),
        ("dq_open", f"(NOT {disposed_by_day()} AND NOT {inactive_on_day()})"),
        ("dq_latest", latest_known_date()),
    ),
)
_STALE = f"(s.dq_open AND p.day - s.dq_latest > {STALE_AFTER_DAYS})"
AGGREGATES: Final[Columns] = (
    ("cases", count_if("s.dq_known")),
    ("missing", count_if("s.dq_known AND s.dq_missing")),
    ("out_of_order", count_if("s.dq_known AND s.dq_order")),
    ("open_cases", count_if("s.dq_known AND s.dq_open")),
    ("stale", count_if(f"s.dq_known AND {_STALE}")),
    ("flagged", count_if(f"s.dq_known AND (s.dq_missing OR s.dq_order OR {_STALE})")),
)
