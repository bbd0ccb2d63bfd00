"""Postponements by coded reason (CourTools Measure 5, by why a trial setting did not go ahead).

Population: cases filed in court and disposed by the trial court in the window (any manner: a
plea case may have had postponed settings too). Shares of the postponed settings of these cases by
coded `PostponementReason`, and of the cases with at least one postponement for each reason.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import POSTPONEMENT_FIELDS
from cpc_prosecution.metrics.conviction_rate import disposed_in_court
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: (reason code, summary field), in the vocabulary's order.
REASONS: Final = tuple((r.value, name) for r, name in POSTPONEMENT_FIELDS)


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    n = len(cases)
    postponed = sum(s.postponements for s in cases)
    cells = [
        count("cases_disposed", Unit.CASE, n),
        count("postponed_settings", Unit.TRIAL_SETTING, postponed),
    ]
    for reason, name in REASONS:
        cells.append(ratio("by_reason", Unit.TRIAL_SETTING, sum(getattr(s, name) for s in cases), postponed, reason))
    for reason, name in REASONS:
        cells.append(ratio("cases_with_reason", Unit.CASE, sum(1 for s in cases if getattr(s, name) > 0), n, reason))
    return cells
