"""Statistical accuracy of OpenDP's noise (privacy.md §6.4). OpenDP cannot be seeded, so these draw
many releases and compare the empirical error with the published bound. Slow; skipped without the
``dp`` extra."""

from __future__ import annotations

import statistics

import pytest

pytest.importorskip("opendp")

from opendp.accuracy import discrete_laplacian_scale_to_accuracy

from cpc_prosecution.disclosure.dp import DpPolicy, OpenDpNoise, plan_counts, plan_median

pytestmark = pytest.mark.slow

DRAWS = 2000
TRUE_COUNTS = [0, 3, 12, 40, 250]


def _p95(errors: list[int]) -> float:
    return statistics.quantiles(errors, n=20, method="inclusive")[-1]


@pytest.mark.parametrize("epsilon", [0.5, 1.0])
def test_noisy_counts_are_within_the_95_percent_bound(epsilon: float) -> None:
    """Over 2000 histograms (5 cells each), the 95th percentile of |noise| per cell is at most 1.1 x
    OpenDP's discrete_laplacian_scale_to_accuracy bound (6.4 at ε = 1, c = 2), and the noise is
    centred (mean within 0.5)."""
    noise = OpenDpNoise()
    charge = plan_counts({"t": 1}, geography="region", policy=DpPolicy(), noise=noise, epsilon=epsilon)
    bound = discrete_laplacian_scale_to_accuracy(scale=charge.scale, alpha=0.05)
    signed: list[int] = []
    for _ in range(DRAWS):
        noisy = noise.discrete_laplace(TRUE_COUNTS, charge)
        signed.extend(n - t for n, t in zip(noisy, TRUE_COUNTS, strict=True))
    assert _p95([abs(e) for e in signed]) <= 1.1 * bound
    assert abs(statistics.fmean(signed)) < 0.5


def test_a_grid_median_on_a_large_group_is_within_a_few_grid_steps() -> None:
    """With n = 200 durations at ε = 0.5 the DP median is, in 95% of 2000 releases, within 2 grid
    steps (30 days) of the true median: large groups are what DP medians are for."""
    policy = DpPolicy()
    noise = OpenDpNoise()
    charge = plan_median({"t": 1}, geography="national", policy=policy, noise=noise, epsilon=0.5)
    durations = [(i * 37) % 400 for i in range(200)]
    true_median = statistics.median(durations)
    candidates = policy.median_grid.candidates()
    errors = [
        abs(noise.private_quantile(durations, charge, candidates=candidates, alpha=0.5) - true_median)
        for _ in range(DRAWS)
    ]
    assert _p95(errors) <= 2 * policy.median_grid.step
