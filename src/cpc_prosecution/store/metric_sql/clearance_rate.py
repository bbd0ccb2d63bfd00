"""The tally of `cpc_prosecution.metrics.clearance_rate` in SQL."""

from typing import Final

from cpc_prosecution.store.metric_sql._sql import Columns, count_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT, in_window

DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("incoming", count_if(in_window("filed_on"))),
    ("outgoing", count_if(DISPOSED_IN_COURT)),
    (
        "placed_inactive",
        count_if(f"{in_window('first_archived_on')} OR {in_window('first_provisionally_dismissed_on')}"),
    ),
)
