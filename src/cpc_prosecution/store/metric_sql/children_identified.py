"""The tally of `cpc_prosecution.metrics.children_identified` in SQL."""

from typing import Final

from cpc_prosecution.metrics.children_identified import CELLS
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import in_window

_DETECTED = in_window("detected_on")

POPULATION: Final = _DETECTED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DETECTED)),
    ("identified", sum_if("s.children_total", _DETECTED)),
    ("custody", sum_if("s.children_in_custody", _DETECTED)),
    ("children", array(sum_if(f"s.children_{c}", _DETECTED) for c in CELLS)),
    ("in_custody", array(sum_if(f"s.custody_{c}", _DETECTED) for c in CELLS)),
)
