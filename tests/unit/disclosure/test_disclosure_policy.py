"""The disclosure policy: k = 11 by default, configurable, never below 3."""

from __future__ import annotations

import msgspec
import pytest

from cpc_prosecution.disclosure import DEFAULT_THRESHOLD, MIN_THRESHOLD, DisclosurePolicy, PolicyError


def test_default_threshold_is_eleven() -> None:
    """Counts 1..10 are suppressed by default (CMS, CTDC): k = 11, rounding to 5, medians from n = 20."""
    policy = DisclosurePolicy()
    assert (policy.threshold, policy.rounding_base, policy.median_min_n) == (DEFAULT_THRESHOLD, 5, 20)
    assert DEFAULT_THRESHOLD == 11


@pytest.mark.parametrize("threshold", [MIN_THRESHOLD, 5, 11, 25])
def test_threshold_is_configurable_from_three(threshold: int) -> None:
    """Any k from 3 up is accepted."""
    assert DisclosurePolicy(threshold=threshold).threshold == threshold


@pytest.mark.parametrize("threshold", [-1, 0, 1, 2])
def test_threshold_below_three_is_refused(threshold: int) -> None:
    """A threshold below 3 raises a PolicyError (a ValueError) that names the value and the minimum."""
    with pytest.raises(PolicyError, match=rf"threshold k={threshold} is below the minimum of 3"):
        DisclosurePolicy(threshold=threshold)


def test_threshold_below_three_is_refused_when_decoding() -> None:
    """A stored policy with k < 3 cannot be loaded either."""
    with pytest.raises(msgspec.ValidationError, match="below the minimum"):
        msgspec.json.decode(b'{"threshold": 2}', type=DisclosurePolicy)


@pytest.mark.parametrize(("field", "value"), [("rounding_base", 0), ("median_min_n", 0), ("max_repairs", -1)])
def test_other_parameters_are_validated(field: str, value: int) -> None:
    """Rounding base and median minimum are at least 1; the repair budget is not negative."""
    with pytest.raises(PolicyError):
        DisclosurePolicy(**{field: value})


@pytest.mark.parametrize(("threshold", "median_min_n", "expected"), [(11, 20, 20), (25, 20, 25), (3, 10, 10)])
def test_median_threshold_is_never_below_k(threshold: int, median_min_n: int, expected: int) -> None:
    """A median needs a group of at least max(median_min_n, k)."""
    policy = DisclosurePolicy(threshold=threshold, median_min_n=median_min_n)
    assert policy.median_threshold == expected


def test_policy_round_trips_through_json() -> None:
    """The policy is stored with each release and decodes back to an equal value."""
    policy = DisclosurePolicy(threshold=13, rounding_base=10)
    assert msgspec.json.decode(msgspec.json.encode(policy), type=DisclosurePolicy) == policy
