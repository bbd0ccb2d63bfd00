"""The shape of a metric definition: data that both engines (Python and SQL) and the docs follow."""

import enum

import msgspec

from cpc_prosecution.metrics.dimensions import Dimension
from cpc_prosecution.metrics.results import Unit


class Timing(enum.StrEnum):
    """What a metric needs: a period (a flow), an as-of date (a stock), or either."""

    PERIOD = "PERIOD"
    """Counts dates inside the period (up to the as-of date if earlier than the period's end)."""
    AS_OF = "AS_OF"
    """A stock on the as-of date (default: the period's last day)."""
    EITHER = "EITHER"
    """With a period, counts dates inside it; without, everything up to the as-of date."""


class Source(msgspec.Struct, frozen=True, kw_only=True):
    """The published standard a metric follows, and how closely."""

    name: str
    url: str | None = None
    relation: str = "follows"
    """`follows`, `adapts` (changed as stated in the definition) or `extends` (no standard; ours)."""


class Measure(msgspec.Struct, frozen=True, kw_only=True):
    """One output column of a metric: its name, unit, kind and the categories it is reported for."""

    name: str
    unit: Unit
    kind: str
    """`count`, `percent` (numerator/denominator x 100), `ratio` (numerator/denominator) or `days`."""
    description: str
    categories: tuple[str, ...] = ()
    with_total: bool = False
    """With categories: also reported once without a category (the total over them)."""


class MetricDefinition(msgspec.Struct, frozen=True, kw_only=True):
    """A metric as data. `fields` lists the `CaseSummary` fields (= `case_summary` columns) it reads."""

    id: str
    title: str
    definition: str
    formula: str
    units: tuple[Unit, ...]
    timing: Timing
    population: str
    includes: tuple[str, ...]
    excludes: tuple[str, ...]
    measures: tuple[Measure, ...]
    sources: tuple[Source, ...]
    dimensions: tuple[Dimension, ...]
    fields: tuple[str, ...]
    approximations: tuple[str, ...] = ()
    units_of_count: tuple[Unit, ...] = ()
    """The units of count the metric can be computed in (the `unit` parameter; the first is the default).
    Empty: only its own fixed units."""
