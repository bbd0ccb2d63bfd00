"""One metric, written once: its definition, its tally and the one function that turns a tally into cells.

A metric module (`metrics/<name>.py`) declares `METRIC = Metric(...)` (or `METRICS`, a tuple, when one
module serves several ids). The tally is a small frozen Struct of integers (and tuples of integers)
filled two ways: in Python by `tally(summaries, window, inputs)`, and in SQL by the query of the
module with the same name under `store/metric_sql/`, whose output columns are named after the tally's
fields. `cells(tally)` is then the same function for both engines, so the cell list (order, units,
rounding, None for an empty denominator) is written once. The registry and both engines find the
modules by scanning this package (`catalogue.py`); nothing else lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec

from cpc_prosecution.metrics.definitions import MetricDefinition
from cpc_prosecution.metrics.periods import Window
from cpc_prosecution.metrics.results import Cell, Unit
from cpc_prosecution.metrics.staffing import Capacity

if TYPE_CHECKING:
    from cpc_prosecution.domain.clocks import ClockOutcome
    from cpc_prosecution.domain.summary import CaseSummary

__all__ = ("Inputs", "Metric", "Tally")


class Tally(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every metric's tally: named integers (or tuples of integers, one per category)."""


T = TypeVar("T", bound=Tally)


class Inputs(msgspec.Struct, frozen=True, kw_only=True):
    """What a tally may read besides the summaries: the legal clocks by case id, the capacity records, and
    the unit of count asked for (a metric with `units_of_count`: CASE or ACCUSED)."""

    clocks: Mapping[str, Sequence[ClockOutcome]] = msgspec.field(default_factory=dict)
    capacity: Capacity = msgspec.field(default_factory=Capacity)
    unit: Unit = Unit.CASE


class Metric(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    """A metric: its definition (data), its tally type, the Python tally and the shared cells.

    `order` places it in the registry (documentation order). `reads_capacity`: a capacity metric (it
    reads the staffing snapshots and trainings); broken down by office, its groups also include every
    office named by one of those records.
    """

    definition: MetricDefinition
    tally_type: type[T]
    tally: Callable[[Sequence[CaseSummary], Window, Inputs], T]
    cells: Callable[[T], list[Cell]]
    order: int
    reads_capacity: bool = False

    @property
    def id(self) -> str:
        return self.definition.id

    def compute(self, summaries: Sequence[CaseSummary], w: Window, inputs: Inputs) -> list[Cell]:
        """The pure engine: tally the summaries, then the shared cells."""
        return self.cells(self.tally(summaries, w, inputs))

    def check_unit(self, unit: Unit | str | None) -> Unit:
        """The unit of count asked for, or the default; ValueError naming the allowed units otherwise."""
        allowed = self.definition.units_of_count or (Unit.CASE,)
        if unit is None:
            return allowed[0]
        try:
            chosen = Unit(unit)
        except ValueError:
            chosen = None
        if chosen not in allowed:
            raise ValueError(
                f"{self.id} cannot be counted per {unit!r}: the unit is one of {', '.join(u.value for u in allowed)}"
            )
        return chosen

    def from_row(self, row: Any) -> T:
        """The SQL engine: the tally from one row of the metric's query (columns named after its fields)."""
        return msgspec.convert({name: row[name] for name in self.tally_type.__struct_fields__}, self.tally_type)
