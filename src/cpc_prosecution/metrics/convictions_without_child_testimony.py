"""Convictions reached without a child testifying in the courtroom (or at all).

Population: cases whose first conviction was promulgated in the window.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    CHILD_WITNESS_RULE,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


class WithoutTestimonyTally(Tally, frozen=True, kw_only=True):
    cases: int
    no_courtroom: int
    no_testimony: int


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> WithoutTestimonyTally:
    cases = [s for s in summaries if s.case_outcome is CaseOutcome.CONVICTED and w.contains(s.first_conviction_on)]
    return WithoutTestimonyTally(
        cases=len(cases),
        no_courtroom=sum(1 for s in cases if s.testimonies_in_courtroom == 0),
        no_testimony=sum(1 for s in cases if s.child_testimonies == 0),
    )


def cells(t: WithoutTestimonyTally) -> list[Cell]:
    return [
        count("convicted_cases", Unit.CASE, t.cases),
        ratio("no_courtroom_testimony", Unit.CASE, t.no_courtroom, t.cases),
        ratio("no_child_testimony", Unit.CASE, t.no_testimony, t.cases),
    ]


DEFINITION: Final = MetricDefinition(
    id="convictions_without_child_testimony",
    title="Convictions without a child testifying in the courtroom",
    definition=(
        "Of the cases first convicted in the period, the share in which no child testified in the courtroom, "
        "and in which no child testified at all."
    ),
    formula="no_courtroom_testimony = #(testimonies_in_courtroom = 0) / #(convicted) x 100",
    units=(Unit.CASE,),
    timing=Timing.EITHER,
    population="cases convicted (any accused, any count) whose first conviction is in the window",
    includes=(
        "convictions on a plea",
        "convictions after trial with testimony by live link or videotaped deposition",
    ),
    excludes=("convictions later reversed (the case outcome is no longer CONVICTED)",),
    measures=(
        _m("convicted_cases", Unit.CASE, "count", "cases first convicted in the window"),
        _m("no_courtroom_testimony", Unit.CASE, "percent", "no child testified in the courtroom"),
        _m("no_child_testimony", Unit.CASE, "percent", "no child testified at all"),
    ),
    sources=(CHILD_WITNESS_RULE,),
    dimensions=ALL_DIMENSIONS,
    fields=("case_outcome", "first_conviction_on", "testimonies_in_courtroom", "child_testimonies"),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=WithoutTestimonyTally, tally=tally, cells=cells, order=90)
