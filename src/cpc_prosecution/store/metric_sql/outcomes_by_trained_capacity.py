"""The tally of `cpc_prosecution.metrics.outcomes_by_trained_capacity` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.dimensions import NOT_RECORDED
from cpc_prosecution.metrics.outcomes_by_trained_capacity import WITHIN_DAYS
from cpc_prosecution.metrics.staffing import MET, NO_SNAPSHOT, NOT_MET, THRESHOLD_STATUSES
from cpc_prosecution.store.metric_sql._capacity import MEETS_THRESHOLD, capacity_query, case_source, params
from cpc_prosecution.store.metric_sql._sql import Columns, array
from cpc_prosecution.store.metric_sql.predicates import in_window

#: `staffing.threshold_status` of the case's office (`l`: its latest snapshot, NULL when none).
STATUS: Final = (
    f"CASE WHEN l.office_id IS NULL THEN '{NO_SNAPSHOT}' WHEN {MEETS_THRESHOLD} THEN '{MET}' ELSE '{NOT_MET}' END"
)
_PARTS: Final = (
    ("disposed", "true"),
    ("convicted", f"r.case_outcome = '{CaseOutcome.CONVICTED.value}'"),
    ("dismissed", f"r.case_outcome = '{CaseOutcome.DISMISSED.value}'"),
    ("timed", "r.days >= 0"),
    ("within", f"r.days >= 0 AND r.days <= {WITHIN_DAYS}"),
)
AGGREGATES: Final[Columns] = tuple(
    (part, array(f"count(*) FILTER (WHERE r.status = '{status}' AND {condition})" for status in THRESHOLD_STATUSES))
    for part, condition in _PARTS
)


def query(key: str | None, *, scoped: bool) -> str:
    rows = (
        f"SELECT COALESCE(s.office_id, '{NOT_RECORDED}') AS office_id, {STATUS} AS status, "  # noqa: S608
        "s.case_outcome, s.disposed_on - s.filed_on AS days "
        f"FROM {case_source(scoped)} AS s CROSS JOIN {params(scoped)} "
        "LEFT JOIN latest AS l ON l.office_id = s.office_id "
        f"WHERE s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')}"
    )
    return capacity_query(rows, AGGREGATES, key, scoped=scoped)
