"""The tally of `cpc_prosecution.metrics.postponements_by_reason` in SQL."""

from typing import Final

from cpc_prosecution.metrics.postponements_by_reason import REASONS
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT

#: Every counted case was filed and disposed in the window.
POPULATION: Final = DISPOSED_IN_COURT
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(DISPOSED_IN_COURT)),
    ("postponed", sum_if("s.postponements", DISPOSED_IN_COURT)),
    ("settings", array(sum_if(f"s.{name}", DISPOSED_IN_COURT) for _, name in REASONS)),
    ("with_reason", array(count_if(f"{DISPOSED_IN_COURT} AND s.{name} > 0") for _, name in REASONS)),
)
