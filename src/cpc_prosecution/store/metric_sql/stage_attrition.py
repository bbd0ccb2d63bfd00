"""The tally of `cpc_prosecution.metrics.stage_attrition` in SQL."""

from typing import Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD
from cpc_prosecution.metrics.stage_attrition import FROM_STEP, STEP_NAMES
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if, disposed_by_day
from cpc_prosecution.store.metric_sql.predicates import in_window

_COHORT = in_window("detected_on")
_CLOSED = (
    f"(COALESCE(s.final_on <= p.day, false) OR ({disposed_by_day()} "
    f"AND s.case_outcome <> '{CaseOutcome.CONVICTED.value}'))"
)


def _reached(step: int) -> str:
    """`reached(s, step, day)`, never NULL."""
    if step == 0:
        return "(s.detected_on <= p.day)"
    return "(" + " OR ".join(f"COALESCE(s.{FIRST_FIELD[st]} <= p.day, false)" for st in FROM_STEP[step]) + ")"


#: Every counted case was detected in the window (the cohort followed along the path).
POPULATION: Final = _COHORT
DERIVED: Final[tuple[Columns, ...]] = (
    (*((f"reached_{k}", _reached(k)) for k in range(len(STEP_NAMES))), ("closed", _CLOSED)),
)
AGGREGATES: Final[Columns] = (
    ("at", array(count_if(f"{_COHORT} AND s.reached_{k}") for k in range(len(STEP_NAMES)))),
    (
        "left",
        array(
            count_if(f"{_COHORT} AND s.reached_{k} AND NOT s.reached_{k + 1} AND s.closed")
            for k in range(len(STEP_NAMES) - 1)
        ),
    ),
)
