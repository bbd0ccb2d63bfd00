"""Plain hand-written SQL, one query per metric: the baseline the live API is compared with.

Each computes the metric's figures for the same window ($1 period start, $2 period end, $3 as-of date)
the way someone would write them by hand against `case_summary` (and the capacity tables): one scan,
`FILTER` counts, no scope, no breakdown, none of the engine's as-of reconstruction (current stage
instead of the stage on a past day, no inactive rule), results fetched as a few numbers. So a plain
query does at most the work of the engine's query and usually less: the ratio API / plain charges the
API with everything the engine adds (as-of rules, scope, cells, JSON, HTTP, key check, audit entry).
"""

from __future__ import annotations

from typing import Final

from cpc_prosecution.metrics.children_identified import CELLS
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, FUNNEL_STAGES

__all__ = ("PLAIN",)

_IN = "BETWEEN $1 AND $2"
_DISPOSED = f"filed_on IS NOT NULL AND disposed AND disposed_on {_IN}"
_LATEST = "SELECT DISTINCT ON (office_id) * FROM office_staffing WHERE as_of <= $3 ORDER BY office_id, as_of DESC"


def _interval(start: str, end: str, standards: tuple[int, ...]) -> str:
    """Kaplan-Meier by hand: censored durations, per-day counts, the at-risk count and the product as
    window functions (`exp(sum(ln(1 - d/n)))`), median, 90th percentile and share within each standard;
    plus the CourTools share of intervals that ended in the window."""
    ended = f"({end} IS NOT NULL AND {end} <= $3)"
    other = "CASE WHEN disposed AND disposed_on <= $3 THEN disposed_on ELSE $3 END"
    shares = ", ".join(f"1 - min(s) FILTER (WHERE day <= {n})" for n in standards)
    within = ", ".join(f"count(*) FILTER (WHERE {end} - {start} <= {n})" for n in standards)
    return (
        f"WITH obs AS (SELECT CASE WHEN {ended} THEN {end} - {start} ELSE {other} - {start} END AS day, "
        f"{ended} AS ended FROM case_summary WHERE {start} {_IN}), "
        "per_day AS (SELECT day, count(*) FILTER (WHERE ended) AS d, count(*) AS l FROM obs WHERE day >= 0 "
        "GROUP BY day), "
        "curve AS (SELECT day, d, sum(l) OVER (ORDER BY day DESC) AS n FROM per_day), "
        "km AS (SELECT day, exp(sum(ln(greatest(1 - d::float8 / n, 1e-300))) OVER (ORDER BY day)) AS s "
        "FROM curve WHERE d > 0) "
        f"SELECT (SELECT count(*) FROM obs), min(day) FILTER (WHERE s <= 0.5), min(day) FILTER (WHERE s <= 0.1), "
        f"{shares}, (SELECT array[count(*), {within}] FROM case_summary "
        f"WHERE {end} {_IN} AND {end} >= {start}) FROM km"
    )


_TO_DISPOSITION = "CASE WHEN disposed THEN disposed_on END"
_TO_JUDGMENT = "CASE WHEN disposed AND case_outcome IN ('CONVICTED', 'ACQUITTED') THEN disposed_on END"
_STAGES = [FIRST_FIELD[s] for s in FUNNEL_STAGES]

