"""Stage funnel: cases at and through each lifecycle stage as of a date, and entries in the period."""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import FUNNEL_STAGES, first_on, known_on, stage_on
from cpc_prosecution.metrics.results import Cell, Unit, count

_COURT_FROM = FUNNEL_STAGES.index(Stage.FILED_IN_COURT)


def _accused(summary: CaseSummary, stage: Stage) -> int:
    """Accused in a case: charged accused from filing on, arrested suspects before."""
    return summary.accused_charged if FUNNEL_STAGES.index(stage) >= _COURT_FROM else summary.suspects_arrested


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    day = w.as_of
    known = [s for s in summaries if known_on(s, day)]
    at = {stage: 0 for stage in FUNNEL_STAGES}
    accused = {stage: 0 for stage in FUNNEL_STAGES}
    for s in known:
        stage = stage_on(s, day)
        if stage is not None and stage in at:
            at[stage] += 1
            accused[stage] += _accused(s, stage)
    cells = [count("cases", Unit.CASE, len(known))]
    for stage in FUNNEL_STAGES:
        reached = sum(1 for s in known if (on := first_on(s, stage)) is not None and on <= day)
        entering = sum(1 for s in known if w.contains(first_on(s, stage)))
        cells += [
            count("cases_reached", Unit.CASE, reached, stage.value),
            count("cases_entering", Unit.CASE, entering, stage.value),
            count("cases_at_stage", Unit.CASE, at[stage], stage.value),
            count("accused_in_cases_at_stage", Unit.ACCUSED, accused[stage], stage.value),
        ]
    return cells
