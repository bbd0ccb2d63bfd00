"""`clearance_rate` in SQL: mirrors `cpc_prosecution.metrics.clearance_rate`."""

from typing import Any, Final

from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window

DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("incoming", count_if(in_window("filed_on"))),
    ("outgoing", count_if(f"s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')}")),
    (
        "placed_inactive",
        count_if(f"{in_window('first_archived_on')} OR {in_window('first_provisionally_dismissed_on')}"),
    ),
)


def cells(row: Any) -> list[Cell]:
    return [
        count("incoming", Unit.CASE, row["incoming"]),
        count("outgoing", Unit.CASE, row["outgoing"]),
        ratio("clearance_rate", Unit.CASE, row["outgoing"], row["incoming"]),
        count("placed_inactive", Unit.CASE, row["placed_inactive"]),
    ]
