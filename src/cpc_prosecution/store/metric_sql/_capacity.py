"""The shape of a capacity metric's query: per-office rows, the total over them, and one group per office.

Parameters as every metric query ($1 period start or NULL, $2 window end, $3 as-of date; scoped, $4 the
key's offices and $5 its judicial regions). Cases are scoped as the other metrics scope them (owned by the
offices or before the regions' courts); staffing snapshots and trainings, which name only an office, are
read for the key's offices ($4), as `GET /v1/staffing` reads them.

By office, the groups are every office named by a case (`office_id`, NOT_RECORDED when none), a snapshot or
a training in scope, in code-point order, as the pure engine's `capacity_engine.compute_capacity` lists them.
"""

from typing import Final

from cpc_prosecution.metrics.dimensions import NOT_RECORDED
from cpc_prosecution.metrics.staffing import TRAINED_CAPACITY_THRESHOLD_PERCENT
from cpc_prosecution.store.metric_sql._sql import Columns, summary_source

__all__ = ("MEETS_THRESHOLD", "capacity_query", "case_source", "params", "scope_filter")

#: `staffing.meets_trained_threshold` over a snapshot aliased `l`.
_T: Final = TRAINED_CAPACITY_THRESHOLD_PERCENT
MEETS_THRESHOLD: Final = f"(l.positions_filled > 0 AND 100 * l.trained_trafficking >= {_T} * l.positions_filled)"


def params(scoped: bool) -> str:
    """The parameters as one row `p` (with the scope, so every parameter is declared once). Joined as a
    subquery where it is read (not a CTE), so the planner folds its columns into the scans' filters."""
    scope = ", $4::text[] AS offices, $5::text[] AS regions" if scoped else ""
    return f"(SELECT $1::date AS w_start, $2::date AS w_end, $3::date AS day{scope}) AS p"


def case_source(scoped: bool) -> str:
    return summary_source(None, scoped=scoped)


def scope_filter(alias: str, scoped: bool) -> str:
    """Rows of a capacity table (`alias`) in scope: the key's offices."""
    return f"{alias}.office_id = any(p.offices)" if scoped else "true"


def latest_snapshots(scoped: bool) -> str:
    """`staffing.latest_snapshots`: each office's latest snapshot on or before the as-of date."""
    return (
        f"SELECT DISTINCT ON (st.office_id) st.* FROM office_staffing AS st CROSS JOIN {params(scoped)} "  # noqa: S608
        f"WHERE st.as_of <= p.day AND {scope_filter('st', scoped)} ORDER BY st.office_id, st.as_of DESC"
    )


def capacity_query(rows: str, aggregates: Columns, key: str | None, *, scoped: bool) -> str:
    """`rows`: per-office rows (an `office_id` column), may read the CTE `latest` and join
    `params(scoped)`; `aggregates` are computed over them (as `r`) for the total and, with `key` (only
    `office_id`), per office."""
    select = ", ".join(f"{expr} AS {name}" for name, expr in aggregates)
    # Every identifier is a module constant; values are bound parameters.
    head = f"WITH latest AS ({latest_snapshots(scoped)}), rows AS ({rows})"
    total = f"SELECT NULL::text AS grp, {select} FROM rows AS r"  # noqa: S608 (constants only)
    if key is None:
        return f"{head} {total}"
    p = params(scoped)
    offices = (
        f"SELECT COALESCE(s.{key}, '{NOT_RECORDED}') AS g FROM {case_source(scoped)} AS s "  # noqa: S608
        f"UNION SELECT st.office_id FROM office_staffing AS st CROSS JOIN {p} WHERE {scope_filter('st', scoped)} "
        f"UNION SELECT t.office_id FROM training_event AS t CROSS JOIN {p} WHERE {scope_filter('t', scoped)}"
    )
    groups = (
        f"SELECT o.g AS grp, {select} FROM ({offices}) AS o "  # noqa: S608 (constants only)
        "LEFT JOIN rows AS r ON r.office_id = o.g GROUP BY o.g"
    )
    return f'{head} SELECT * FROM ({total} UNION ALL {groups}) AS x ORDER BY grp IS NOT NULL, grp COLLATE "C"'  # noqa: S608
