"""The tally of `cpc_prosecution.metrics.trial_date_certainty` in SQL."""

from typing import Final

from cpc_prosecution.metrics.trial_date_certainty import POSTPONEMENT_BANDS
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT

_TRIED = (
    f"({DISPOSED_IN_COURT} AND s.first_trial_on IS NOT NULL "
    "AND s.accused_convicted_after_trial + s.accused_acquitted > 0)"
)
_LAST = len(POSTPONEMENT_BANDS) - 1


def _bands(column: str) -> str:
    return array(count_if(f"{_TRIED} AND LEAST(s.{column}, {_LAST}) = {i}") for i in range(_LAST + 1))


POPULATION: Final = _TRIED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_TRIED)),
    ("settings_until_trial", sum_if("s.trial_settings_before_trial", _TRIED)),
    ("bands", _bands("postponements_before_trial")),
    ("hearing_settings", sum_if("s.trial_settings", _TRIED)),
    ("hearings_held", sum_if("s.trial_settings_held", _TRIED)),
    ("hearing_bands", _bands("postponements")),
)
