"""The tally of `cpc_prosecution.metrics.services_delivered` in SQL."""

from typing import Final

from cpc_prosecution.metrics.services_delivered import SERVICES
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import in_window

_DETECTED = in_window("detected_on")

#: Every counted case was detected in the window.
POPULATION: Final = _DETECTED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DETECTED)),
    ("served", count_if(f"{_DETECTED} AND s.services_total > 0")),
    ("total", sum_if("s.services_total", _DETECTED)),
    ("services", array(sum_if(f"s.{name}", _DETECTED) for _, name in SERVICES)),
)
