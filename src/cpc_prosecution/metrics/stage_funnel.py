"""Stage funnel: cases at and through each lifecycle stage as of a date, and entries in the period."""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, FUNNEL_STAGES, first_on, known_on, stage_on
from cpc_prosecution.metrics.registry_sources import (
    OURS,
    STAGE_CODES,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count

#: From this funnel stage on, a case's accused are its charged accused (before: its arrested suspects).
COURT_FROM: Final = FUNNEL_STAGES.index(Stage.FILED_IN_COURT)


class FunnelTally(Tally, frozen=True, kw_only=True):
    """Per-stage tuples in `FUNNEL_STAGES` order."""

    cases: int
    reached: tuple[int, ...]
    entering: tuple[int, ...]
    at: tuple[int, ...]
    accused: tuple[int, ...]


def _accused(summary: CaseSummary, stage: Stage) -> int:
    """Accused in a case: charged accused from filing on, arrested suspects before."""
    return summary.accused_charged if FUNNEL_STAGES.index(stage) >= COURT_FROM else summary.suspects_arrested


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> FunnelTally:
    day = w.as_of
    known = [s for s in summaries if known_on(s, day)]
    at = {stage: 0 for stage in FUNNEL_STAGES}
    accused = {stage: 0 for stage in FUNNEL_STAGES}
    for s in known:
        stage = stage_on(s, day)
        if stage is not None and stage in at:
            at[stage] += 1
            accused[stage] += _accused(s, stage)
    return FunnelTally(
        cases=len(known),
        reached=tuple(
            sum(1 for s in known if (on := first_on(s, stage)) is not None and on <= day) for stage in FUNNEL_STAGES
        ),
        entering=tuple(sum(1 for s in known if w.contains(first_on(s, stage))) for stage in FUNNEL_STAGES),
        at=tuple(at.values()),
        accused=tuple(accused.values()),
    )


def cells(t: FunnelTally) -> list[Cell]:
    out = [count("cases", Unit.CASE, t.cases)]
    for i, stage in enumerate(FUNNEL_STAGES):
        out += [
            count("cases_reached", Unit.CASE, t.reached[i], stage.value),
            count("cases_entering", Unit.CASE, t.entering[i], stage.value),
            count("cases_at_stage", Unit.CASE, t.at[i], stage.value),
            count("accused_in_cases_at_stage", Unit.ACCUSED, t.accused[i], stage.value),
        ]
    return out


DEFINITION: Final = MetricDefinition(
    id="stage_funnel",
    title="Stage funnel",
    definition=(
        "Cases (and their accused) at each lifecycle stage on the as-of date, cases that had reached each "
        "stage by then, and cases entering each stage in the period."
    ),
    formula=(
        "cases_reached[S] = #(first_S_on <= as_of); cases_entering[S] = #(first_S_on in window); "
        "cases_at_stage[S] = #(stage_on(as_of) = S); accused_in_cases_at_stage[S] = sum of accused of those cases"
    ),
    units=(Unit.CASE, Unit.ACCUSED),
    timing=Timing.EITHER,
    population="cases detected on or before the as-of date",
    includes=("cases at every stage, before and after filing, open or closed",),
    excludes=("the overlay stage BAIL_HEARING (bail is heard alongside the other stages)",),
    measures=(
        _m("cases", Unit.CASE, "count", "cases detected by the as-of date"),
        _m(
            "cases_reached",
            Unit.CASE,
            "count",
            "cases whose first date at the stage is on or before the as-of date",
            STAGE_CODES,
        ),
        _m("cases_entering", Unit.CASE, "count", "cases whose first date at the stage is in the window", STAGE_CODES),
        _m("cases_at_stage", Unit.CASE, "count", "cases at the stage on the as-of date", STAGE_CODES),
        _m(
            "accused_in_cases_at_stage",
            Unit.ACCUSED,
            "count",
            "accused of the cases at the stage: charged accused from FILED_IN_COURT on, arrested suspects before",
            STAGE_CODES,
        ),
    ),
    sources=(OURS,),
    dimensions=ALL_DIMENSIONS,
    fields=(*FIRST_FIELD.values(), "detected_on", "stage", "last_event_on", "accused_charged", "suspects_arrested"),
    approximations=(
        "Stage on a past day: exact when the case had no event after that day (the current stage); otherwise "
        "the stage with the latest first date on or before the day, ties to the later stage in funnel order. "
        "Loops (remand to TRIAL, revival from ARCHIVED, refiling after DISMISSED) are undated in the summary, "
        "and the case stage of accused moving at different speeds is the least advanced open accused, while "
        "first dates are the earliest over all accused.",
        "Accused are counted per case, not by each accused's own stage (the summary has no per-accused stages).",
        "cases_entering counts first entries only; re-entries after a loop are not counted.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=FunnelTally, tally=tally, cells=cells, order=10)
