"""Sentences by band: accused convicted in the cases disposed in the window, by the heaviest
sentence band among their convicted counts (the summary's `accused_sentenced_*`)."""

from collections.abc import Sequence

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_counts import SENTENCE_FIELDS
from cpc_prosecution.metrics.conviction_rate import disposed_in_court
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if disposed_in_court(s, w)]
    convicted = sum(s.accused_convicted for s in cases)
    cells = [count("accused_convicted", Unit.ACCUSED, convicted)]
    for band, name in SENTENCE_FIELDS:
        cells.append(ratio("accused_by_band", Unit.ACCUSED, sum(getattr(s, name) for s in cases), convicted, band))
    return cells
