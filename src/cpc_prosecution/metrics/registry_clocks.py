"""Registry entry for legal-clock compliance (read from the `case_clock` projection)."""

from typing import Final

from cpc_prosecution.domain.clocks import WAITING_PERIOD_RULES
from cpc_prosecution.metrics.definitions import Measure, MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.legal_clock_compliance import ACCUSED_RULES, CASE_RULES, MEASURES
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Unit

CLOCK_RULE_SOURCES = Source(
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


CLOCK_METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
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
    ),
)
