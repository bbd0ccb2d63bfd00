"""Dismissals by reason: accused dismissed in court by coded reason, and cases dismissed by the
prosecutor by outcome.

Court: the accused of the cases filed and disposed in the window whose every count was dismissed
or withdrawn, by `DISMISSAL_CATEGORIES` (the summary's `accused_dismissed_*`). Prosecutor: cases
never filed in court and dismissed in the window, by `ProsecutorOutcome`.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import DISMISSAL_FIELDS
from cpc_prosecution.domain.vocab.case import ProsecutorOutcome
from cpc_prosecution.metrics.conviction_rate import disposed_in_court
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: Prosecutor outcomes that dismiss a case (its categories).
PROSECUTOR_DISMISSALS: Final = tuple(o.value for o in ProsecutorOutcome if o is not ProsecutorOutcome.INFORMATION_FILED)


def dismissed_before_filing(summary: CaseSummary, w: Window) -> bool:
    return summary.filed_on is None and summary.disposed and w.contains(summary.disposed_on)


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    dismissed = sum(s.accused_dismissed for s in cases)
    cells = [count("accused_dismissed", Unit.ACCUSED, dismissed)]
    for category, name in DISMISSAL_FIELDS:
        cells.append(
            ratio("accused_by_reason", Unit.ACCUSED, sum(getattr(s, name) for s in cases), dismissed, category)
        )
    before = [s for s in summaries if dismissed_before_filing(s, w)]
    cells.append(count("cases_dismissed_by_prosecutor", Unit.CASE, len(before)))
    for outcome in PROSECUTOR_DISMISSALS:
        n = sum(1 for s in before if s.prosecutor_outcome is not None and s.prosecutor_outcome.value == outcome)
        cells.append(ratio("cases_by_prosecutor_outcome", Unit.CASE, n, len(before), outcome))
    return cells
