"""SQL fragments shared by the metric queries: the window and the as-of rules of
`cpc_prosecution.metrics.reconstruction`, written over `case_summary` columns.

Every query reads `case_summary AS s CROSS JOIN params AS p`, where `p.w_start` (NULL without a period),
`p.w_end` and `p.day` (the as-of date) are the bound parameters $1, $2 and $3. Column names come only
from the summary's own field names (module constants), never from input.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Final, Protocol

from cpc_prosecution.metrics.dimensions import COLUMNS, NOT_RECORDED, PLACE_LEVELS
from cpc_prosecution.metrics.reconstruction import DATE_FIELDS, FIRST_FIELD, FUNNEL_STAGES
from cpc_prosecution.store.metric_sql.predicates import in_scope

PARAMS: Final = "(SELECT $1::date AS w_start, $2::date AS w_end, $3::date AS day) AS p"


def on_or_before_day(column: str) -> str:
    return f"(s.{column} <= p.day)"


def disposed_by_day() -> str:
    """`disposed_by(s, day)`."""
    return "(s.disposed AND s.disposed_on IS NOT NULL AND s.disposed_on <= p.day)"


#: `reconstruction.inactive_periods(s)` as rows `x(f, u)`: each period's start and end (infinity when open).
_PERIODS: Final = (
    "(SELECT x.f, COALESCE(x.u, CASE WHEN s.disposed THEN s.disposed_on END, 'infinity'::date) AS u "
    "FROM unnest(s.placed_inactive_on, s.reactivated_on) AS x(f, u))"
)


def inactive_on_day() -> str:
    """`inactive_on(s, day)`, never NULL."""
    return f"EXISTS (SELECT 1 FROM {_PERIODS} AS i WHERE i.f <= p.day AND p.day < i.u)"  # noqa: S608


def inactive_days(start: str, stop: str) -> str:
    """`inactive_days(s, start, stop)`: SQL date expressions in, integer days out (0 when either is NULL)."""
    return (
        f"COALESCE((SELECT sum(GREATEST(0, LEAST(i.u, {stop}) - GREATEST(i.f, {start})))::integer "  # noqa: S608
        f"FROM {_PERIODS} AS i), 0)"
    )


def pending_in_court_on_day() -> str:
    """`pending_in_court_on(s, day)`, never NULL."""
    return f"(COALESCE(s.filed_on <= p.day, false) AND NOT {disposed_by_day()})"


def complete_on_day() -> str:
    """`complete_on(s, day)`, never NULL."""
    return "COALESCE(s.last_event_on <= p.day, false)"


def latest_known_date() -> str:
    """`latest_known_date(s, day)`."""
    candidates = ", ".join(f"CASE WHEN s.{name} <= p.day THEN s.{name} END" for name in DATE_FIELDS)
    return f"(CASE WHEN {complete_on_day()} THEN s.last_event_on ELSE GREATEST(s.detected_on, {candidates}) END)"


def latest_first_on_day() -> str:
    """The latest funnel-stage first date on or before the day (NULL when none is)."""
    dates = ", ".join(f"CASE WHEN s.{FIRST_FIELD[st]} <= p.day THEN s.{FIRST_FIELD[st]} END" for st in FUNNEL_STAGES)
    return f"GREATEST({dates})"


def stage_on_day(latest_first_on: str) -> str:
    """`stage_on(s, day)` for a known case: the current stage when complete, else the funnel stage whose
    first date is the latest on or before the day (ties: the later stage), DETECTION when none is.
    `latest_first_on` names a column holding `latest_first_on_day()`."""
    branches = " ".join(
        f"WHEN s.{FIRST_FIELD[st]} = s.{latest_first_on} THEN '{st.value}'" for st in reversed(FUNNEL_STAGES)
    )
    return f"(CASE WHEN {complete_on_day()} THEN s.stage {branches} ELSE 'DETECTION' END)"


def dates_in_window(column: str) -> str:
    """`clearance_rate.dates_in(w, s.<column>)`: how many days of a date array fall inside the window."""
    return (
        f"(SELECT count(*)::integer FROM unnest(s.{column}) AS d(day) "  # noqa: S608 - a summary column
        "WHERE d.day <= p.w_end AND (p.w_start IS NULL OR d.day >= p.w_start))"
    )


def count_if(condition: str) -> str:
    return f"count(*) FILTER (WHERE {condition})"


def sum_if(column: str, condition: str) -> str:
    return f"COALESCE(sum({column}) FILTER (WHERE {condition}), 0)"


def array(expressions: Iterable[str]) -> str:
    """One tally field that is a tuple (one integer per category), as an array column."""
    return f"ARRAY[{', '.join(expressions)}]::bigint[]"


Columns = Sequence[tuple[str, str]]
"""(name, SQL expression) pairs."""


def _select_list(items: Columns) -> str:
    return ", ".join(f"{expr} AS {name}" for name, expr in items)


#: The place dimensions' columns, as `psgc_area` holds each place's roll-up.
_PLACE_COLUMNS: Final = {COLUMNS[d]: level for d, level in PLACE_LEVELS.items()}
#: Summary rows with their place's roll-up (a place missing from the masterlist: NULLs).
_ROLLUP: Final = ", ".join(f"a.{level}::text AS {column}" for column, level in _PLACE_COLUMNS.items())
_PLACED: Final = f"(SELECT c.*, {_ROLLUP} FROM case_summary AS c LEFT JOIN psgc_area AS a ON a.psgc = c.place_psgc)"  # noqa: S608
_IN_SCOPE: Final = in_scope("$4", "$5")


def summary_source(key: str | None, *, scoped: bool) -> str:
    """The summary rows a metric reads: all of them, or the caller's scope (owned by its offices, $4, or
    before the courts of its regions, $5); with a place dimension's
    column as `key`, joined to their place's roll-up (only then, so other queries read the table alone)."""
    table = _PLACED if key in _PLACE_COLUMNS else "case_summary"
    if not scoped:
        return table
    return f"(SELECT * FROM {table} AS c WHERE {_IN_SCOPE})"  # noqa: S608 - constants only


