"""Metrics over `CaseSummary` records: a registry kept as data and a pure-Python engine.

Pure Python and msgspec: no I/O, no asyncio, no database. The SQL engine follows the same registry.

    >>> from cpc_prosecution.domain import fold, summarize
    >>> from cpc_prosecution.domain.examples import EXAMPLES
    >>> from cpc_prosecution.metrics import compute
    >>> rows = [summarize(fold(build())) for build in EXAMPLES.values()]
    >>> compute("clearance_rate", rows, period="FY2020").value("clearance_rate")
    100.0
"""

from cpc_prosecution.metrics.definitions import Measure, MetricDefinition, Source, Timing
from cpc_prosecution.metrics.dimensions import NOT_RECORDED, Dimension, Places, group_of
from cpc_prosecution.metrics.engine import IMPLEMENTATIONS, compute, compute_all
from cpc_prosecution.metrics.periods import (
    Period,
    PeriodKind,
    Window,
    calendar_year,
    fiscal_year,
    fiscal_year_of,
    month,
    parse_period,
    quarter,
    window,
)
from cpc_prosecution.metrics.registry import METRICS, METRICS_BY_ID, definition
from cpc_prosecution.metrics.results import Cell, MetricResult, Unit
from cpc_prosecution.metrics.staffing import Capacity
from cpc_prosecution.metrics.survival import Observation, Step, kaplan_meier, quantile, share_ended_by

__all__ = (
    "IMPLEMENTATIONS",
    "METRICS",
    "METRICS_BY_ID",
    "NOT_RECORDED",
    "Capacity",
    "Cell",
    "Dimension",
    "Measure",
    "MetricDefinition",
    "MetricResult",
    "Observation",
    "Period",
    "PeriodKind",
    "Places",
    "Source",
    "Step",
    "Timing",
    "Unit",
    "Window",
    "calendar_year",
    "compute",
    "compute_all",
    "definition",
    "fiscal_year",
    "fiscal_year_of",
    "group_of",
    "kaplan_meier",
    "month",
    "parse_period",
    "quantile",
    "quarter",
    "share_ended_by",
    "window",
)
