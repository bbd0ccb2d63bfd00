"""The tally of the Kaplan-Meier interval metrics (`time_*`, `cpc_prosecution.metrics.time_to_disposition`) in SQL.

One query per interval and breakdown. Per case (CTE `obs`, materialized once): the CourTools duration
when the interval ended in the window, and the Kaplan-Meier observation (days, ended) when it started
in the window, censored as `Interval.observe` censors. Per group and day the database counts endings
and leavings, and a window function (`sum(leaving) OVER (... ORDER BY day DESC)`) gives the cases
still at risk, i.e. whose duration is at least that day; each group's ending days come back as three
arrays (day, at risk, ended), at most one entry per distinct ending day.

The running product S(t) = prod(1 - d/n) over those few rows is taken by `survival.product_limit`,
the pure engine's own loop: PostgreSQL has no product aggregate, a custom one needs a migration, and
`exp(sum(ln(1 - d/n)))` differs from the sequential float product in the last bits, which moves a
4-decimal rounding tie (100 x 1/128 = 0.78125) or a quantile whose share is exactly 0.5 or 0.9. The
counting, the censoring and the ordering are all in SQL; the arithmetic is shared, so the two engines
agree exactly.
"""

from __future__ import annotations

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.dimensions import NOT_RECORDED
from cpc_prosecution.metrics.intervals import INTERVALS, JUDGMENTS, Interval
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.store.metric_sql._sql import PARAMS, array, inactive_days, summary_source
from cpc_prosecution.store.metric_sql.predicates import in_window

__all__ = ("QUERIES", "IntervalSql")

_JUDGMENT_CODES: Final = ", ".join(f"'{o.value}'" for o in CaseOutcome if o in JUDGMENTS)