_COLUMN: Final = re.compile(r"\bs\.([a-z_][a-z0-9_]*)")


def _read_columns(items: Columns) -> set[str]:
    """The `s.<column>` names an expression list reads."""
    return {name for _, expr in items for name in _COLUMN.findall(expr)}


def build_query(
    aggregates: Columns,
    key: str | None,
    derived: Sequence[Columns] = (),
    *,
    scoped: bool = False,
    population: str | None = None,
    join: str = "",
) -> str:
    """One aggregate query: the total over all rows and, with `key` (a whitelisted column), one row per
    value of `COALESCE(key, 'NOT_RECORDED')`, total first then groups in code-point order.

    `derived`: levels of per-row columns computed once each (OFFSET 0 keeps the planner from inlining
    them into every aggregate that reads them); a level may read the columns of the levels before it.
    `population`: a condition every row counted by any aggregate meets (each aggregate's FILTER implies
    it). Without a breakdown the rows outside it are dropped first (a `WHERE`), so the aggregates and
    derived columns run only over the population; with one, every row stays so every group is listed.
    `join`: a constant join clause after the summary rows (e.g. their legal clocks, `c`).
    """
    # Every identifier below is a summary field or a dimension's column (module constants); values
    # are bound parameters.
    source = summary_source(key, scoped=scoped)
    if population is not None and key is None:
        source = f"(SELECT s.* FROM {source} AS s CROSS JOIN {PARAMS} WHERE {population})"  # noqa: S608
    # A derived level carries up only the columns read above it (not `s.*`: forming rows of the
    # table's ~120 columns costs more than many of the aggregates); the join's columns too.
    read = _read_columns([*aggregates, *(c for level in derived for c in level)]) | set(_COLUMN.findall(join))
    carried = sorted(read | ({key} if key else set()))
    for i, level in enumerate(derived):
        made = {name for later in derived[i:] for name, _ in later}
        keep = "".join(f"s.{c}, " for c in carried if c not in made)
        source = f"(SELECT {keep}{_select_list(level)} FROM {source} AS s CROSS JOIN {PARAMS} OFFSET 0)"  # noqa: S608
        carried = [c for c in carried if c not in {name for name, _ in level}] + [name for name, _ in level]
    body = f"{_select_list(aggregates)} FROM {source} AS s {join} CROSS JOIN {PARAMS}"
    if key is None:
        return f"SELECT NULL::text AS grp, {body}"
    group = f"COALESCE(s.{key}, '{NOT_RECORDED}')"
    return (
        f"SELECT CASE WHEN GROUPING({group}) = 0 THEN {group} END AS grp, {body} "
        f"GROUP BY GROUPING SETS ((), ({group})) "
        f'ORDER BY GROUPING({group}) DESC, {group} COLLATE "C"'
    )


class SqlMetric(Protocol):
    """A metric that writes its own query (a module with `AGGREGATES` is built by `build_query`)."""

    def query(self, key: str | None, *, scoped: bool) -> str:
        """The SQL text: one row per group (`grp`), the total first, a column per tally field; parameters
        as `build_query`'s."""
        ...
