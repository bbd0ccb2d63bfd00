"""The tally of `cpc_prosecution.metrics.prosecutor_staffing` in SQL."""

from typing import Final

from cpc_prosecution.store.metric_sql._capacity import MEETS_THRESHOLD, capacity_query
from cpc_prosecution.store.metric_sql._sql import Columns

_SUMMED: Final = (
    "positions_filled",
    "positions_vacant",
    "carrying_caseload",
    "trained_trafficking",
    "trained_child_sensitive",
)
AGGREGATES: Final[Columns] = (
    ("offices", "count(r.office_id)"),
    *((name, f"COALESCE(sum(r.{name}), 0)") for name in _SUMMED),
    ("met", "count(*) FILTER (WHERE r.met)"),
)


def query(key: str | None, *, scoped: bool) -> str:
    rows = f"SELECT l.*, {MEETS_THRESHOLD} AS met FROM latest AS l"  # noqa: S608 (constants only)
    return capacity_query(rows, AGGREGATES, key, scoped=scoped)
