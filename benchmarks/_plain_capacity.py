"""Plain queries of the capacity metrics: each office's latest staffing snapshot on or before the as-of
date ($3; `DISTINCT ON`), trainings held in the period, and the cases joined to their office's snapshot."""

from __future__ import annotations

from typing import Final

from _plain_check import label as _
from _plain_stocks import INACTIVE

from cpc_prosecution.domain.capacity import TrainingTopic

__all__ = ("CAPACITY",)

_IN = "BETWEEN $1 AND $2"
_LATEST = "SELECT DISTINCT ON (office_id) * FROM office_staffing WHERE as_of <= $3 ORDER BY office_id, as_of DESC"
#: The office's trained capacity meets the threshold: a filled post, and at least half of them trained.
_MET = "(l.positions_filled > 0 AND 2 * l.trained_trafficking >= l.positions_filled)"

CAPACITY: Final[dict[str, str]] = {
    "prosecutor_staffing": (
        f"SELECT count(*) AS {_('offices_reporting')}, sum(positions_filled + positions_vacant) AS {_('positions')}, "
        f"sum(positions_filled) AS {_('positions_filled')}, sum(positions_vacant) AS {_('positions_vacant')}, "
        f"sum(positions_vacant) AS {_('vacancy_rate')}, sum(carrying_caseload) AS {_('carrying_caseload')}, "
        f"sum(trained_trafficking) AS {_('trained_trafficking')}, "
        f"sum(trained_child_sensitive) AS {_('trained_child_sensitive')}, "
        f"count(*) FILTER (WHERE {_MET}) AS {_('offices_meeting_trained_threshold')} FROM ({_LATEST}) AS l"
    ),
    # Open on $3: detected, not disposed by the day, not inactive on it; the ratio pools the offices
    # with a snapshot.
    "caseload_per_prosecutor": (
        f"WITH latest AS ({_LATEST}) "
        f"SELECT count(*) AS {_('open_cases')}, "
        f"count(*) FILTER (WHERE l.office_id IS NULL) AS {_('open_cases_without_staffing')}, "
        f"count(l.office_id) AS {_('cases_per_prosecutor')}, "
        f"(SELECT sum(carrying_caseload) FROM latest) AS {_('carrying_caseload')} "
        "FROM case_summary AS s LEFT JOIN latest AS l ON l.office_id = s.office_id "
        "WHERE s.detected_on <= $3 AND (s.disposed AND s.disposed_on <= $3) IS NOT TRUE "
        f"AND {INACTIVE} IS NOT TRUE"
    ),
    "trainings_delivered": (
        f"SELECT count(*) AS {_('trainings')}, sum(participants) AS {_('participants')}, "
        + ", ".join(
            f"count(*) FILTER (WHERE topic = '{t.value}') AS {_('trainings', t.value)}, "
            f"sum(participants) FILTER (WHERE topic = '{t.value}') AS {_('participants', t.value)}"
            for t in TrainingTopic
        )
        + f", sum(participants * hours) AS {_('participant_hours')} FROM training_event WHERE held_on {_IN}"
    ),
    # Per threshold status of the case's office (NO_SNAPSHOT: no snapshot, or no office).
    "outcomes_by_trained_capacity": (
        "SELECT "
        + ", ".join(
            f"count(*) FILTER (WHERE status = '{st}') AS {_('cases_disposed', st)}, "
            f"count(*) FILTER (WHERE status = '{st}' AND case_outcome = 'CONVICTED') AS {_('conviction_rate', st)}, "
            f"count(*) FILTER (WHERE status = '{st}' AND case_outcome = 'DISMISSED') AS {_('dismissal_rate', st)}, "
            f"count(*) FILTER (WHERE status = '{st}' AND days BETWEEN 0 AND 365) "
            f"AS {_('disposed_within_365_days', st)}, "
            f"count(*) FILTER (WHERE status = '{st}' AND days >= 0) "
            f"AS {_('disposed_within_365_days', st, 'denominator')}"
            for st in ("MET", "NOT_MET", "NO_SNAPSHOT")
        )
        + " FROM (SELECT s.case_outcome, s.disposed_on - s.filed_on AS days, CASE WHEN l.office_id IS NULL "
        f"THEN 'NO_SNAPSHOT' WHEN {_MET} THEN 'MET' ELSE 'NOT_MET' END AS status "
        f"FROM case_summary AS s LEFT JOIN ({_LATEST}) AS l ON l.office_id = s.office_id "
        f"WHERE s.filed_on IS NOT NULL AND s.disposed AND s.disposed_on {_IN}) AS disposed"
    ),
}
