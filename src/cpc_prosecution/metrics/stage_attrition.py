"""Stage attrition: of the cases that reached a step of the lifecycle, the share that went on to the
next step, the share that left without it, and the share still on the way, on the as-of date.

Population: cases detected in the window (a detection cohort; without a period, every case
detected by the as-of date). A case reached a step when the first date of one of its stages, or of
any later step's, is on or before the as-of date (so the steps are nested even when a stage is
skipped: a plea case never submitted for decision still reached JUDGMENT). It left without the next
step when it had not reached it and was closed by the as-of date: final, or disposed other than by a
conviction (a convicted case awaiting finality is still on the way).
"""

import datetime as dt
from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import disposed_by, first_on
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: The main path: (step, the stages whose first date marks it). DETECTION is every case of the cohort.
STEPS: Final[tuple[tuple[str, tuple[Stage, ...]], ...]] = (
    ("DETECTION", (Stage.DETECTION,)),
    ("PRELIMINARY", (Stage.INQUEST, Stage.PRELIM_INVESTIGATION)),
    ("RESOLUTION", (Stage.RESOLUTION,)),
    ("FILED_IN_COURT", (Stage.FILED_IN_COURT,)),
    ("ARRAIGNMENT", (Stage.ARRAIGNMENT,)),
    ("JUDGMENT", (Stage.POST_JUDGMENT, Stage.FINAL)),
    ("FINAL", (Stage.FINAL,)),
)
STEP_NAMES: Final = tuple(name for name, _ in STEPS)
#: Stages that mark step k or a later one.
FROM_STEP: Final = tuple(
    tuple(dict.fromkeys(st for _, stages in STEPS[k:] for st in stages)) for k in range(len(STEPS))
)


def reached(summary: CaseSummary, step: int, day: dt.date) -> bool:
    if step == 0:
        return summary.detected_on <= day
    return any((on := first_on(summary, st)) is not None and on <= day for st in FROM_STEP[step])


def closed_by(summary: CaseSummary, day: dt.date) -> bool:
    """Final, or disposed other than by a conviction, on or before `day`."""
    if summary.final_on is not None and summary.final_on <= day:
        return True
    return disposed_by(summary, day) and summary.case_outcome is not CaseOutcome.CONVICTED


def compute(summaries: Sequence[CaseSummary], w: Window) -> list[Cell]:
    day = w.as_of
    cohort = [s for s in summaries if w.contains(s.detected_on)]
    at = [[s for s in cohort if reached(s, k, day)] for k in range(len(STEPS))]
    cells = [count("reached", Unit.CASE, len(at[k]), STEP_NAMES[k]) for k in range(len(STEPS))]
    for k in range(len(STEPS) - 1):
        n = len(at[k])
        went_on = len(at[k + 1])
        left = sum(1 for s in at[k] if not reached(s, k + 1, day) and closed_by(s, day))
        cells += [
            ratio("continued", Unit.CASE, went_on, n, STEP_NAMES[k]),
            ratio("left_without_next", Unit.CASE, left, n, STEP_NAMES[k]),
            ratio("still_open", Unit.CASE, n - went_on - left, n, STEP_NAMES[k]),
        ]
    return cells
