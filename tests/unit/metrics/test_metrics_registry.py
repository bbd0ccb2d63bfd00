"""The registry is consistent with the engine, the summary and the committed docs/metrics.md."""

import datetime as dt
from pathlib import Path

import pytest

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics import (
    IMPLEMENTATIONS,
    METRICS,
    METRICS_BY_ID,
    Dimension,
    MetricDefinition,
    compute,
    definition,
)
from cpc_prosecution.metrics.catalogue import MODULE_OF
from cpc_prosecution.metrics.dimensions import PLACE_LEVELS
from cpc_prosecution.metrics.docs import render_markdown
from cpc_prosecution.store.metric_queries import SQL_METRICS

ROOT = Path(__file__).resolve().parents[3]
ROWS = [summarize(fold(build())) for build in EXAMPLES.values()]


def test_ids_are_unique_and_all_implemented() -> None:
    """One definition per id, one Python implementation (tally and cells) per definition."""
    assert len(METRICS_BY_ID) == len(METRICS)
    assert set(IMPLEMENTATIONS) == set(METRICS_BY_ID)
    assert all(IMPLEMENTATIONS[m.id].definition is m for m in METRICS)
    with pytest.raises(KeyError, match="unknown metric"):
        definition("nope")


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.id)
def test_fields_and_dimensions_are_summary_columns(metric: MetricDefinition) -> None:
    """Every field a metric reads, and every breakdown column but the place roll-ups (which read
    `place_psgc`), is a CaseSummary field (= SQL column)."""
    columns = set(CaseSummary.__struct_fields__)
    spec = definition(metric.id)
    assert set(spec.fields) <= columns
    assert {d.column for d in spec.dimensions if d not in PLACE_LEVELS} <= columns
    assert "place_psgc" in columns
    assert spec.sources
    assert spec.measures
    assert spec.units


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.id)
def test_engine_emits_exactly_the_registered_measures(metric: MetricDefinition) -> None:
    """Each cell's measure, unit and category appear in the registry, and every registered
    (measure, category) is emitted, for the total and for every group."""
    spec = definition(metric.id)
    by = Dimension.OFFICE if Dimension.OFFICE in spec.dimensions else None
    result = compute(spec.id, ROWS, period="2021", as_of=dt.date(2024, 12, 31), by=by)
    registered = {
        (m.name, c, m.unit)
        for m in spec.measures
        for c in (*m.categories, *((None,) if m.with_total or not m.categories else ()))
    }
    for group in (None, *result.groups()):
        emitted = [(c.measure, c.category, c.unit) for c in result.cells if c.group == group]
        assert len(emitted) == len(set(emitted))
        assert set(emitted) == registered


def test_committed_docs_equal_the_rendering() -> None:
    """docs/metrics.md is generated: `python -m cpc_prosecution.metrics.docs > docs/metrics.md`."""
    assert (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8") == render_markdown()


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.id)
def test_each_metric_has_one_tally_query_naming_its_tally_fields(metric: MetricDefinition) -> None:
    """The SQL engine finds a metric's tally query by the metric's module name, and a query built from
    `AGGREGATES` has exactly one column per field of the metric's tally (so `Metric.from_row` reads
    every field and nothing else)."""
    implementation = IMPLEMENTATIONS[metric.id]
    assert metric.id in SQL_METRICS, f"no store/metric_sql/{MODULE_OF[metric.id]}.py"
    query = SQL_METRICS[metric.id]
    aggregates = getattr(query, "AGGREGATES", None)
    if aggregates is not None:
        assert sorted(name for name, _ in aggregates) == sorted(implementation.tally_type.__struct_fields__)
