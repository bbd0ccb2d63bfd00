"""`stage_funnel` in SQL: mirrors `cpc_prosecution.metrics.stage_funnel`."""

from typing import Any, Final

from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, FUNNEL_STAGES
from cpc_prosecution.metrics.results import Cell, Unit, count
from cpc_prosecution.store.metric_sql._sql import (
    Columns,
    count_if,
    in_window,
    latest_first_on_day,
    stage_on_day,
    sum_if,
)

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
    *(
        column
        for i, st in enumerate(FUNNEL_STAGES)
        for column in (
            (f"reached_{i}", count_if(f"{_KNOWN} AND s.{FIRST_FIELD[st]} <= p.day")),
            (f"entering_{i}", count_if(f"{_KNOWN} AND {in_window(FIRST_FIELD[st])}")),
            (f"at_{i}", count_if(f"s.sf_stage = '{st.value}'")),
            (f"accused_{i}", sum_if(_accused(i), f"s.sf_stage = '{st.value}'")),
        )
    ),
)


def cells(row: Any) -> list[Cell]:
    out = [count("cases", Unit.CASE, row["cases"])]
    for i, st in enumerate(FUNNEL_STAGES):
        out += [
            count("cases_reached", Unit.CASE, row[f"reached_{i}"], st.value),
            count("cases_entering", Unit.CASE, row[f"entering_{i}"], st.value),
            count("cases_at_stage", Unit.CASE, row[f"at_{i}"], st.value),
            count("accused_in_cases_at_stage", Unit.ACCUSED, row[f"accused_{i}"], st.value),
        ]
    return out
