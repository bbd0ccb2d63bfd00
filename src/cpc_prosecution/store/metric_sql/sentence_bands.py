"""The tally of `cpc_prosecution.metrics.sentence_bands` in SQL."""

from typing import Final

from cpc_prosecution.domain.summary_counts import SENTENCE_FIELDS
from cpc_prosecution.store.metric_sql._sql import Columns, array, sum_if
from cpc_prosecution.store.metric_sql.predicates import DISPOSED_IN_COURT

#: Every counted case was filed and disposed in the window.
POPULATION: Final = DISPOSED_IN_COURT
DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("convicted", sum_if("s.accused_convicted", DISPOSED_IN_COURT)),
    ("bands", array(sum_if(f"s.{name}", DISPOSED_IN_COURT) for _, name in SENTENCE_FIELDS)),
)
