"""`stage_attrition` in SQL: mirrors `cpc_prosecution.metrics.stage_attrition`."""

from typing import Any, Final

from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio
from cpc_prosecution.metrics.stage_attrition import FROM_STEP, STEP_NAMES
from cpc_prosecution.store.metric_sql._sql import Columns, count_if, disposed_by_day, in_window

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
    *((f"at_{k}", count_if(f"{_COHORT} AND s.reached_{k}")) for k in range(len(STEP_NAMES))),
    *(
        (f"left_{k}", count_if(f"{_COHORT} AND s.reached_{k} AND NOT s.reached_{k + 1} AND s.closed"))
        for k in range(len(STEP_NAMES) - 1)
    ),
)


def cells(row: Any) -> list[Cell]:
    out = [count("reached", Unit.CASE, row[f"at_{k}"], name) for k, name in enumerate(STEP_NAMES)]
    for k in range(len(STEP_NAMES) - 1):
        n, went_on, left = row[f"at_{k}"], row[f"at_{k + 1}"], row[f"left_{k}"]
        out += [
            ratio("continued", Unit.CASE, went_on, n, STEP_NAMES[k]),
            ratio("left_without_next", Unit.CASE, left, n, STEP_NAMES[k]),
            ratio("still_open", Unit.CASE, n - went_on - left, n, STEP_NAMES[k]),
        ]
    return out
