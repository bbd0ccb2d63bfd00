"""Registry entries for how far cases get: stage attrition along the main path."""

from typing import Final

from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import ALL_DIMENSIONS
from cpc_prosecution.metrics.reconstruction import FIRST_FIELD
from cpc_prosecution.metrics.registry_sources import OURS
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Unit
from cpc_prosecution.metrics.stage_attrition import FROM_STEP, STEP_NAMES, STEPS

_TRANSITIONS = STEP_NAMES[:-1]
_MARKS = "; ".join(f"{name} = {' or '.join(s.value for s in stages)}" for name, stages in STEPS[1:])

PROGRESS_METRICS: Final[tuple[MetricDefinition, ...]] = (
    MetricDefinition(
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
    ),
)
