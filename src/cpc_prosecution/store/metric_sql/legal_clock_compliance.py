"""The tally of `cpc_prosecution.metrics.legal_clock_compliance` in SQL, over
the `case_clock` rows of the summary rows (a LEFT JOIN, so every group of the summaries is listed)."""

from typing import Final

from cpc_prosecution.metrics.legal_clock_compliance import RULES
from cpc_prosecution.store.metric_sql._sql import Columns, array, count_if

JOIN: Final = "LEFT JOIN case_clock AS c ON c.case_id = s.case_id"
_ENDED = "(c.ended_on <= p.w_end AND (p.w_start IS NULL OR c.ended_on >= p.w_start))"
_RUNNING = "(c.started_on <= p.day AND (c.ended_on IS NULL OR c.ended_on > p.day))"
_OVERDUE = f"({_RUNNING} AND c.due_on < p.day AND NOT (c.ended_on IS NULL AND c.paused))"


def _rule(i: int) -> str:
    return f"c.rule_id = '{RULES[i][0]}'"


DERIVED: Final[tuple[Columns, ...]] = ()
AGGREGATES: Final[Columns] = (
    ("ended", array(count_if(f"{_rule(i)} AND {_ENDED}") for i in range(len(RULES)))),
    ("met", array(count_if(f"{_rule(i)} AND {_ENDED} AND c.on_time") for i in range(len(RULES)))),
    ("running", array(count_if(f"{_rule(i)} AND {_RUNNING}") for i in range(len(RULES)))),
    ("overdue", array(count_if(f"{_rule(i)} AND {_OVERDUE}") for i in range(len(RULES)))),
)
