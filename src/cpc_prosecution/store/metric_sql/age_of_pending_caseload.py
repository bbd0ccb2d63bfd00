"""The tally of `cpc_prosecution.metrics.age_of_pending_caseload` in SQL."""

from typing import Final

from cpc_prosecution.metrics.age_of_pending_caseload import AGE_BANDS
from cpc_prosecution.store.metric_sql._sql import (
    Columns,
    array,
    count_if,
    inactive_days,
    inactive_on_day,
    pending_in_court_on_day,
)

POPULATION: Final = pending_in_court_on_day()
DERIVED: Final[tuple[Columns, ...]] = (
    (
        ("ap_pending", pending_in_court_on_day()),
        ("ap_active", f"({pending_in_court_on_day()} AND NOT {inactive_on_day()})"),
        ("ap_age", f"(p.day - s.filed_on - {inactive_days('s.filed_on', 'p.day')})"),
    ),
)


def _band(low: int, high: int | None) -> str:
    upper = "" if high is None else f" AND s.ap_age <= {high}"
    return f"s.ap_active AND s.ap_age >= {low}{upper}"


AGGREGATES: Final[Columns] = (
    ("pending", count_if("s.ap_pending")),
    ("active", count_if("s.ap_active")),
    ("median_age", "percentile_cont(0.5) WITHIN GROUP (ORDER BY s.ap_age) FILTER (WHERE s.ap_active)"),
    ("bands", array(count_if(_band(low, high)) for _, low, high in AGE_BANDS)),
)
