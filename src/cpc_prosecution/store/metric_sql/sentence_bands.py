"""`sentence_bands` in SQL: mirrors `cpc_prosecution.metrics.sentence_bands`."""

from typing import Any, Final

from cpc_prosecution.domain.summary_counts import SENTENCE_FIELDS
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, in_window, sum_if

_DISPOSED = f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')})"

#: Every counted case was filed and disposed in the window.
POPULATION: Final = _DISPOSED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("convicted", sum_if("s.accused_convicted", _DISPOSED)),
    *((f"band_{i}", sum_if(f"s.{name}", _DISPOSED)) for i, (_, name) in enumerate(SENTENCE_FIELDS)),
)


def cells(row: Any) -> list[Cell]:
    convicted = row["convicted"]
    out = [count("accused_convicted", Unit.ACCUSED, convicted)]
    out += [
        ratio("accused_by_band", Unit.ACCUSED, row[f"band_{i}"], convicted, b)
        for i, (b, _) in enumerate(SENTENCE_FIELDS)
    ]
    return out
