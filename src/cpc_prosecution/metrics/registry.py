"""The metric registry: every metric's definition as data, in documentation order.

One definition, two engines: each metric module declares its definition beside its tally and cells
(`metric.Metric`), and the catalogue finds them; the Python engine (`engine.compute`) and the SQL
engine follow the same ids, populations, `fields` and measure names, and return the same cells.
"""

from typing import Final

from cpc_prosecution.metrics.catalogue import ALL_METRICS
from cpc_prosecution.metrics.definitions import MetricDefinition

__all__ = ("CAPACITY_METRICS", "METRICS", "METRICS_BY_ID", "definition")

METRICS: Final[tuple[MetricDefinition, ...]] = tuple(m.definition for m in ALL_METRICS)

#: The capacity metrics (they also read the staffing snapshots and trainings).
CAPACITY_METRICS: Final[tuple[MetricDefinition, ...]] = tuple(m.definition for m in ALL_METRICS if m.reads_capacity)

#: Metrics by id.
METRICS_BY_ID: Final[dict[str, MetricDefinition]] = {m.id: m for m in METRICS}


def definition(metric_id: str) -> MetricDefinition:
    """The definition with this id (KeyError naming the known ids otherwise)."""
    try:
        return METRICS_BY_ID[metric_id]
    except KeyError:
        raise KeyError(f"unknown metric {metric_id!r}; known: {', '.join(METRICS_BY_ID)}") from None
