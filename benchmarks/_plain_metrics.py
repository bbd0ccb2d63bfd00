"""Plain hand-written SQL, one query per metric: the baseline the live API is compared with.

Each query computes the same figures as the API's ungrouped result for the same window ($1 period start,
$2 period end, $3 as-of date; the benchmark always passes a period), the way someone who knows the
metric definitions (docs/metrics.md) would write them by hand: one statement over `case_summary` (and
`case_clock` or the capacity tables), `FILTER` counts and sums, the as-of rules written out inline
where a metric reads the state on a past day (the stage on that day, disposed by it, the inactive
rule, the latest known date; `_plain_stocks.py`), Kaplan-Meier by window functions (`_plain_intervals.py`).
It leaves out what the API adds around the same figures: the scope, the breakdown's groups, the
cells, JSON, HTTP, the key check and the audit entry, so the ratio API / plain charges the API with
exactly that. The vocabulary (stage, reason, service and topic codes, summary column names) is read
from the package so the text stays in step with the schema; no rule, fragment or query of the engine is.

Every output column is named after the API cell it must equal (`_plain_check.py`); the benchmark runs
each plain query once at its first scale and stops if any figure differs from the API response.
"""

from __future__ import annotations

from typing import Final

from _plain_capacity import CAPACITY
from _plain_flows import FLOWS
from _plain_intervals import INTERVALS, PLAIN_SETUP
from _plain_stocks import STOCKS

__all__ = ("PLAIN", "PLAIN_SETUP", "missing")


def _typed(sql: str) -> str:
    """Declare $1..$3 as dates up front, so every query takes the same three arguments."""
    declare = "WITH window_ AS (SELECT $1::date AS w_start, $2::date AS w_end, $3::date AS as_of)"
    return f"{declare}, {sql[len('WITH ') :]}" if sql.startswith("WITH ") else f"{declare} {sql}"


#: The plain query of each metric id.
PLAIN: Final[dict[str, str]] = {
    metric_id: _typed(sql) for family in (STOCKS, FLOWS, INTERVALS, CAPACITY) for metric_id, sql in family.items()
}


def missing(metric_ids: list[str]) -> str | None:
    """Why the plain queries do not cover exactly the registered metrics, or None when they do."""
    unmeasured = [m for m in metric_ids if m not in PLAIN]
    unknown = sorted(set(PLAIN) - set(metric_ids))
    if not unmeasured and not unknown:
        return None
    return (
        f"registered metrics without a plain query: {', '.join(unmeasured) or 'none'}; "
        f"plain queries of no registered metric: {', '.join(unknown) or 'none'} (benchmarks/_plain_*.py)"
    )
