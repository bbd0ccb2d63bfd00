"""The tally of `cpc_prosecution.metrics.convictions_without_child_testimony` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.store.metric_sql._sql import Columns, count_if
from cpc_prosecution.store.metric_sql.predicates import in_window

_CONVICTED = f"(s.case_outcome = '{CaseOutcome.CONVICTED.value}' AND {in_window('first_conviction_on')})"

POPULATION: Final = _CONVICTED
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_CONVICTED)),
    ("no_courtroom", count_if(f"{_CONVICTED} AND s.testimonies_in_courtroom = 0")),
    ("no_testimony", count_if(f"{_CONVICTED} AND s.child_testimonies = 0")),
)