_QUERIES: Final[dict[str, str]] = {
    "stage_funnel": (
        "SELECT count(*) FILTER (WHERE detected_on <= $3), "
        + ", ".join(f"count(*) FILTER (WHERE {f} <= $3), count(*) FILTER (WHERE {f} {_IN})" for f in _STAGES)
        + ", "
        + ", ".join(f"count(*) FILTER (WHERE detected_on <= $3 AND stage = '{s.value}')" for s in FUNNEL_STAGES)
        + " FROM case_summary"
    ),
    "clearance_rate": (
        f"SELECT count(*) FILTER (WHERE filed_on {_IN}), count(*) FILTER (WHERE disposed AND disposed_on {_IN}), "
        f"count(*) FILTER (WHERE least(first_archived_on, first_provisionally_dismissed_on) {_IN}) "
        "FROM case_summary"
    ),
    "time_to_disposition": _interval("filed_on", _TO_DISPOSITION, (180, 365, 730)),
    "time_detection_to_filing": _interval("detected_on", "filed_on", (30, 90, 180)),
    "time_filing_to_arraignment": _interval("filed_on", "arraigned_on", (30, 90, 180)),
    "time_arraignment_to_judgment": _interval("arraigned_on", _TO_JUDGMENT, (180, 365, 730)),
    "age_of_pending_caseload": (
        "SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY $3 - filed_on), "
        "count(*) FILTER (WHERE $3 - filed_on <= 180), count(*) FILTER (WHERE $3 - filed_on > 730) "
        "FROM case_summary WHERE filed_on <= $3 AND NOT (disposed AND disposed_on <= $3)"
    ),
    "trial_date_certainty": (
        "SELECT count(*), sum(trial_settings_held), sum(trial_settings), count(*) FILTER (WHERE postponements = 0) "
        f"FROM case_summary WHERE disposed AND disposed_on {_IN} AND first_trial_on IS NOT NULL "
        "AND (accused_convicted_after_trial > 0 OR accused_acquitted > 0)"
    ),
    "conviction_rate": (
        "SELECT count(*), count(*) FILTER (WHERE case_outcome = 'CONVICTED'), "
        "count(*) FILTER (WHERE case_outcome = 'ACQUITTED'), count(*) FILTER (WHERE case_outcome = 'DISMISSED'), "
        "sum(accused_convicted), sum(accused_acquitted), sum(accused_dismissed), sum(accused_convicted_by_plea) "
        f"FROM case_summary WHERE {_DISPOSED}"
    ),
    "children_identified": (
        "SELECT count(*), sum(children_total), sum(children_in_custody), "
        + ", ".join(f"sum(children_{c}), sum(custody_{c})" for c in CELLS)
        + f" FROM case_summary WHERE detected_on {_IN}"
    ),
    "child_testimony": (
        "SELECT count(*), sum(child_testimonies), sum(testimonies_in_courtroom), sum(live_link_used), "
        "sum(videotaped_deposition_used), sum(support_person_present), sum(guardian_ad_litem_appointed) "
        f"FROM case_summary WHERE {_DISPOSED}"
    ),
    "convictions_without_child_testimony": (
        "SELECT count(*), count(*) FILTER (WHERE testimonies_in_courtroom = 0), "
        "count(*) FILTER (WHERE child_testimonies = 0) "
        f"FROM case_summary WHERE case_outcome = 'CONVICTED' AND first_conviction_on {_IN}"
    ),
    "data_quality": (
        "SELECT count(*), count(*) FILTER (WHERE (court_id IS NOT NULL AND filed_on IS NULL) "
        "OR (disposed AND disposed_on IS NULL)), count(*) FILTER (WHERE filed_on < detected_on "
        "OR arraigned_on < filed_on OR disposed_on < arraigned_on OR final_on < disposed_on), "
        "count(*) FILTER (WHERE NOT disposed AND $3 - last_event_on > 180) "
        "FROM case_summary WHERE detected_on <= $3"
    ),
    "prosecutor_staffing": (
        "SELECT count(*), sum(positions_filled), sum(positions_vacant), sum(carrying_caseload), "
        f"sum(trained_trafficking), sum(trained_child_sensitive) FROM ({_LATEST}) AS l"
    ),
    "caseload_per_prosecutor": (
        "SELECT (SELECT count(*) FROM case_summary WHERE detected_on <= $3 "
        f"AND NOT (disposed AND disposed_on <= $3)), (SELECT sum(carrying_caseload) FROM ({_LATEST}) AS l)"
    ),
    "trainings_delivered": (
        f"SELECT topic, count(*), sum(participants), sum(participants * hours) FROM training_event "
        f"WHERE held_on {_IN} GROUP BY topic"
    ),
    "outcomes_by_trained_capacity": (
        "SELECT CASE WHEN l.office_id IS NULL THEN 'NO_SNAPSHOT' WHEN l.positions_filled > 0 "
        "AND 2 * l.trained_trafficking >= l.positions_filled THEN 'MET' ELSE 'NOT_MET' END AS status, "
        "count(*), count(*) FILTER (WHERE s.case_outcome = 'CONVICTED'), "
        "count(*) FILTER (WHERE s.disposed_on - s.filed_on BETWEEN 0 AND 365) "
        f"FROM case_summary AS s LEFT JOIN ({_LATEST}) AS l ON l.office_id = s.office_id "
        f"WHERE s.filed_on IS NOT NULL AND s.disposed AND s.disposed_on {_IN} GROUP BY 1"
    ),
}


def _typed(sql: str) -> str:
    """Declare $1..$3 as dates up front, so every query takes the same three arguments."""
    declare = "WITH window_ AS (SELECT $1::date AS w_start, $2::date AS w_end, $3::date AS as_of)"
    return f"{declare}, {sql[len('WITH ') :]}" if sql.startswith("WITH ") else f"{declare} {sql}"


#: The plain query of each metric id.
PLAIN: Final[dict[str, str]] = {metric_id: _typed(sql) for metric_id, sql in _QUERIES.items()}
