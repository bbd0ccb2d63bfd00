"""The tally of `cpc_prosecution.metrics.stage_funnel` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, FUNNEL_STAGES
from cpc_prosecution.store.metric_sql._sql import (
    Columns,
    array,
    count_if,
    latest_first_on_day,
    stage_on_day,
    sum_if,
)
from cpc_prosecution.store.metric_sql.predicates import in_window

_COURT_FROM = FUNNEL_STAGES.index(Stage.FILED_IN_COURT)
_KNOWN = "(s.detected_on <= p.day)"


def _accused(i: int) -> str:
    """Accused in a case at the i-th funnel stage: charged from filing on, arrested suspects before."""
    return "s.accused_charged" if i >= _COURT_FROM else "s.suspects_arrested"


POPULATION: Final = _KNOWN
DERIVED: Final[tuple[Columns, ...]] = (
    (("sf_latest_first_on", latest_first_on_day()),),
    (("sf_stage", f"(CASE WHEN {_KNOWN} THEN {stage_on_day('sf_latest_first_on')} END)"),),
)
AGGREGATES: Final[Columns] = (
    ("cases", count_if(_KNOWN)),
    ("reached", array(count_if(f"{_KNOWN} AND s.{FIRST_FIELD[st]} <= p.day") for st in FUNNEL_STAGES)),
    ("entering", array(count_if(f"{_KNOWN} AND {in_window(FIRST_FIELD[st])}") for st in FUNNEL_STAGES)),
    ("at", array(count_if(f"s.sf_stage = '{st.value}'") for st in FUNNEL_STAGES)),
    ("accused", array(sum_if(_accused(i), f"s.sf_stage = '{st.value}'") for i, st in enumerate(FUNNEL_STAGES))),
)
