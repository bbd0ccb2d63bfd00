"""Convictions reached without a child testifying in the courtroom (or at all).

Population: cases whose first conviction was promulgated in the window.
"""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if s.case_outcome is CaseOutcome.CONVICTED and w.contains(s.first_conviction_on)]
    n = len(cases)
    return [
        count("convicted_cases", Unit.CASE, n),
        ratio("no_courtroom_testimony", Unit.CASE, sum(1 for s in cases if s.testimonies_in_courtroom == 0), n),
        ratio("no_child_testimony", Unit.CASE, sum(1 for s in cases if s.child_testimonies == 0), n),
    ]
