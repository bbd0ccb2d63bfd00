"""The capacity metrics in the pure engine: each reads the case summaries and the capacity records.

Broken down by office, the groups are every office named by a summary (`office_id`, NOT_RECORDED when
none), a staffing snapshot or a training, in sorted order; each group reads its own cases and records.
"""

from collections.abc import Callable, Sequence
from typing import Final

from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics import (
    caseload_per_prosecutor,
    outcomes_by_trained_capacity,
    prosecutor_staffing,
    trainings_delivered,
)
from cpc_prosecution.metrics.dimensions import Dimension, group_of
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell
from cpc_prosecution.metrics.staffing import Capacity

__all__ = ("CAPACITY_IMPLEMENTATIONS", "compute_capacity")

CapacityCompute = Callable[[Sequence[CaseSummary], Capacity, Window], list[Cell]]

CAPACITY_IMPLEMENTATIONS: Final[dict[str, CapacityCompute]] = {
    "prosecutor_staffing": prosecutor_staffing.compute,
    "caseload_per_prosecutor": caseload_per_prosecutor.compute,
    "trainings_delivered": trainings_delivered.compute,
    "outcomes_by_trained_capacity": outcomes_by_trained_capacity.compute,
}


def compute_capacity(
    metric_id: str, rows: Sequence[CaseSummary], capacity: Capacity, w: Window, by: Dimension | None
) -> list[tuple[str | None, list[Cell]]]:
    """(group, cells) blocks: the total first, then one per office when `by` is OFFICE."""
    run = CAPACITY_IMPLEMENTATIONS[metric_id]
    blocks: list[tuple[str | None, list[Cell]]] = [(None, run(rows, capacity, w))]
    if by is not None:
        cases: dict[str, list[CaseSummary]] = {}
        for s in rows:
            cases.setdefault(group_of(s, by), []).append(s)
        for office in sorted(cases.keys() | capacity.offices()):
            blocks.append((office, run(cases.get(office, []), capacity.of_office(office), w)))
    return blocks
