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
from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.clocks import OBLIGATION_RULES, WAITING_PERIOD_RULES, ClockOutcome, ClockScope
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import Measure, MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import measure as _m
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


class ClockTally(Tally, frozen=True, kw_only=True):
    """Per-rule tuples in `RULES` order."""

    ended: tuple[int, ...]
    met: tuple[int, ...]
    running: tuple[int, ...]
    overdue: tuple[int, ...]


def tally(summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> ClockTally:
    day = w.as_of
    by_rule: dict[str, list[ClockOutcome]] = {rule: [] for rule, _ in RULES}
    for s in summaries:
        for clock in inputs.clocks.get(s.case_id, ()):
            if clock.rule_id in by_rule:
                by_rule[clock.rule_id].append(clock)
    ended = [[c for c in by_rule[rule] if w.contains(c.ended_on)] for rule, _ in RULES]
    running = [[c for c in by_rule[rule] if running_on(c, day)] for rule, _ in RULES]
    return ClockTally(
        ended=tuple(len(e) for e in ended),
        met=tuple(sum(1 for c in e if c.on_time) for e in ended),
        running=tuple(len(r) for r in running),
        overdue=tuple(sum(1 for c in r if overdue_on(c, day)) for r in running),
    )


def cells(t: ClockTally) -> list[Cell]:
    out: list[Cell] = []
    for i, (rule, unit) in enumerate(RULES):
        ended_name, met_name, missed_name, running_name, overdue_name = MEASURES[unit]
        ended, met, running = t.ended[i], t.met[i], t.running[i]
        out += [
            count(ended_name, unit, ended, rule),
            ratio(met_name, unit, met, ended, rule),
            ratio(missed_name, unit, ended - met, ended, rule),
            count(running_name, unit, running, rule),
            ratio(overdue_name, unit, t.overdue[i], running, rule),
        ]
    return out


CLOCK_RULE_SOURCES: Final = Source(
    name="Legal clocks of docs/domain.md (RPC Art. 125; DOJ DC 015-2024; Rules 112, 116, 119; A.M. 15-06-10-SC; "
    "OCA Circular 151-2010), each rule naming its own source in cpc_prosecution.domain.clocks",
    relation="extends",
)

_case = MEASURES[Unit.CASE]
_accused = MEASURES[Unit.ACCUSED]


def _measures(names: tuple[str, ...], unit: Unit, rules: tuple[str, ...], scope: str) -> tuple[Measure, ...]:
    ended, met, missed, running, overdue = names
    return (
        _m(ended, unit, "count", f"{scope} clocks that ended in the window (stopped, or cancelled late)", rules),
        _m(met, unit, "percent", "of those, stopped by the due date (or moment)", rules),
        _m(missed, unit, "percent", "of those, stopped late or cancelled after the due date", rules),
        _m(running, unit, "count", f"{scope} clocks running on the as-of date", rules),
        _m(overdue, unit, "percent", "of those, past their due date on the as-of date", rules),
    )


DEFINITION: Final = MetricDefinition(
    id="legal_clock_compliance",
    title="Legal-clock compliance per rule",
    definition=(
        "For each legal time limit (Art. 125, preliminary investigation, judicial determination of probable "
        "cause, raffle, arraignment, trial start and length, decision): of the clocks that ended in the "
        "period, the share met and missed; of the clocks running on the as-of date, the share overdue."
    ),
    formula=(
        "met[R] = #(ended in window, on time) / #(ended in window) x 100; missed[R] = 100 - met[R]; "
        "running_overdue[R] = #(running on as_of, due_on < as_of) / #(running on as_of) x 100"
    ),
    units=(Unit.CASE, Unit.ACCUSED),
    timing=Timing.EITHER,
    population="clocks (case_clock rows) of every case; one per rule and scope, the latest run",
    includes=(
        "binding rules and advisory targets (TIP_DECIDE_180, RULE112_PI), each its own category",
        "case clocks in CASE units; accused clocks (one per accused) in ACCUSED units",
        "hour clocks (Art. 125) decided to the minute when the times are recorded; their due date is the date "
        "of the due moment in Manila",
    ),
    excludes=(
        f"waiting periods, which are not obligations ({', '.join(sorted(WAITING_PERIOD_RULES))})",
        "clocks made moot before their due date (e.g. the accused waived Art. 125)",
        "earlier runs of a rule restarted later (a refiled case's earlier PI)",
    ),
    measures=(
        *_measures(_case, Unit.CASE, CASE_RULES, "case"),
        *_measures(_accused, Unit.ACCUSED, ACCUSED_RULES, "accused"),
    ),
    sources=(CLOCK_RULE_SOURCES,),
    dimensions=ALL_DIMENSIONS,
    fields=("case_id",),
    approximations=(
        "Each clock is stored as it stands at the case's latest event: a running clock's due date includes "
        "pauses up to then; a clock still paused now is not counted overdue.",
        "On an as-of date before a later restart, the clock is the latest run, not the one running then.",
        "Holidays are not applied to Rule 22 days (no holiday calendar is shipped).",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ClockTally, tally=tally, cells=cells, order=120)
