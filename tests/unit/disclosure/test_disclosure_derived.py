"""Derived statistics (privacy.md §4.4): rates and medians."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.disclosure import (
    DisclosurePolicy,
    PublicMedian,
    PublicRate,
    median_is_publishable,
    protect,
    protected_rate,
    public_median,
    public_rate,
    round_days,
    time_aggregation,
)

CONFIDENTIAL_RATE = PublicRate(value=None, status="confidential")
CONFIDENTIAL_MEDIAN = PublicMedian(value=None, status="confidential")


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        pytest.param(15, 40, 38, id="37.5% rounds half up"),
        pytest.param(20, 31, 65, id="all parts at least k"),
        pytest.param(12, 22, None, id="complement 10 < k"),
        pytest.param(3, 40, None, id="numerator 1..k-1"),
        pytest.param(35, 40, None, id="complement 1..k-1"),
        pytest.param(0, 10, None, id="denominator below k"),
        pytest.param(0, 21, None, id="0% needs a denominator of 2k"),
        pytest.param(21, 21, None, id="100% needs a denominator of 2k"),
        pytest.param(0, 22, 0, id="0% on 2k"),
        pytest.param(22, 22, 100, id="100% on 2k"),
        pytest.param(0, 0, None, id="no denominator"),
    ],
)
def test_rate_rules(numerator: int, denominator: int, expected: int | None) -> None:
    """A rate is published only with denominator >= k, numerator and complement each 0 or >= k,
    and for 0% or 100% a denominator >= 2k; as a whole percent."""
    rate = public_rate(numerator, denominator)
    assert rate == (CONFIDENTIAL_RATE if expected is None else PublicRate(value=expected, status="published"))


def test_rate_of_a_hidden_cell_is_hidden() -> None:
    """A rate whose numerator or denominator cell is hidden is suppressed, whatever its counts."""
    assert public_rate(20, 40, numerator_hidden=True) == CONFIDENTIAL_RATE
    assert public_rate(20, 40, denominator_hidden=True) == CONFIDENTIAL_RATE
    protection = protect(time_aggregation({"Q1": 3, "Q2": 12, "Q3": 20}, {"Y": ["Q1", "Q2", "Q3"]}))
    assert protected_rate(protection, ("Q2",), ("Y",)) == CONFIDENTIAL_RATE  # Q2 is the complement
    assert protected_rate(protection, ("Q3",), ("Y",)) == PublicRate(value=57, status="published")


def test_rate_needs_a_sensible_fraction() -> None:
    """A numerator larger than its denominator is a programming error."""
    with pytest.raises(ValueError, match="numerator <= denominator"):
        public_rate(5, 4)


@given(
    numerator=st.integers(0, 80),
    extra=st.integers(0, 80),
    threshold=st.integers(3, 20),
    numerator_hidden=st.booleans(),
    denominator_hidden=st.booleans(),
)
def test_published_rates_follow_the_rule(
    numerator: int, extra: int, threshold: int, numerator_hidden: bool, denominator_hidden: bool
) -> None:
    """Published rate ⇒ both cells published, denominator >= k, numerator and complement 0 or >= k,
    0%/100% only on a denominator >= 2k, value = the rounded percentage."""
    denominator = numerator + extra
    policy = DisclosurePolicy(threshold=threshold)
    rate = public_rate(
        numerator, denominator, policy, numerator_hidden=numerator_hidden, denominator_hidden=denominator_hidden
    )
    if rate.status == "published":
        assert rate.value is not None
        assert not numerator_hidden
        assert not denominator_hidden
        assert denominator >= threshold
        assert numerator == 0 or numerator >= threshold
        assert extra == 0 or extra >= threshold
        if numerator in (0, denominator):
            assert denominator >= 2 * threshold
        assert abs(rate.value - 100 * numerator / denominator) <= 0.5
    else:
        assert rate == CONFIDENTIAL_RATE


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, (0, 7)), (3.4, (0, 7)), (3.5, (7, 7)), (45, (42, 7)), (180, (182, 7)), (181, (180, 30)), (200, (210, 30))],
)
def test_median_rounding(days: float, expected: tuple[int, int]) -> None:
    """Medians round to the nearest 7 days up to 180 days and to the nearest 30 above; halves go up."""
    assert round_days(days) == expected


@pytest.mark.parametrize(
    ("cases", "children", "expected"),
    [(20, 20, True), (19, 20, False), (20, 19, False), (200, 5, False), (0, 0, False)],
)
def test_median_needs_twenty_cases_and_children(cases: int, children: int, expected: bool) -> None:
    """By default a median needs a group of at least 20 cases and 20 distinct children."""
    assert median_is_publishable(cases, children) is expected


def test_median_threshold_follows_k() -> None:
    """With k raised above 20, a median needs at least k."""
    policy = DisclosurePolicy(threshold=25)
    assert not median_is_publishable(24, 24, policy)
    assert median_is_publishable(25, 25, policy)


def test_public_median() -> None:
    """A published median is rounded and says by how much; a small group gives the marker."""
    assert public_median(47.5, cases=30, children=25) == PublicMedian(value=49, status="published", rounding=7)
    assert public_median(47.5, cases=19, children=19) == CONFIDENTIAL_MEDIAN
    with pytest.raises(ValueError, match="finite number of days"):
        public_median(float("nan"), cases=30, children=30)


@given(
    median=st.floats(0, 2000, allow_nan=False),
    cases=st.integers(0, 60),
    children=st.integers(0, 60),
    median_min_n=st.integers(1, 40),
    threshold=st.integers(3, 30),
)
def test_published_medians_follow_the_rule(
    median: float, cases: int, children: int, median_min_n: int, threshold: int
) -> None:
    """Published median ⇒ n >= max(median_min_n, k) in cases and children; value within half a
    rounding step of the true median, on a 7- or 30-day grid."""
    policy = DisclosurePolicy(threshold=threshold, median_min_n=median_min_n)
    result = public_median(median, cases=cases, children=children, policy=policy)
    if result.status == "published":
        assert result.value is not None
        assert result.rounding is not None
        assert min(cases, children) >= max(median_min_n, threshold)
        assert result.value % result.rounding == 0
        assert abs(result.value - median) <= result.rounding / 2
    else:
        assert result == CONFIDENTIAL_MEDIAN
