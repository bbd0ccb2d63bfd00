"""`trainings_delivered` in SQL: mirrors `cpc_prosecution.metrics.trainings_delivered`."""

from typing import Any, Final

from cpc_prosecution.metrics.results import Cell
from cpc_prosecution.metrics.trainings_delivered import TOPICS, trainings_cells
from cpc_prosecution.store.metric_sql._capacity import capacity_query, params, scope_filter
from cpc_prosecution.store.metric_sql._sql import Columns, in_window

AGGREGATES: Final[Columns] = (
    *((f"trainings_{i}", f"count(*) FILTER (WHERE r.topic = '{topic}')") for i, topic in enumerate(TOPICS)),
    *(
        (f"participants_{i}", f"COALESCE(sum(r.participants) FILTER (WHERE r.topic = '{topic}'), 0)")
        for i, topic in enumerate(TOPICS)
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


def cells(row: Any) -> list[Cell]:
    return trainings_cells(
        [row[f"trainings_{i}"] for i in range(len(TOPICS))],
        [row[f"participants_{i}"] for i in range(len(TOPICS))],
        row["participant_hours"],
    )
