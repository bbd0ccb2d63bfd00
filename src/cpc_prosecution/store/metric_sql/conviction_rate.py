"""The tally of `cpc_prosecution.metrics.conviction_rate` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.conviction_rate import MANNERS
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT, DISPOSED_IN_WINDOW

_CONVICTED = f"({DISPOSED_IN_COURT} AND s.case_outcome = '{CaseOutcome.CONVICTED.value}')"
#: `manner(s)` of a convicted case.
_MANNER: Final = {
    "PLEA": "s.accused_convicted_after_trial = 0",
    "TRIAL": "s.accused_convicted_after_trial <> 0 AND s.accused_convicted_by_plea = 0",
    "MIXED": "s.accused_convicted_after_trial <> 0 AND s.accused_convicted_by_plea <> 0",
}
_ACCUSED: Final = (
    "accused_convicted",
    "accused_acquitted",
    "accused_dismissed",
    "accused_convicted_by_plea",
    "accused_convicted_after_trial",
    "accused_acquitted_on_demurrer",
)

#: Every counted case was disposed in the window (filed or not).
POPULATION: Final = DISPOSED_IN_WINDOW
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(DISPOSED_IN_COURT)),
    *(
        (f"outcome_{o.value.lower()}", count_if(f"{DISPOSED_IN_COURT} AND s.case_outcome = '{o.value}'"))
        for o in (CaseOutcome.CONVICTED, CaseOutcome.ACQUITTED, CaseOutcome.DISMISSED)
    ),
    ("manners", array(count_if(f"{_CONVICTED} AND {_MANNER[m]}") for m in MANNERS)),
    *((name, sum_if(f"s.{name}", DISPOSED_IN_COURT)) for name in _ACCUSED),
    ("before_filing", count_if(f"s.filed_on IS NULL AND {DISPOSED_IN_WINDOW}")),
)
