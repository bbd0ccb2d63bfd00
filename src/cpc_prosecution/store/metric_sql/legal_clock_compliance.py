"""`legal_clock_compliance` in SQL: mirrors `cpc_prosecution.metrics.legal_clock_compliance`, over
the `case_clock` rows of the summary rows (a LEFT JOIN, so every group of the summaries is listed)."""

from typing import Any, Final

from cpc_prosecution.metrics.legal_clock_compliance import MEASURES, RULES
from cpc_prosecution.metrics.results import Cell, count, ratio
from cpc_prosecution.store.metric_sql._sql import Columns, count_if

JOIN: Final = "LEFT JOIN case_clock AS c ON c.case_id = s.case_id"
_ENDED = "(c.ended_on <= p.w_end AND (p.w_start IS NULL OR c.ended_on >= p.w_start))"
_RUNNING = "(c.started_on <= p.day AND (c.ended_on IS NULL OR c.ended_on > p.day))"
_OVERDUE = f"({_RUNNING} AND c.due_on < p.day AND NOT (c.ended_on IS NULL AND c.paused))"


def _rule(i: int) -> str:
    return f"c.rule_id = '{RULES[i][0]}'"


DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = tuple(
    column
    for i in range(len(RULES))
    for column in (
        (f"ended_{i}", count_if(f"{_rule(i)} AND {_ENDED}")),
        (f"met_{i}", count_if(f"{_rule(i)} AND {_ENDED} AND c.on_time")),
        (f"running_{i}", count_if(f"{_rule(i)} AND {_RUNNING}")),
        (f"overdue_{i}", count_if(f"{_rule(i)} AND {_OVERDUE}")),
    )
)


def cells(row: Any) -> list[Cell]:
    out: list[Cell] = []
    for i, (rule, unit) in enumerate(RULES):
        ended_name, met_name, missed_name, running_name, overdue_name = MEASURES[unit]
        ended, met, running = row[f"ended_{i}"], row[f"met_{i}"], row[f"running_{i}"]
        out += [
            count(ended_name, unit, ended, rule),
            ratio(met_name, unit, met, ended, rule),
            ratio(missed_name, unit, ended - met, ended, rule),
            count(running_name, unit, running, rule),
            ratio(overdue_name, unit, row[f"overdue_{i}"], running, rule),
        ]
    return out
