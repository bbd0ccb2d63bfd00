"""`caseload_per_prosecutor` in SQL: mirrors `cpc_prosecution.metrics.caseload_per_prosecutor`.

Rows: one per open case (1 open, 1 staffed when its office has a snapshot) and one per office snapshot
(its prosecutors carrying a caseload), so one pass sums both sides per office."""

from typing import Any, Final

from cpc_prosecution.metrics.caseload_per_prosecutor import caseload_cells
from cpc_prosecution.metrics.dimensions import NOT_RECORDED
from cpc_prosecution.metrics.results import Cell
from cpc_prosecution.store.metric_sql._capacity import capacity_query, case_source
from cpc_prosecution.store.metric_sql._sql import Columns, disposed_by_day, inactive_on_day

#: `caseload_per_prosecutor.open_on`.
OPEN: Final = f"(s.detected_on <= p.day AND NOT {disposed_by_day()} AND NOT {inactive_on_day()})"

AGGREGATES: Final[Columns] = (
    ("open_cases", "COALESCE(sum(r.open), 0)"),
    ("staffed", "COALESCE(sum(r.staffed), 0)"),
    ("carrying", "COALESCE(sum(r.carrying), 0)"),
)


def query(key: str | None, *, scoped: bool) -> str:
    rows = (
        f"SELECT COALESCE(s.office_id, '{NOT_RECORDED}') AS office_id, 1 AS open, "  # noqa: S608 (constants only)
        "CASE WHEN l.office_id IS NULL THEN 0 ELSE 1 END AS staffed, 0 AS carrying "
        f"FROM {case_source(scoped)} AS s CROSS JOIN p LEFT JOIN latest AS l ON l.office_id = s.office_id "
        f"WHERE {OPEN} "
        "UNION ALL SELECT l.office_id, 0, 0, l.carrying_caseload FROM latest AS l"
    )
    return capacity_query(rows, AGGREGATES, key, scoped=scoped)


def cells(row: Any) -> list[Cell]:
    return caseload_cells(row["open_cases"], row["staffed"], row["carrying"])
