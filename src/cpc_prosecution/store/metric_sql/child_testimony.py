"""The tally of `cpc_prosecution.metrics.child_testimony` in SQL."""

from typing import Final

from cpc_prosecution.metrics.child_testimony import SUMMED
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT

POPULATION: Final = DISPOSED_IN_COURT
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(DISPOSED_IN_COURT)),
    ("with_testimony", count_if(f"{DISPOSED_IN_COURT} AND s.child_testimonies > 0")),
    *((name, sum_if(f"s.{name}", DISPOSED_IN_COURT)) for name in SUMMED),
)
