"""DP post-processing with a scripted noise source (privacy.md §6.4): clamp, suppress below k, round,
margins from noisy leaves, and the median gate. Deterministic: no OpenDP needed."""

from __future__ import annotations

import pytest

from cpc_prosecution.disclosure import PublicCell
from cpc_prosecution.disclosure.dp import (
    DpCounts,
    DpMedian,
    DpPolicy,
    DpRefusedError,
    ScriptedNoise,
    plan_counts,
    plan_median,
    publish_noisy_count,
    release_counts,
    release_median,
)
from cpc_prosecution.disclosure.errors import TableError

POLICY = DpPolicy()
KEYS = [("R1", "filed"), ("R1", "convicted"), ("R2", "filed"), ("R2", "convicted")]


def _release(
    offsets: tuple[int, ...],
    counts: dict[tuple[str, ...], int],
    margins: dict[tuple[str, ...], list[tuple[str, ...]]] | None = None,
) -> DpCounts:
    noise = ScriptedNoise(offsets)
    charge = plan_counts({"table": "region x stage"}, geography="region", policy=POLICY, noise=noise)
    return release_counts(KEYS, counts, charge, noise=noise, policy=POLICY, margins=margins)


@pytest.mark.parametrize(
    ("noisy", "expected"),
    [
        pytest.param(-4, None, id="negative clamps to 0, then below k"),
        pytest.param(0, None, id="a noisy 0 is not a true zero: suppressed"),
        pytest.param(10, None, id="below k"),
        pytest.param(11, 15, id="k is shown as 15: never rounded down below k"),
        pytest.param(12, 15, id="12 is shown as 15, not 10"),
        pytest.param(13, 15, id="rounded half up to 5"),
        pytest.param(102, 100, id="large"),
    ],
)
def test_a_noisy_count_is_clamped_suppressed_below_k_and_rounded(noisy: int, expected: int | None) -> None:
    """A noisy count shows only when, clamped at 0, it is at least k; then it is rounded to 5,
    and never to a value below k."""
    cell = publish_noisy_count(("R1",), noisy, POLICY)
    if expected is None:
        assert cell == PublicCell(key=("R1",), value=None, status="confidential")
    else:
        assert cell == PublicCell(key=("R1",), value=expected, status="published", rounding=5)


def test_every_public_key_gets_noise_including_zeros() -> None:
    """Keys without cases are noised like the others, in the order given, so absence is not disclosed."""
    noise = ScriptedNoise((1, 2, 3, 4))
    charge = plan_counts({"t": 1}, geography="national", policy=POLICY, noise=noise)
    released = release_counts(KEYS, {("R1", "filed"): 20}, charge, noise=noise, policy=POLICY)
    assert released.clamped == {KEYS[0]: 21, KEYS[1]: 2, KEYS[2]: 3, KEYS[3]: 4}
    assert [cell.key for cell in released.cells] == KEYS
    assert noise.draws == 1


def test_margins_are_sums_of_the_noisy_leaves_before_clamping() -> None:
    """A total is post-processing of the noisy leaves (no extra noise, no extra ε), summed before
    clamping so that clamped negatives do not push it up."""
    released = _release(
        (5, -3, 9, -30),
        {KEYS[0]: 40, KEYS[2]: 12, KEYS[3]: 2},
        margins={("PH", "filed"): [KEYS[0], KEYS[2]], ("PH", "convicted"): [KEYS[1], KEYS[3]]},
    )
    assert released.clamped[("PH", "filed")] == 45 + 21
    assert released.clamped[("PH", "convicted")] == 0  # -3 + -28 clamps to 0
    published = {cell.key: cell.value for cell in released.cells}
    assert published[("PH", "filed")] == 65


def test_counts_outside_the_public_keys_are_refused() -> None:
    """A count for a key not in the catalogue would be silently dropped: it is an error instead."""
    with pytest.raises(TableError, match="outside the public key set"):
        _release((0,), {("R9", "filed"): 3})


def test_a_median_is_released_only_when_the_dp_count_reaches_30() -> None:
    """Below 30 (or with no released count) the median is confidential and no noise is drawn."""
    noise = ScriptedNoise(quantile=105)
    charge = plan_median({"t": "median"}, geography="region", policy=POLICY, noise=noise, epsilon=0.5)
    durations = list(range(0, 300, 10))
    assert release_median(durations, charge, dp_count=29, noise=noise, policy=POLICY) == DpMedian(
        value=None, status="confidential"
    )
    assert release_median(durations, charge, dp_count=None, noise=noise, policy=POLICY).status == "confidential"
    assert noise.draws == 0
    assert release_median(durations, charge, dp_count=30, noise=noise, policy=POLICY) == DpMedian(
        value=105, status="published", rounding=15
    )


def test_a_charge_pays_only_for_its_own_mechanism() -> None:
    """A median charge cannot be spent on a histogram, nor a histogram charge on a median."""
    noise = ScriptedNoise()
    count_charge = plan_counts({"t": 1}, geography="region", policy=POLICY, noise=noise)
    median_charge = plan_median({"t": 1}, geography="region", policy=POLICY, noise=noise)
    with pytest.raises(DpRefusedError):
        release_counts(KEYS, {}, median_charge, noise=noise, policy=POLICY)
    with pytest.raises(DpRefusedError):
        release_median([1] * 40, count_charge, dp_count=40, noise=noise, policy=POLICY)
