"""Legal-clock compliance per rule: of the clocks that ended in the period, the share met and missed;
of the clocks running on the as-of date, the share past their due date.

Reads the `ClockOutcome` records of each case (the `case_clock` projection), not the summary: one
per obligation rule and scope (the case, or one accused), the latest run. Case clocks are counted
in CASE units, accused clocks in ACCUSED units. A clock ended when it stopped or was cancelled after
its due date (missed). Running on the as-of date: started on or before it and not ended by it;
overdue when its due date is before the as-of date, unless it is paused and still open now (a
paused clock's due date moves).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

from cpc_prosecution.domain.clocks import OBLIGATION_RULES, ClockOutcome, ClockScope
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: (rule id, unit of count), in catalogue order.
RULES: Final = tuple((r.rule_id, Unit.CASE if r.scope is ClockScope.CASE else Unit.ACCUSED) for r in OBLIGATION_RULES)
CASE_RULES: Final = tuple(rule for rule, unit in RULES if unit is Unit.CASE)
ACCUSED_RULES: Final = tuple(rule for rule, unit in RULES if unit is Unit.ACCUSED)
#: Measure names per unit: (ended, met, missed, running, running_overdue).
MEASURES: Final = {
    Unit.CASE: ("ended", "met", "missed", "running", "running_overdue"),
    Unit.ACCUSED: ("accused_ended", "accused_met", "accused_missed", "accused_running", "accused_running_overdue"),
}


def running_on(clock: ClockOutcome, day: dt.date) -> bool:
    return clock.started_on <= day and (clock.ended_on is None or clock.ended_on > day)


def overdue_on(clock: ClockOutcome, day: dt.date) -> bool:
    """Running on `day` and past due (a clock still paused now is not)."""
    return running_on(clock, day) and clock.due_on < day and not (clock.ended_on is None and clock.paused)


def compute(summaries: Sequence[CaseSummary], w: Window, clocks: Mapping[str, Sequence[ClockOutcome]]) -> list[Cell]:
    day = w.as_of
    by_rule: dict[str, list[ClockOutcome]] = {rule: [] for rule, _ in RULES}
    for s in summaries:
        for clock in clocks.get(s.case_id, ()):
            if clock.rule_id in by_rule:
                by_rule[clock.rule_id].append(clock)
    cells: list[Cell] = []
    for rule, unit in RULES:
        ended_name, met_name, missed_name, running_name, overdue_name = MEASURES[unit]
        ended = [c for c in by_rule[rule] if w.contains(c.ended_on)]
        met = sum(1 for c in ended if c.on_time)
        running = [c for c in by_rule[rule] if running_on(c, day)]
        cells += [
            count(ended_name, unit, len(ended), rule),
            ratio(met_name, unit, met, len(ended), rule),
            ratio(missed_name, unit, len(ended) - met, len(ended), rule),
            count(running_name, unit, len(running), rule),
            ratio(overdue_name, unit, sum(1 for c in running if overdue_on(c, day)), len(running), rule),
        ]
    return cells
