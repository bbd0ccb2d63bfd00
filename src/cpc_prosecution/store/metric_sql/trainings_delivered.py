"""The tally of `cpc_prosecution.metrics.trainings_delivered` in SQL."""

from typing import Final

from cpc_prosecution.metrics.trainings_delivered import TOPICS
from cpc_prosecution.store.metric_sql._capacity import capacity_query, params, scope_filter
from cpc_prosecution.store.metric_sql._sql import Columns, array
from cpc_prosecution.store.metric_sql.predicates import in_window

AGGREGATES: Final[Columns] = (
    ("trainings", array(f"count(*) FILTER (WHERE r.topic = '{topic}')" for topic in TOPICS)),
    (
        "participants",
        array(f"COALESCE(sum(r.participants) FILTER (WHERE r.topic = '{topic}'), 0)" for topic in TOPICS),
    ),
    ("participant_hours", "COALESCE(sum(r.participants * r.hours), 0)"),
)


def query(key: str | None, *, scoped: bool) -> str:
    rows = (
        "SELECT s.office_id, s.topic, s.participants, s.hours "  # noqa: S608 (constants only)
        f"FROM training_event AS s CROSS JOIN {params(scoped)} "
        f"WHERE {in_window('held_on')} AND {scope_filter('s', scoped)}"
    )
    return capacity_query(rows, AGGREGATES, key, scoped=scoped)
