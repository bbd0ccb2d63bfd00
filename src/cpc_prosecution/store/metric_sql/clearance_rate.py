"""The tally of `cpc_prosecution.metrics.clearance_rate` in SQL."""

from typing import Final

from cpc_prosecution.store.metric_sql._sql import Columns, count_if, dates_in_window, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT, in_window

#: Per case: its reactivations and placements inside the window.
DERIVED: Final[tuple[Columns, ...]] = (
    (("cr_reopened", dates_in_window("reactivated_on")), ("cr_placed", dates_in_window("placed_inactive_on"))),
)
AGGREGATES: Final[Columns] = (
    ("new_filings", count_if(in_window("filed_on"))),
    ("reopened", sum_if("s.cr_reopened", "true")),
    ("dispositions", count_if(DISPOSED_IN_COURT)),
    ("placed_inactive", sum_if("s.cr_placed", "true")),
)
