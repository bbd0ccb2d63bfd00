"""Targets and progress, hand-worked."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.support.psgc import sample_masterlist

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.metrics import Cell, Dimension, MetricResult, Unit, compute
from cpc_prosecution.metrics.targets import Target, TargetScope, progress_of, validate_target

RESULT = MetricResult(
    metric_id="conviction_rate",
    period="FY2020",
    start=dt.date(2019, 10, 1),
    end=dt.date(2020, 9, 30),
    as_of=dt.date(2020, 9, 30),
    by=Dimension.COURT,
    cells=(
        Cell(group=None, category=None, measure="cases_disposed", unit=Unit.CASE, value=20.0),
        Cell(group="RTC-R7-LLC-FC54", category=None, measure="cases_disposed", unit=Unit.CASE, value=12.0),
    ),
)


@pytest.mark.parametrize(
    ("scope", "scope_id", "baseline", "goal", "value", "progress"),
    [
        # 10 -> 30 planned; 20 reached: halfway.
        (TargetScope.ALL, None, 10.0, 30.0, 20.0, 0.5),
        # the court's own group: 8 -> 12 planned, 12 reached: met.
        (TargetScope.COURT, "RTC-R7-LLC-FC54", 8.0, 12.0, 12.0, 1.0),
        # moved the wrong way: 15 -> 25 planned, 12 reached: -0.3.
        (TargetScope.COURT, "RTC-R7-LLC-FC54", 15.0, 25.0, 12.0, -0.3),
        # a court absent from the result: no value, no progress.
        (TargetScope.COURT, "RTC-NCJR-MNL-B27", 1.0, 2.0, None, None),
        # an office target cannot be read from a result broken down by court.
        (TargetScope.OFFICE, "OCP-0702-LLC", 1.0, 2.0, None, None),
    ],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(
    scope: TargetScope, scope_id: str | None, baseline: float, goal: float, value: float | None, progress: float | None
) -> None:
    """(value - baseline) / (target - baseline), read from the target's own scope in the result."""
    target = Target(
        metric_id="conviction_rate",
        measure="cases_disposed",
        scope=scope,
        scope_id=scope_id,
        period="FY2020",
        baseline=baseline,
        target=goal,
    )
    got = progress_of(target, RESULT)
    assert (got.value, got.progress) == (value, progress)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"metric_id": "no_such"}, "metric_id"),
        ({"measure": "no_such"}, "measure"),
        ({"scope": TargetScope.COURT}, "scope_id"),
        ({"scope": TargetScope.ADMIN_REGION, "scope_id": "R7"}, "scope_id"),  # a place scope is a PSGC code
        ({"period": "2020Q5"}, "period"),
        ({"target": 10.0}, "target"),
    ],
)
def test_a_malformed_target_names_the_field(change: dict[str, object], field: str) -> None:
    """Unknown metric or measure, a scope without its id, a bad period, target == baseline."""
    base: dict[str, object] = {
        "metric_id": "conviction_rate",
        "measure": "cases_disposed",
        "period": "FY2020",
        "baseline": 10.0,
        "target": 20.0,
    }
    reason = validate_target(Target(**{**base, **change}))  # type: ignore[arg-type]
    assert reason is not None
    assert reason.startswith(field)


def test_a_well_formed_target_passes() -> None:
    """The registry knows the metric, measure and dimension; the period parses."""
    target = Target(
        metric_id="conviction_rate",
        measure="cases_disposed",
        scope=TargetScope.COURT,
        scope_id="RTC-R7-LLC-FC54",
        period="FY2020",
        baseline=1.0,
        target=2.0,
    )
    assert validate_target(target) is None


def test_a_place_target_reads_its_region_from_a_place_breakdown() -> None:
    """Dispositions in administrative Region VII (the CPC's Central Visayas) in FY2020: of the
    examples detected in Lapu-Lapu City, mixed speeds (2019-10-15) and the plea (2020-02-03) were
    disposed then = 2; baseline 1, target 3 -> halfway."""
    rows = [summarize(fold(build())) for build in EXAMPLES.values()]
    result = compute("conviction_rate", rows, period="FY2020", by="admin_region", places=sample_masterlist().rollups())
    target = Target(
        metric_id="conviction_rate",
        measure="cases_disposed",
        scope=TargetScope.ADMIN_REGION,
        scope_id="0700000000",
        period="FY2020",
        baseline=1.0,
        target=3.0,
    )
    assert validate_target(target) is None
    got = progress_of(target, result)
    assert (got.value, got.progress) == (2.0, 0.5)
