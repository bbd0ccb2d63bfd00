"""`dismissals_by_reason` in SQL: mirrors `cpc_prosecution.metrics.dismissals_by_reason`."""

from typing import Any, Final

from cpc_prosecution.domain.summary_counts import DISMISSAL_FIELDS
from cpc_prosecution.metrics.dismissals_by_reason import PROSECUTOR_DISMISSALS
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_DISPOSED = f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')})"
_BEFORE = f"(s.filed_on IS NULL AND s.disposed AND {in_window('disposed_on')})"

#: Every counted case was disposed in the window (filed or not).
POPULATION: Final = f"(s.disposed AND {in_window('disposed_on')})"
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("dismissed", sum_if("s.accused_dismissed", _DISPOSED)),
    *((f"reason_{i}", sum_if(f"s.{name}", _DISPOSED)) for i, (_, name) in enumerate(DISMISSAL_FIELDS)),
    ("before", count_if(_BEFORE)),
    *(
        (f"prosecutor_{i}", count_if(f"{_BEFORE} AND s.prosecutor_outcome = '{outcome}'"))
        for i, outcome in enumerate(PROSECUTOR_DISMISSALS)
    ),
)


def cells(row: Any) -> list[Cell]:
    dismissed, before = row["dismissed"], row["before"]
    out = [count("accused_dismissed", Unit.ACCUSED, dismissed)]
    out += [
        ratio("accused_by_reason", Unit.ACCUSED, row[f"reason_{i}"], dismissed, c)
        for i, (c, _) in enumerate(DISMISSAL_FIELDS)
    ]
    out.append(count("cases_dismissed_by_prosecutor", Unit.CASE, before))
    out += [
        ratio("cases_by_prosecutor_outcome", Unit.CASE, row[f"prosecutor_{i}"], before, o)
        for i, o in enumerate(PROSECUTOR_DISMISSALS)
    ]
    return out
