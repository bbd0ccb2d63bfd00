"""Baselines and targets: the partnership's shared objectives, and progress towards them.

A target names a metric's measure (and category), a scope (the whole dataset, or one judicial
region, office or court, or one administrative region, province or city/municipality by its PSGC
code), a period, a baseline and a target value. Progress is how far the value has
moved from the baseline towards the target: 0 at the baseline, 1 (100 %) at the target, beyond 1 past
it, negative when the measure moved the wrong way. A target is read against the figure of its own
scope: a court's target against that court's group in a result broken down by court.
"""

from __future__ import annotations

import enum
import re

import msgspec

from cpc_prosecution.domain.types import PSGC_PATTERN
from cpc_prosecution.metrics.dimensions import PLACE_LEVELS, Dimension
from cpc_prosecution.metrics.periods import parse_period
from cpc_prosecution.metrics.registry import definition
from cpc_prosecution.metrics.results import MetricResult

__all__ = ("Progress", "Target", "TargetScope", "progress_of", "validate_target")


class TargetScope(enum.StrEnum):
    ALL = "all"
    """Every case the figure covers (the result's total)."""
    JUDICIAL_REGION = "judicial_region"
    OFFICE = "office"
    COURT = "court"
    ADMIN_REGION = "admin_region"
    PROVINCE = "province"
    CITY_MUNICIPALITY = "city_municipality"

    @property
    def dimension(self) -> Dimension | None:
        return None if self is TargetScope.ALL else Dimension(self.value)


class Target(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    metric_id: str
    measure: str
    category: str | None = None
    scope: TargetScope = TargetScope.ALL
    scope_id: str | None = None
    """The region, office or court the target is for, or the PSGC code of its place scope (None with
    scope `all`)."""
    period: str
    """The period by whose end the target should be met (e.g. FY2020)."""
    baseline: float
    target: float


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    target: Target
    value: float | None
    """The figure for the target's scope in this result; None if the result does not contain it."""
    progress: float | None
    """(value - baseline) / (target - baseline); None without a value."""


def validate_target(target: Target) -> str | None:
    """None if the target is well formed, else the reason (the field is named in the message)."""
    try:
        spec = definition(target.metric_id)
    except KeyError:
        return f"metric_id: no metric {target.metric_id!r}"
    measure = next((m for m in spec.measures if m.name == target.measure), None)
    if measure is None:
        return f"measure: {target.metric_id} has no measure {target.measure!r}"
    if target.category is not None and target.category not in measure.categories:
        return f"category: {target.measure} has no category {target.category!r}"
    if (target.scope is TargetScope.ALL) != (target.scope_id is None):
        return "scope_id: give one exactly when the scope is a region, office, court or place"
    dimension = target.scope.dimension
    if dimension in PLACE_LEVELS and not re.fullmatch(PSGC_PATTERN, target.scope_id or ""):
        return f"scope_id: a {target.scope.value} scope is a 10-digit PSGC code"
    if dimension is not None and dimension not in spec.dimensions:
        return f"scope: {target.metric_id} cannot be broken down by {dimension.value}"
    try:
        parse_period(target.period)
    except ValueError as exc:
        return f"period: {exc}"
    if target.target == target.baseline:
        return "target: equals the baseline, so progress is undefined"
    return None


def progress_of(target: Target, result: MetricResult) -> Progress:
    """The target's progress in `result` (a result for the target's scope: its total, or its group)."""
    group: str | None = None
    if target.scope is not TargetScope.ALL:
        if result.by is not target.scope.dimension:
            return Progress(target=target, value=None, progress=None)
        group = target.scope_id
    value = next(
        (
            c.value
            for c in result.cells
            if c.group == group and c.measure == target.measure and c.category == target.category
        ),
        None,
    )
    if value is None:
        return Progress(target=target, value=None, progress=None)
    return Progress(
        target=target, value=value, progress=round((value - target.baseline) / (target.target - target.baseline), 4)
    )
