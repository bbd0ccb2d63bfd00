"""The capacity metrics' definitions (placeholder)."""

from typing import Final

from cpc_prosecution.metrics.definitions import MetricDefinition

CAPACITY_METRICS: Final[tuple[MetricDefinition, ...]] = ()
