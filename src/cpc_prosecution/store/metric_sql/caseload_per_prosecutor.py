"""The tally of `cpc_prosecution.metrics.caseload_per_prosecutor` in SQL.

Rows: one per office, with its open cases (counted per office first), the same again when the office
has a snapshot, and its prosecutors carrying a caseload."""

from typing import Final

from cpc_prosecution.metrics.dimensions import NOT_RECORDED
from cpc_prosecution.store.metric_sql._capacity import capacity_query, case_source, params
from cpc_prosecution.store.metric_sql._sql import Columns, disposed_by_day, inactive_on_day

#: `caseload_per_prosecutor.open_on`.
OPEN: Final = f"(s.detected_on <= p.day AND NOT {disposed_by_day()} AND NOT {inactive_on_day()})"

AGGREGATES: Final[Columns] = (
    ("open_cases", "COALESCE(sum(r.open), 0)::bigint"),
    ("staffed", "COALESCE(sum(r.staffed), 0)::bigint"),
    ("carrying", "COALESCE(sum(r.carrying), 0)::bigint"),
)


def query(key: str | None, *, scoped: bool) -> str:
    # Open cases are counted per office first, then joined with the few latest snapshots.
    open_by_office = (
        f"SELECT COALESCE(s.office_id, '{NOT_RECORDED}') AS office_id, count(*) AS open "  # noqa: S608
        f"FROM {case_source(scoped)} AS s CROSS JOIN {params(scoped)} WHERE {OPEN} GROUP BY 1"
    )
    rows = (
        "SELECT COALESCE(c.office_id, l.office_id) AS office_id, COALESCE(c.open, 0) AS open, "  # noqa: S608
        "CASE WHEN l.office_id IS NULL THEN 0 ELSE COALESCE(c.open, 0) END AS staffed, "
        f"COALESCE(l.carrying_caseload, 0) AS carrying FROM ({open_by_office}) AS c "
        "FULL JOIN latest AS l ON l.office_id = c.office_id"
    )
    return capacity_query(rows, AGGREGATES, key, scoped=scoped)
