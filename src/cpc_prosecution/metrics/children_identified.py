"""Children identified as victims and taken into protective custody, by sex and age band.

Population: cases detected in the window. Identified: per cell the larger of the count known at
detection and the count rescued (the summary's rule, so no child is counted twice). In custody:
children placed in protective custody at operations of these cases, whenever the operation was.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: Sex x age-band cells, as in the summary's field names.
CELLS: Final = tuple(f"{sex}_{band}" for sex in ("girls", "boys") for band in ("0_5", "6_11", "12_14", "15_17"))


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    cases = [s for s in summaries if w.contains(s.detected_on)]
    identified = sum(s.children_total for s in cases)
    custody = sum(s.children_in_custody for s in cases)
    cells = [
        count("cases_detected", Unit.CASE, len(cases)),
        count("children_identified", Unit.CHILD, identified),
        count("children_in_protective_custody", Unit.CHILD, custody),
        ratio("custody_share", Unit.CHILD, custody, identified),
    ]
    for cell in CELLS:
        cells.append(count("children_identified", Unit.CHILD, sum(getattr(s, f"children_{cell}") for s in cases), cell))
        cells.append(
            count("children_in_protective_custody", Unit.CHILD, sum(getattr(s, f"custody_{cell}") for s in cases), cell)
        )
    return cells
