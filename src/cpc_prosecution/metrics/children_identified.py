"""Children identified as victims and taken into protective custody, by sex and age band.

Population: cases detected in the window. Identified: per cell the larger of the count known at
detection and the count rescued (the summary's rule, so no child is counted twice). In custody:
children placed in protective custody at operations of these cases, whenever the operation was.
"""

from collections.abc import Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics.definitions import MetricDefinition, Timing
from cpc_prosecution.metrics.dimensions import CASE_DIMENSIONS
from cpc_prosecution.metrics.metric import Inputs, Metric, Tally
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.registry_sources import (
    PPI,
    RA11930,
)
from cpc_prosecution.metrics.registry_sources import measure as _m
from cpc_prosecution.metrics.results import Cell, Unit, count, ratio

#: Sex x age-band cells, as in the summary's field names.
CELLS: Final = tuple(f"{sex}_{band}" for sex in ("girls", "boys") for band in ("0_5", "6_11", "12_14", "15_17"))


class ChildrenTally(Tally, frozen=True, kw_only=True):
    cases: int
    identified: int
    custody: int
    children: tuple[int, ...]
    """Identified per `CELLS`."""
    in_custody: tuple[int, ...]
    """In protective custody per `CELLS`."""


def tally(summaries: Sequence[CaseSummary], w: Window, _: Inputs) -> ChildrenTally:
    cases = [s for s in summaries if w.contains(s.detected_on)]
    return ChildrenTally(
        cases=len(cases),
        identified=sum(s.children_total for s in cases),
        custody=sum(s.children_in_custody for s in cases),
        children=tuple(sum(getattr(s, f"children_{c}") for s in cases) for c in CELLS),
        in_custody=tuple(sum(getattr(s, f"custody_{c}") for s in cases) for c in CELLS),
    )


def cells(t: ChildrenTally) -> list[Cell]:
    out = [
        count("cases_detected", Unit.CASE, t.cases),
        count("children_identified", Unit.CHILD, t.identified),
        count("children_in_protective_custody", Unit.CHILD, t.custody),
        ratio("custody_share", Unit.CHILD, t.custody, t.identified),
    ]
    for cell, identified, custody in zip(CELLS, t.children, t.in_custody, strict=True):
        out.append(count("children_identified", Unit.CHILD, identified, cell))
        out.append(count("children_in_protective_custody", Unit.CHILD, custody, cell))
    return out


DEFINITION: Final = MetricDefinition(
    id="children_identified",
    title="Children identified and taken into protective custody",
    definition=(
        "Child victims of the cases detected in the period, and those taken into protective custody, "
        "by sex and age band."
    ),
    formula="custody_share = sum(children_in_custody) / sum(children_total) x 100",
    units=(Unit.CHILD, Unit.CASE),
    timing=Timing.EITHER,
    population="cases detected in the window",
    includes=(
        "per sex and age band, the larger of the children known at detection and those rescued",
        "children placed in protective custody at any operation of these cases",
    ),
    excludes=("children of cases detected outside the window, even if rescued inside it",),
    measures=(
        _m("cases_detected", Unit.CASE, "count", "cases detected in the window"),
        _m(
            "children_identified",
            Unit.CHILD,
            "count",
            "children identified (total, and per cell)",
            CELLS,
            with_total=True,
        ),
        _m(
            "children_in_protective_custody",
            Unit.CHILD,
            "count",
            "children in protective custody (total, and per cell)",
            CELLS,
            with_total=True,
        ),
        _m("custody_share", Unit.CHILD, "percent", "children in custody / children identified"),
    ),
    sources=(RA11930, PPI),
    dimensions=CASE_DIMENSIONS,
    fields=(
        "detected_on",
        "children_total",
        "children_in_custody",
        *(f"children_{c}" for c in CELLS),
        *(f"custody_{c}" for c in CELLS),
    ),
    approximations=(
        "Custody is attributed to the detection period; operation dates per child are not in the summary.",
    ),
)

METRIC: Final = Metric(definition=DEFINITION, tally_type=ChildrenTally, tally=tally, cells=cells, order=70)
