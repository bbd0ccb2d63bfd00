"""DP policy and accounting: court tables refused, ε defaults, basic composition, charges described."""

from __future__ import annotations

import pytest

from cpc_prosecution.disclosure import PolicyError
from cpc_prosecution.disclosure.dp import (
    Charge,
    DpPolicy,
    DpRefusedError,
    ScriptedNoise,
    discrete_laplace_accuracy,
    plan_counts,
    plan_median,
    require_table_budget,
    table_spec_hash,
    total_epsilon,
)


def test_the_defaults_are_those_of_the_design() -> None:
    """ε = 1 per table, cap 4 per dataset and year, 2 cases per child, k = 11, grid 0..730 step 15, n >= 30."""
    policy = DpPolicy()
    assert (policy.epsilon_per_table, policy.annual_cap, policy.cases_per_child) == (1.0, 4.0, 2)
    assert (policy.threshold, policy.median_min_count) == (11, 30)
    grid = policy.median_grid.candidates()
    assert (grid[0], grid[-1], grid[1] - grid[0], len(grid)) == (0, 720, 15, 49)


@pytest.mark.parametrize("plan", [plan_counts, plan_median])
def test_dp_is_refused_for_court_tables(plan: object) -> None:
    """Court-level counts are too small to survive the noise: DP mode refuses them (privacy.md §5)."""
    with pytest.raises(DpRefusedError, match="region and national"):
        plan({"t": 1}, geography="court", policy=DpPolicy(), noise=ScriptedNoise())  # type: ignore[operator]


def test_a_mechanism_cannot_spend_more_than_its_table() -> None:
    """One mechanism's ε is at most the table's; the mechanisms of a table add up to at most its ε."""
    policy = DpPolicy()
    noise = ScriptedNoise()
    with pytest.raises(DpRefusedError):
        plan_counts({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=1.5)
    half = policy.split(2)
    charges = [
        plan_counts({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=half),
        plan_median({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=half),
    ]
    assert require_table_budget(charges, policy) == pytest.approx(1.0)
    with pytest.raises(DpRefusedError, match="more than"):
        require_table_budget([*charges, charges[0]], policy)


def test_a_whole_histogram_is_one_charge_of_c_over_scale() -> None:
    """Disjoint cells compose in parallel: the histogram's charge is d_in = c at scale c/ε, whatever
    the number of cells, and its 95% accuracy at ε = 1, c = 2 is the ±6.4 of the design's table."""
    charge = plan_counts({"t": 1}, geography="national", policy=DpPolicy(), noise=ScriptedNoise())
    assert (charge.mechanism, charge.d_in, charge.scale, charge.epsilon) == ("discrete_laplace", 2, 2.0, 1.0)
    assert discrete_laplace_accuracy(charge.scale) == pytest.approx(6.43, abs=0.01)


def test_epsilons_add_up_by_basic_composition() -> None:
    """Four tables at ε = 1 cost exactly 4."""
    charge = Charge(mechanism="discrete_laplace", d_in=2, scale=2.0, epsilon=1.0, table_spec_hash="0" * 64)
    assert total_epsilon([charge] * 4) == 4.0


def test_the_table_spec_hash_ignores_key_order_but_not_content() -> None:
    """Equal specifications hash equally whatever their key order; any change gives another hash."""
    a = table_spec_hash({"geography": "region", "period": "2025", "stages": ["filed"]})
    b = table_spec_hash({"stages": ["filed"], "period": "2025", "geography": "region"})
    c = table_spec_hash({"geography": "region", "period": "2026", "stages": ["filed"]})
    assert a == b != c
    assert len(a) == 64


@pytest.mark.parametrize(
    "changes",
    [
        {"epsilon_per_table": 0.0},
        {"epsilon_per_table": 5.0},
        {"cases_per_child": 0},
        {"threshold": 2},
        {"median_min_count": 5},
    ],
)
def test_policies_outside_the_design_are_rejected(changes: dict[str, object]) -> None:
    """ε must be positive and within the cap, c >= 1, k >= 3, and the median gate at least k."""
    with pytest.raises(PolicyError):
        DpPolicy(**changes)  # type: ignore[arg-type]
