"""Plain queries of the interval metrics (`time_*`): the CourTools share and Kaplan-Meier by hand.

CourTools: the intervals that ended in the period (end not before start), and how many took at most each
standard. Kaplan-Meier: the cohort whose interval started in the period, each case observed on the as-of
date ($3): ended on its end date, else censored on the date it was disposed without reaching the end, else
on $3 (negative durations, bad data, left out); in the court intervals the days inside the case's inactive
periods do not count (`_plain_stocks.inactive_days`). Per day the endings and leavings, the cases at risk as a
running sum (`sum(...) OVER (ORDER BY day DESC)`), and the survival as a running product over the ending
days. PostgreSQL has no product aggregate; `PLAIN_SETUP` declares one (`bench_product`, `float8mul` from
1) in the benchmark's database, so the product is the same sequential float product as the engine's and
a quantile on an exact tie (S = 0.5) comes out the same; `exp(sum(ln(...)))` would differ in the last bits.
Median and 90th percentile: the first ending day with 1 - S >= q (less 1e-12, the engine's tolerance).
"""

from __future__ import annotations

from typing import Final

from _plain_check import label as _
from _plain_stocks import inactive_days

__all__ = ("INTERVALS", "PLAIN_SETUP")

#: Run once in the benchmark's database before the plain queries.
PLAIN_SETUP: Final = "CREATE AGGREGATE bench_product(float8) (SFUNC = float8mul, STYPE = float8, INITCOND = '1')"

_IN = "BETWEEN $1 AND $2"
_EPSILON = "1e-12::float8"


def _interval(start: str, end: str, standards: tuple[int, ...], *, active: bool = True) -> str:
    """`end`: the end date when it counts (NULL when the case has not reached it that way). `active`: the
    days the case was inactive between the two dates do not count (CourTools M3)."""
    censored = "CASE WHEN disposed AND e IS NULL AND disposed_on <= $3 THEN disposed_on ELSE $3 END"
    stop = f"CASE WHEN e <= $3 THEN e ELSE {censored} END"
    within = ", ".join(
        f"(SELECT count(*) FROM courtools WHERE days <= {n}) AS {_('within_standard', str(n))}" for n in standards
    )
    shares = ", ".join(
        f"100 * (1 - coalesce(min(s) FILTER (WHERE day <= {n}), 1)) AS {_('km_within_standard', str(n), 'value')}"
        for n in standards
    )
    less_ended = f" - {inactive_days('b', 'e')}" if active else ""
    less_seen = f" - {inactive_days('b', f'({stop})')}" if active else ""
    columns = "placed_inactive_on, reactivated_on, disposed, disposed_on"
    return (
        f"WITH courtools AS (SELECT e - b{less_ended} AS days FROM (SELECT {start} AS b, {end} AS e, {columns} "
        f"FROM case_summary) AS i WHERE e {_IN} AND e >= b), "
        f"cohort AS (SELECT * FROM (SELECT ({stop}) - b{less_seen} AS day, "
        "coalesce(e <= $3, false) AS ended "
        f"FROM (SELECT {start} AS b, {end} AS e, {columns} FROM case_summary WHERE {start} {_IN}) AS i"
        ") AS o WHERE day >= 0), "
        "per_day AS (SELECT day, count(*) FILTER (WHERE ended) AS d, count(*) AS leaving FROM cohort GROUP BY day), "
        "at_risk AS (SELECT day, d, sum(leaving) OVER (ORDER BY day DESC) AS n FROM per_day), "
        "km AS (SELECT day, bench_product(1 - d::float8 / n::float8) OVER (ORDER BY day) AS s "
        "FROM at_risk WHERE d > 0) "
        f"SELECT (SELECT count(*) FROM courtools) AS {_('ended_in_window')}, {within}, "
        f"(SELECT count(*) FROM cohort) AS {_('cohort')}, "
        f"(SELECT count(*) FILTER (WHERE ended) FROM cohort) AS {_('cohort_ended')}, "
        f"min(day) FILTER (WHERE 1 - s >= 0.5::float8 - {_EPSILON}) AS {_('km_median_days', None, 'value')}, "
        f"min(day) FILTER (WHERE 1 - s >= 0.9::float8 - {_EPSILON}) AS {_('km_p90_days', None, 'value')}, "
        f"{shares} FROM km"
    )


_JUDGED = "CASE WHEN disposed AND case_outcome IN ('CONVICTED', 'ACQUITTED') THEN disposed_on END"
INTERVALS: Final[dict[str, str]] = {
    "time_to_disposition": _interval("filed_on", "CASE WHEN disposed THEN disposed_on END", (90, 180, 365)),
    "time_detection_to_filing": _interval("detected_on", "filed_on", (30, 90, 180), active=False),
    "time_filing_to_arraignment": _interval("filed_on", "arraigned_on", (30, 90, 180)),
    "time_arraignment_to_judgment": _interval("arraigned_on", _JUDGED, (90, 180, 365)),
    "time_trial_to_submission": _interval("first_trial_on", "first_decision_on", (180,)),
    "time_submission_to_decision": _interval("first_decision_on", _JUDGED, (90,)),
}
