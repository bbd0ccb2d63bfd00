"""Plain queries of the metrics read on the as-of date ($3): the state of each case on that day,
reconstructed from its current summary by the documented as-of rules (docs/metrics.md), written out
inline: a case is known once detected, disposed by the day when its disposition date is on or before it,
inactive on the day when it falls in one of the case's inactive periods (from each `placed_inactive_on`
day to the matching `reactivated_on` day, the last unmatched one to the disposition, or open), and at the stage
it is in now when nothing happened after the day, else at the funnel stage whose first date is the
latest on or before the day. Legal clocks are read from `case_clock`."""

from __future__ import annotations

from typing import Final

from _plain_check import label as _

from cpc_prosecution.domain.clocks import OBLIGATION_RULES, ClockScope
from cpc_prosecution.domain.vocab.stages import Stage

__all__ = ("INACTIVE", "STOCKS", "inactive_days")

_IN = "BETWEEN $1 AND $2"
#: The case's inactive periods as rows (period_from, period_until: NULL when still open); names that no
#: caller's column shadows.
_PERIODS = (
    "(SELECT pl.period_from, coalesce(re.u, CASE WHEN disposed THEN disposed_on END) AS period_until "
    "FROM unnest(placed_inactive_on) WITH ORDINALITY AS pl(period_from, k) "
    "LEFT JOIN unnest(reactivated_on) WITH ORDINALITY AS re(u, k) ON re.k = pl.k)"
)
#: Inactive on $3 (TRUE, or FALSE when not).
INACTIVE: Final = (
    f"EXISTS (SELECT FROM {_PERIODS} AS ip WHERE ip.period_from <= $3 "
    "AND (ip.period_until IS NULL OR $3 < ip.period_until))"
)


def inactive_days(start: str, stop: str) -> str:
    """Days of [start, stop) inside the case's inactive periods."""
    return (
        f"(SELECT coalesce(sum(greatest(0, least(coalesce(ip.period_until, {stop}), {stop}) "
        f"- greatest(ip.period_from, {start}))), 0) "
        f"FROM {_PERIODS} AS ip)"
    )


_DISPOSED_BY_DAY = "(disposed AND disposed_on <= $3)"
#: Open on $3 (for known cases): not disposed by the day and not inactive on it.
_OPEN = f"({_DISPOSED_BY_DAY} IS NOT TRUE AND {INACTIVE} IS NOT TRUE)"

# Funnel stages (the BAIL_HEARING overlay is not one), latest first: a tie goes to the later stage.
_FUNNEL = [s for s in Stage if s is not Stage.BAIL_HEARING]
_COURT_FROM = _FUNNEL.index(Stage.FILED_IN_COURT)
_LATEST_FIRST = (
    "greatest("
    + ", ".join(f"CASE WHEN first_{s.value.lower()}_on <= $3 THEN first_{s.value.lower()}_on END" for s in _FUNNEL)
    + ")"
)
_STAGE_ON_DAY = (
    f"CASE WHEN last_event_on <= $3 THEN stage ELSE CASE {_LATEST_FIRST} "
    + " ".join(f"WHEN first_{s.value.lower()}_on THEN '{s.value}'" for s in reversed(_FUNNEL))
    + " ELSE 'DETECTION' END END"
)

_STAGE_FUNNEL = (
    f"SELECT count(*) AS {_('cases')}, "
    + ", ".join(
        f"count(*) FILTER (WHERE first_{s.value.lower()}_on <= $3) AS {_('cases_reached', s.value)}, "
        f"count(*) FILTER (WHERE first_{s.value.lower()}_on {_IN}) AS {_('cases_entering', s.value)}, "
        f"count(*) FILTER (WHERE stage_then = '{s.value}') AS {_('cases_at_stage', s.value)}, "
        f"sum({'accused_charged' if i >= _COURT_FROM else 'suspects_arrested'}) FILTER (WHERE stage_then = "
        f"'{s.value}') AS {_('accused_in_cases_at_stage', s.value)}"
        for i, s in enumerate(_FUNNEL)
    )
    + f" FROM (SELECT *, {_STAGE_ON_DAY} AS stage_then FROM case_summary WHERE detected_on <= $3) AS known"
)

_AGE_BANDS = (("0-90", 0, 90), ("91-180", 91, 180), ("181-365", 181, 365), ("366-730", 366, 730))
_AGE_OF_PENDING = (
    f"SELECT count(*) FILTER (WHERE NOT inactive) AS {_('active_pending')}, "
    f"count(*) FILTER (WHERE inactive) AS {_('inactive_pending')}, "
    "percentile_cont(0.5) WITHIN GROUP (ORDER BY age) FILTER (WHERE NOT inactive) "
    f"AS {_('median_age_days', None, 'value')}, "
    + ", ".join(
        f"count(*) FILTER (WHERE NOT inactive AND age BETWEEN {low} AND {high}) AS {_('cases_in_band', band)}"
        for band, low, high in _AGE_BANDS
    )
    + f", count(*) FILTER (WHERE NOT inactive AND age > 730) AS {_('cases_in_band', '731+')} "
    f"FROM (SELECT $3 - filed_on - {inactive_days('filed_on', '$3')} AS age, {INACTIVE} AS inactive FROM case_summary "
    f"WHERE filed_on <= $3 AND {_DISPOSED_BY_DAY} IS NOT TRUE) AS pending"
)

