"""`child_testimony` in SQL: mirrors `cpc_prosecution.metrics.child_testimony`."""

from typing import Any, Final

from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

#: `disposed_in_court(s, w)`.
_DISPOSED = f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')})"
_SUMMED: Final = (
    "child_testimonies",
    "testimonies_in_courtroom",
    "live_link_used",
    "videotaped_deposition_used",
    "support_person_present",
    "guardian_ad_litem_appointed",
)

POPULATION: Final = _DISPOSED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_DISPOSED)),
    ("with_testimony", count_if(f"{_DISPOSED} AND s.child_testimonies > 0")),
    *((name, sum_if(f"s.{name}", _DISPOSED)) for name in _SUMMED),
)


def cells(row: Any) -> list[Cell]:
    n = row["child_testimonies"]
    return [
        count("cases_disposed", Unit.CASE, row["cases"]),
        count("cases_with_child_testimony", Unit.CASE, row["with_testimony"]),
        count("testimonies", Unit.TESTIMONY, n),
        ratio("by_live_link", Unit.TESTIMONY, row["live_link_used"], n),
        ratio("by_videotaped_deposition", Unit.TESTIMONY, row["videotaped_deposition_used"], n),
        ratio("outside_courtroom", Unit.TESTIMONY, n - row["testimonies_in_courtroom"], n),
        ratio("with_support_person", Unit.TESTIMONY, row["support_person_present"], n),
        ratio("with_guardian_ad_litem", Unit.TESTIMONY, row["guardian_ad_litem_appointed"], n),
    ]
