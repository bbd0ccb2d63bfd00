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
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD, disposed_by, first_on
from cpc_prosecution.metrics.registry_sources import (
    OURS,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
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


class AttritionTally(Tally, frozen=True, kw_only=True):
    """Per-step tuples in `STEPS` order (`left` has one fewer: the last step has no next)."""

    at: tuple[int, ...]
    left: tuple[int, ...]


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> AttritionTally:
    day = w.as_of
    cohort = [s for s in summaries if w.contains(s.detected_on)]
    at = [[s for s in cohort if reached(s, k, day)] for k in range(len(STEPS))]
    return AttritionTally(
        at=tuple(len(cases) for cases in at),
        left=tuple(
            sum(1 for s in at[k] if not reached(s, k + 1, day) and closed_by(s, day)) for k in range(len(STEPS) - 1)
        ),
    )


def cells(t: AttritionTally) -> list[Cell]:
    out = [count("reached", Unit.CASE, n, name) for name, n in zip(STEP_NAMES, t.at, strict=True)]
    for k in range(len(STEPS) - 1):
        n, went_on, left = t.at[k], t.at[k + 1], t.left[k]
        out += [
            ratio("continued", Unit.CASE, went_on, n, STEP_NAMES[k]),
            ratio("left_without_next", Unit.CASE, left, n, STEP_NAMES[k]),
            ratio("still_open", Unit.CASE, n - went_on - left, n, STEP_NAMES[k]),
        ]
    return out


_TRANSITIONS = STEP_NAMES[:-1]
_MARKS = "; ".join(f"{name} = {' or '.join(s.value for s in stages)}" for name, stages in STEPS[1:])

DEFINITION: Final = MetricDefinition(
    id="stage_attrition",
    title="Stage attrition",
    definition=(
        "Of the cases detected in the period that reached a step of the main path (detection, preliminary "
        "investigation or inquest, resolution to file, filing in court, arraignment, judgment, finality) by "
        "the as-of date: the share that reached the next step, the share that left without it (closed), and "
        "the share still on the way."
    ),
    formula=(
        "continued[k] = #(reached k+1) / #(reached k) x 100; left_without_next[k] = #(reached k, not k+1, "
        "closed) / #(reached k) x 100; still_open[k] = 100 - continued[k] - left_without_next[k]"
    ),
    units=(Unit.CASE,),
    timing=Timing.EITHER,
    population="cases detected in the window (without a period: detected by the as-of date)",
    includes=(
        f"a step is reached when the first date of its stages, or of a later step's, is on or before the as-of "
        f"date ({_MARKS})",
        "closed: final on or before the as-of date, or disposed by then other than by a conviction "
        "(dismissed before or after filing, acquitted)",
    ),
    excludes=(
        "side paths as steps (archiving, provisional dismissal, bail): an archived case is still on the way",
        "cases detected outside the window",
    ),
    measures=(
        _m("reached", Unit.CASE, "count", "cases of the cohort that reached the step", STEP_NAMES),
        _m("continued", Unit.CASE, "percent", "of those, reached the next step", _TRANSITIONS),
        _m("left_without_next", Unit.CASE, "percent", "of those, closed without the next step", _TRANSITIONS),
        _m("still_open", Unit.CASE, "percent", "of those, neither (still on the way)", _TRANSITIONS),
    ),
    sources=(OURS,),
    dimensions=ALL_DIMENSIONS,
    fields=(
        "detected_on",
        *dict.fromkeys(FIRST_FIELD[s] for s in FROM_STEP[1]),
        "disposed",
        "disposed_on",
        "final_on",
        "case_outcome",
    ),
    approximations=(
        "First dates are the earliest over all accused and filing cycles: a case refiled after a dismissal "
        "counts as having reached the steps of its first cycle.",
        "Closed uses the dates as they are now (a remanded case is closed only at its last judgment).",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=AttritionTally, tally=tally, cells=cells, order=110)