# Data quality: a status implying a date the record lacks; key dates out of order (each present one
# before the latest present one ahead of it) or any date before the detection; open cases with no
# known event in the last 180 days (the latest summary date on or before the day, all of them when
# nothing happened after it).
_KEY_DATES = ("detected_on", "filed_on", "arraigned_on", "first_conviction_on", "disposed_on", "final_on")
_ALL_DATES = (*(f"first_{s.value.lower()}_on" for s in Stage), *_KEY_DATES[1:], "last_event_on")
_MISSING = (
    "((court_id IS NOT NULL AND filed_on IS NULL) OR (first_trial_on IS NOT NULL AND arraigned_on IS NULL) "
    "OR (accused_convicted + accused_acquitted > 0 AND arraigned_on IS NULL) OR (disposed AND disposed_on IS NULL) "
    "OR (case_outcome = 'CONVICTED' AND first_conviction_on IS NULL))"
)
_OUT_OF_ORDER = (
    "("
    + " OR ".join(f"{d} < greatest({', '.join(_KEY_DATES[:i])})" for i, d in enumerate(_KEY_DATES) if i)
    + f" OR least({', '.join(_ALL_DATES)}) < detected_on)"
)
_LATEST_KNOWN = (
    "CASE WHEN last_event_on <= $3 THEN last_event_on ELSE greatest(detected_on, "
    + ", ".join(f"CASE WHEN {d} <= $3 THEN {d} END" for d in _ALL_DATES)
    + ") END"
)
_DATA_QUALITY = (
    f"SELECT count(*) AS {_('cases')}, count(*) FILTER (WHERE missing) AS {_('missing_key_dates')}, "
    f"count(*) FILTER (WHERE out_of_order) AS {_('impossible_date_order')}, "
    f"count(*) FILTER (WHERE open) AS {_('open_cases')}, count(*) FILTER (WHERE stale) AS {_('no_event_180_days')}, "
    f"count(*) FILTER (WHERE missing OR out_of_order OR stale) AS {_('any_issue')} "
    f"FROM (SELECT {_MISSING} AS missing, {_OUT_OF_ORDER} AS out_of_order, {_OPEN} AS open, "
    f"{_OPEN} AND $3 - ({_LATEST_KNOWN}) > 180 AS stale FROM case_summary WHERE detected_on <= $3) AS known"
)

# Stage attrition over the cases detected in the period: the furthest step reached by the day (a step
# is reached when a stage marking it or a later step has its first date on or before the day), and
# closed by the day (final, or disposed other than by a conviction).
_STEPS = (
    ("DETECTION", "true"),
    ("PRELIMINARY", "first_inquest_on <= $3 OR first_prelim_investigation_on <= $3"),
    ("RESOLUTION", "first_resolution_on <= $3"),
    ("FILED_IN_COURT", "first_filed_in_court_on <= $3"),
    ("ARRAIGNMENT", "first_arraignment_on <= $3"),
    ("JUDGMENT", "first_post_judgment_on <= $3"),
    ("FINAL", "first_final_on <= $3"),
)
_FURTHEST = "CASE " + " ".join(f"WHEN {cond} THEN {k}" for k, (_, cond) in reversed(list(enumerate(_STEPS)))) + " END"
_CLOSED = f"(final_on <= $3 OR ({_DISPOSED_BY_DAY} AND case_outcome <> 'CONVICTED'))"
_STAGE_ATTRITION = (
    "SELECT "
    + ", ".join(f"count(*) FILTER (WHERE step >= {k}) AS {_('reached', name)}" for k, (name, _c) in enumerate(_STEPS))
    + ", "
    + ", ".join(
        f"count(*) FILTER (WHERE step > {k}) AS {_('continued', name)}, "
        f"count(*) FILTER (WHERE step = {k} AND closed) AS {_('left_without_next', name)}, "
        f"count(*) FILTER (WHERE step = {k} AND closed IS NOT TRUE) AS {_('still_open', name)}"
        for k, (name, _c) in enumerate(_STEPS[:-1])
    )
    + f" FROM (SELECT {_FURTHEST} AS step, {_CLOSED} AS closed FROM case_summary WHERE detected_on {_IN}) AS cohort"
)


def _clock(rule: str, scope: ClockScope) -> str:
    """One rule's clocks: ended in the period (met or not), running on the day, and overdue (due before
    the day, unless paused and still open now)."""
    prefix = "" if scope is ClockScope.CASE else "accused_"
    this = f"rule_id = '{rule}'"
    running = f"{this} AND started_on <= $3 AND (ended_on IS NULL OR ended_on > $3)"
    return (
        f"count(*) FILTER (WHERE {this} AND ended_on {_IN}) AS {_(f'{prefix}ended', rule)}, "
        f"count(*) FILTER (WHERE {this} AND ended_on {_IN} AND on_time) AS {_(f'{prefix}met', rule)}, "
        f"count(*) FILTER (WHERE {this} AND ended_on {_IN} AND on_time IS NOT TRUE) AS {_(f'{prefix}missed', rule)}, "
        f"count(*) FILTER (WHERE {running}) AS {_(f'{prefix}running', rule)}, "
        f"count(*) FILTER (WHERE {running} AND due_on < $3 AND NOT (ended_on IS NULL AND paused)) "
        f"AS {_(f'{prefix}running_overdue', rule)}"
    )


_LEGAL_CLOCKS = "SELECT " + ", ".join(_clock(r.rule_id, r.scope) for r in OBLIGATION_RULES) + " FROM case_clock"

STOCKS: Final[dict[str, str]] = {
    "stage_funnel": _STAGE_FUNNEL,
    "age_of_pending_caseload": _AGE_OF_PENDING,
    "data_quality": _DATA_QUALITY,
    "stage_attrition": _STAGE_ATTRITION,
    "legal_clock_compliance": _LEGAL_CLOCKS,
}
