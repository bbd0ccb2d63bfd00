"""`trial_date_certainty` in SQL: mirrors `cpc_prosecution.metrics.trial_date_certainty`."""

from typing import Any, Final

from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.trial_date_certainty import POSTPONEMENT_BANDS
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, in_window, sum_if

_TRIED = (
    f"(s.filed_on IS NOT NULL AND s.disposed AND {in_window('disposed_on')} AND s.first_trial_on IS NOT NULL "
    "AND s.accused_convicted_after_trial + s.accused_acquitted > 0)"
)

POPULATION: Final = _TRIED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_TRIED)),
    ("settings", sum_if("s.trial_settings", _TRIED)),
    ("held", sum_if("s.trial_settings_held", _TRIED)),
    *(
        (f"band_{i}", count_if(f"{_TRIED} AND LEAST(s.postponements, {len(POSTPONEMENT_BANDS) - 1}) = {i}"))
        for i in range(len(POSTPONEMENT_BANDS))
    ),
)


def cells(row: Any) -> list[Cell]:
    n = row["cases"]
    out = [
        count("cases_disposed_by_trial", Unit.CASE, n),
        ratio("settings_held", Unit.TRIAL_SETTING, row["held"], row["settings"]),
        ratio("settings_per_case", Unit.TRIAL_SETTING, row["settings"], n, scale=1),
    ]
    for i, band in enumerate(POSTPONEMENT_BANDS):
        out.append(ratio("cases_by_postponements", Unit.CASE, row[f"band_{i}"], n, band))
    return out
