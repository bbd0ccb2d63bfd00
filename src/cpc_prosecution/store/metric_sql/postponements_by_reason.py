"""`postponements_by_reason` in SQL: mirrors `cpc_prosecution.metrics.postponements_by_reason`."""

from typing import Any, Final

from cpc_prosecution.metrics.postponements_by_reason import REASONS
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_DISPOSED = f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')})"

#: Every counted case was filed and disposed in the window.
POPULATION: Final = _DISPOSED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DISPOSED)),
    ("postponed", sum_if("s.postponements", _DISPOSED)),
    *((f"settings_{i}", sum_if(f"s.{name}", _DISPOSED)) for i, (_, name) in enumerate(REASONS)),
    *((f"cases_{i}", count_if(f"{_DISPOSED} AND s.{name} > 0")) for i, (_, name) in enumerate(REASONS)),
)


def cells(row: Any) -> list[Cell]:
    n, postponed = row["cases"], row["postponed"]
    out = [count("cases_disposed", Unit.CASE, n), count("postponed_settings", Unit.TRIAL_SETTING, postponed)]
    out += [
        ratio("by_reason", Unit.TRIAL_SETTING, row[f"settings_{i}"], postponed, r) for i, (r, _) in enumerate(REASONS)
    ]
    out += [ratio("cases_with_reason", Unit.CASE, row[f"cases_{i}"], n, r) for i, (r, _) in enumerate(REASONS)]
    return out
