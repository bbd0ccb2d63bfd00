"""The tally of `cpc_prosecution.metrics.dismissals_by_reason` in SQL."""

from typing import Final

from cpc_prosecution.domain.summary_counts import DISMISSAL_FIELDS
from cpc_prosecution.metrics.dismissals_by_reason import PROSECUTOR_DISMISSALS
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT, DISPOSED_IN_WINDOW

_BEFORE = f"(s.filed_on IS NULL AND {DISPOSED_IN_WINDOW})"

#: Every counted case was disposed in the window (filed or not).
POPULATION: Final = DISPOSED_IN_WINDOW
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("dismissed", sum_if("s.accused_dismissed", DISPOSED_IN_COURT)),
    ("reasons", array(sum_if(f"s.{name}", DISPOSED_IN_COURT) for _, name in DISMISSAL_FIELDS)),
    ("before", count_if(_BEFORE)),
    ("prosecutor", array(count_if(f"{_BEFORE} AND s.prosecutor_outcome = '{o}'") for o in PROSECUTOR_DISMISSALS)),
)
