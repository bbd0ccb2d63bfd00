"""`prosecutor_staffing` in SQL: mirrors `cpc_prosecution.metrics.prosecutor_staffing`."""

from typing import Any, Final

from cpc_prosecution.metrics.prosecutor_staffing import staffing_cells
from cpc_prosecution.metrics.results import Cell
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


def cells(row: Any) -> list[Cell]:
    filled, vacant, carrying, trafficking, child_sensitive = (row[name] for name in _SUMMED)
    return staffing_cells(row["offices"], filled, vacant, carrying, trafficking, child_sensitive, row["met"])
