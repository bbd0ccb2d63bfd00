"""Privacy maps (privacy.md §6.4): every mechanism DP mode runs costs at most the ε it is charged.

Deterministic: a privacy map is arithmetic, no noise is drawn. Skipped without the ``dp`` extra.
"""

from __future__ import annotations

import pytest

pytest.importorskip("opendp")

from cpc_prosecution.disclosure.dp import (
    DpPolicy,
    OpenDpNoise,
    ScriptedNoise,
    discrete_laplace_accuracy,
    plan_counts,
    plan_median,
)
from cpc_prosecution.disclosure.dp.charges import EPSILON_SLACK
from cpc_prosecution.disclosure.dp.medians import MEDIAN


@pytest.fixture(scope="module")
def noise() -> OpenDpNoise:
    return OpenDpNoise()


EPSILONS = [0.25, 0.5, 1.0]
CAPS = [1, 2, 3]


@pytest.mark.parametrize("epsilon", EPSILONS)
@pytest.mark.parametrize("cases_per_child", CAPS)
def test_a_histogram_costs_at_most_its_epsilon(noise: OpenDpNoise, epsilon: float, cases_per_child: int) -> None:
    """Discrete Laplace on the count vector: meas.map(c) <= ε allocated, and the charge records it."""
    policy = DpPolicy(cases_per_child=cases_per_child)
    charge = plan_counts({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=epsilon)
    measurement = noise.measurement("discrete_laplace", charge.scale)
    assert measurement.map(cases_per_child) <= epsilon
    assert measurement.map(cases_per_child) == pytest.approx(charge.epsilon)
    assert str(measurement.output_measure) == "MaxDivergence"  # pure ε-DP, so ε add up


@pytest.mark.parametrize("epsilon", EPSILONS)
@pytest.mark.parametrize("cases_per_child", CAPS)
def test_a_grid_median_costs_at_most_its_epsilon(noise: OpenDpNoise, epsilon: float, cases_per_child: int) -> None:
    """then_private_quantile over the public grid: meas.map(c) <= ε allocated."""
    policy = DpPolicy(cases_per_child=cases_per_child)
    charge = plan_median({"t": 1}, geography="national", policy=policy, noise=noise, epsilon=epsilon)
    measurement = noise.measurement(
        "private_quantile", charge.scale, candidates=policy.median_grid.candidates(), alpha=MEDIAN
    )
    assert measurement.map(cases_per_child) <= epsilon
    assert measurement.map(cases_per_child) == pytest.approx(charge.epsilon)


def test_the_default_table_never_exceeds_its_epsilon(noise: OpenDpNoise) -> None:
    """A default table with a histogram and a median at ε/2 each costs at most ε = 1 in total."""
    policy = DpPolicy()
    half = policy.split(2)
    count = plan_counts({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=half)
    median = plan_median({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=half)
    total = noise.measurement("discrete_laplace", count.scale).map(2) + noise.measurement(
        "private_quantile", median.scale, candidates=policy.median_grid.candidates(), alpha=MEDIAN
    ).map(2)
    assert total <= policy.epsilon_per_table + EPSILON_SLACK


@pytest.mark.parametrize("epsilon", EPSILONS)
def test_the_scripted_source_calibrates_like_opendp(noise: OpenDpNoise, epsilon: float) -> None:
    """The test double's closed form (scale = c/ε) matches OpenDP's calibration for both mechanisms,
    so charges planned in tests are the ones production would write."""
    policy = DpPolicy()
    for plan in (plan_counts, plan_median):
        real = plan({"t": 1}, geography="region", policy=policy, noise=noise, epsilon=epsilon)
        fake = plan({"t": 1}, geography="region", policy=policy, noise=ScriptedNoise(), epsilon=epsilon)
        assert real.scale == pytest.approx(fake.scale, rel=1e-6)
        assert real.epsilon == pytest.approx(fake.epsilon, rel=1e-6)


@pytest.mark.parametrize("scale", [1.0, 2.0, 4.0, 8.0])
def test_the_pure_accuracy_bound_is_opendps(noise: OpenDpNoise, scale: float) -> None:
    """`discrete_laplace_accuracy` gives the same 95% bound as OpenDP's accuracy helper."""
    from opendp.accuracy import discrete_laplacian_scale_to_accuracy

    assert discrete_laplace_accuracy(scale, 0.05) == pytest.approx(
        discrete_laplacian_scale_to_accuracy(scale=scale, alpha=0.05)
    )


def test_a_charge_below_the_measurements_cost_is_refused(noise: OpenDpNoise) -> None:
    """Noise is drawn only at a cost the ledger recorded: a charge claiming less ε than the
    measurement's map is refused before drawing."""
    from cpc_prosecution.disclosure.dp import Charge, DpRefusedError

    cheap = Charge(mechanism="discrete_laplace", d_in=2, scale=2.0, epsilon=0.5, table_spec_hash="0" * 64)
    with pytest.raises(DpRefusedError, match="costs"):
        noise.discrete_laplace([10, 20], cheap)