class IntervalSql:
    """The tally query of one interval metric: `query(key, scoped=)`, a column per `IntervalTally` field."""

    def __init__(self, interval: Interval) -> None:
        self.interval = interval

    def _end(self) -> str:
        """`Interval.end_date`: the end date, NULL when it does not count."""
        conditions = []
        if self.interval.end == "disposed_on":
            conditions.append("s.disposed")
        if self.interval.judgment_only:
            conditions.append(f"s.case_outcome IN ({_JUDGMENT_CODES})")
        column = f"s.{self.interval.end}"
        return f"(CASE WHEN {' AND '.join(conditions)} THEN {column} END)" if conditions else column

    def _days(self, start: str, stop: str) -> str:
        """`Interval.days`: the days from `start` to `stop` that count (all, or the active ones)."""
        elapsed = f"({stop} - {start})"
        return f"({elapsed} - {inactive_days(start, stop)})" if self.interval.exclude_inactive else elapsed

    def _observed_cases(self, source: str, group: str) -> str:
        """Per case: the CourTools days when the interval ended in the window, the Kaplan-Meier days and
        whether it ended, when it started in the window."""
        start = f"s.{self.interval.start}"
        # t_end: `end_date`; t_other: `other_end` (disposed without reaching the end).
        rows = f"SELECT s.*, {self._end()} AS t_end FROM {source} AS s OFFSET 0"  # noqa: S608 (constants only)
        stop = "(CASE WHEN s.t_other <= p.day THEN s.t_other ELSE p.day END)"
        observed_until = f"(CASE WHEN s.t_end <= p.day THEN s.t_end ELSE {stop} END)"
        return (
            f"SELECT {group} AS g, "  # noqa: S608 (identifiers are module constants)
            f"CASE WHEN {start} IS NOT NULL AND {in_window('t_end')} AND s.t_end >= {start} "
            f"THEN {self._days(start, 's.t_end')} END AS ended_days, "
            "COALESCE(s.t_end <= p.day, false) AS km_ended, "
            f"CASE WHEN {in_window(self.interval.start)} THEN {self._days(start, observed_until)} END AS km_days "
            f"FROM (SELECT s.*, CASE WHEN s.disposed AND s.t_end IS NULL THEN s.disposed_on END AS t_other "
            f"FROM ({rows}) AS s) AS s CROSS JOIN {PARAMS}"
        )

    def _observed_accused(self, source: str, group: str) -> str:
        """The same per accused charged in court (`intervals.accused_observations`): from the accused's
        filing to their disposition, less their own inactive days."""
        periods = (
            "(SELECT x.f, COALESCE(x.u, a.e, 'infinity'::date) AS u FROM unnest(s.accused_inactive_of, "
            "s.accused_inactive_from, s.accused_inactive_until) AS x(o, f, u) WHERE x.o = a.k - 1)"
        )

        def days(stop: str) -> str:
            inactive = (
                f"COALESCE((SELECT sum(GREATEST(0, LEAST(i.u, {stop}) - GREATEST(i.f, a.b)))::integer "  # noqa: S608
                f"FROM {periods} AS i), 0)"
            )
            return f"(({stop} - a.b) - {inactive})" if self.interval.exclude_inactive else f"({stop} - a.b)"

        def within(day: str) -> str:
            return f"({day} <= p.w_end AND (p.w_start IS NULL OR {day} >= p.w_start))"

        return (
            f"SELECT {group} AS g, "  # noqa: S608 (identifiers are module constants)
            f"CASE WHEN a.b IS NOT NULL AND {within('a.e')} AND a.e >= a.b THEN {days('a.e')} END AS ended_days, "
            "COALESCE(a.e <= p.day, false) AS km_ended, "
            f"CASE WHEN {within('a.b')} THEN {days('(CASE WHEN a.e <= p.day THEN a.e ELSE p.day END)')} END "
            f"AS km_days FROM {source} AS s CROSS JOIN LATERAL unnest(s.accused_filed_on, s.accused_disposed_on) "
            f"WITH ORDINALITY AS a(b, e, k) CROSS JOIN {PARAMS}"
        )

    def query(self, key: str | None, *, scoped: bool, unit: Unit = Unit.CASE) -> str:
        """Parameters as every metric query: $1 period start or NULL, $2 window end, $3 as-of date
        (and $4, $5 the scope when `scoped`)."""
        source = summary_source(key, scoped=scoped)
        group = f"COALESCE(s.{key}, '{NOT_RECORDED}')" if key is not None else "NULL::text"
        if unit is Unit.ACCUSED:
            observed = self._observed_accused(source, group)
        else:
            observed = self._observed_cases(source, group)
        within = array(f"count(*) FILTER (WHERE ended_days <= {limit})" for limit in self.interval.standards_days)
        counted = (
            f"'{unit.value}' AS unit, count(ended_days) AS ended_in_window, {within} AS within, count(day) AS cohort, "
            "count(day) FILTER (WHERE km_ended) AS cohort_ended"
        )
        counts = f"SELECT 1 AS total, NULL::text AS g, {counted} FROM obs"  # noqa: S608 (constants only)
        if key is None:
            total, g, day_sets = "1", "NULL::text AS g", "GROUP BY day"
        else:
            total, g, day_sets = "GROUPING(g)", "g", "GROUP BY GROUPING SETS ((day), (g, day))"
            # Every group of the table is listed, even one with no case in the window.
            groups = f"SELECT DISTINCT COALESCE(s.{key}, '{NOT_RECORDED}') AS g FROM {source} AS s"  # noqa: S608
            counts += (
                f" UNION ALL SELECT 0, k.g, {counted} FROM ({groups}) AS k "  # noqa: S608 (constants only)
                "LEFT JOIN obs ON obs.g = k.g GROUP BY k.g"
            )
        return (
            # obs: only the cases either reading counts (the groups come from the table itself).
            "WITH obs AS MATERIALIZED (SELECT * FROM (SELECT g, ended_days, km_ended, "  # noqa: S608 (constants)
            f"CASE WHEN km_days >= 0 THEN km_days END AS day FROM ({observed}) AS o) AS o "
            "WHERE ended_days IS NOT NULL OR day IS NOT NULL), "
            f"per_day AS (SELECT {total} AS total, {g}, day, count(*) FILTER (WHERE km_ended) AS ended, "
            f"count(*) AS leaving FROM obs WHERE day IS NOT NULL {day_sets}), "
            "curve AS (SELECT total, g, array_agg(day ORDER BY day) AS step_days, "
            "array_agg(at_risk ORDER BY day) AS step_at_risk, array_agg(ended ORDER BY day) AS step_ended "
            "FROM (SELECT total, g, day, ended, "
            "sum(leaving) OVER (PARTITION BY total, g ORDER BY day DESC)::bigint AS at_risk FROM per_day) AS c "
            "WHERE ended > 0 GROUP BY total, g), "
            f"counts AS ({counts}) "
            "SELECT CASE WHEN c.total = 0 THEN c.g END AS grp, c.*, COALESCE(k.step_days, '{}') AS step_days, "
            "COALESCE(k.step_at_risk, '{}') AS step_at_risk, COALESCE(k.step_ended, '{}') AS step_ended "
            "FROM counts AS c LEFT JOIN curve AS k ON k.total = c.total AND k.g IS NOT DISTINCT FROM c.g "
            'ORDER BY c.total DESC, c.g COLLATE "C"'
        )


#: The tally query of each interval metric, by metric id.
QUERIES: Final[dict[str, IntervalSql]] = {metric_id: IntervalSql(i) for metric_id, i in INTERVALS.items()}
