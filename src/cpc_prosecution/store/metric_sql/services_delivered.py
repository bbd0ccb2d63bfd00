"""`services_delivered` in SQL: mirrors `cpc_prosecution.metrics.services_delivered`."""

from typing import Any, Final

from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.services_delivered import SERVICES
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_DETECTED = in_window("detected_on")

#: Every counted case was detected in the window.
POPULATION: Final = _DETECTED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DETECTED)),
    ("served", count_if(f"{_DETECTED} AND s.services_total > 0")),
    ("total", sum_if("s.services_total", _DETECTED)),
    *((f"service_{i}", sum_if(f"s.{name}", _DETECTED)) for i, (_, name) in enumerate(SERVICES)),
)


def cells(row: Any) -> list[Cell]:
    n = row["cases"]
    out = [
        count("cases_detected", Unit.CASE, n),
        ratio("cases_with_services", Unit.CASE, row["served"], n),
        count("children_served", Unit.CHILD, row["total"]),
    ]
    out += [count("children_served", Unit.CHILD, row[f"service_{i}"], s) for i, (s, _) in enumerate(SERVICES)]
    return out
