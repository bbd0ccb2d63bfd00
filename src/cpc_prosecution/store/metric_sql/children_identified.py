"""`children_identified` in SQL: mirrors `cpc_prosecution.metrics.children_identified`."""

from typing import Any, Final

from cpc_prosecution.metrics.children_identified import CELLS
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_DETECTED = in_window("detected_on")

POPULATION: Final = _DETECTED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DETECTED)),
    ("identified", sum_if("s.children_total", _DETECTED)),
    ("custody", sum_if("s.children_in_custody", _DETECTED)),
    *((f"children_{c}", sum_if(f"s.children_{c}", _DETECTED)) for c in CELLS),
    *((f"custody_{c}", sum_if(f"s.custody_{c}", _DETECTED)) for c in CELLS),
)


def cells(row: Any) -> list[Cell]:
    identified, custody = row["identified"], row["custody"]
    out = [
        count("cases_detected", Unit.CASE, row["cases"]),
        count("children_identified", Unit.CHILD, identified),
        count("children_in_protective_custody", Unit.CHILD, custody),
        ratio("custody_share", Unit.CHILD, custody, identified),
    ]
    for c in CELLS:
        out.append(count("children_identified", Unit.CHILD, row[f"children_{c}"], c))
        out.append(count("children_in_protective_custody", Unit.CHILD, row[f"custody_{c}"], c))
    return out
