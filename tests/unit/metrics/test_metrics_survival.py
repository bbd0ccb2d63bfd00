"""Kaplan-Meier against a hand-computed curve, and properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpc_prosecution.metrics import Observation, kaplan_meier, quantile, share_ended_by

E, C = True, False


def test_hand_computed_curve() -> None:
    """Days 2E, 3C, 5E, 5E, 5C, 8E, 10C (n = 7).

    S(2) = 6/7; day 3 censored -> 5 at risk on day 5, 2 end: S(5) = 6/7 x 3/5 = 18/35 = 0.514...;
    day 5 censored after the endings -> 2 at risk on day 8, 1 ends: S(8) = 18/35 x 1/2 = 9/35.
    Median: first day with 1 - S >= 0.5 -> day 8 (at day 5, 1 - S = 0.486). 90th percentile: never.
    """
    obs = [Observation(d, e) for d, e in [(2, E), (3, C), (5, E), (5, E), (5, C), (8, E), (10, C)]]
    steps = kaplan_meier(obs)
    assert [(s.day, s.at_risk, s.ended) for s in steps] == [(2, 7, 1), (5, 5, 2), (8, 2, 1)]
    assert [s.survival for s in steps] == pytest.approx([6 / 7, 18 / 35, 9 / 35])
    assert quantile(steps, 0.5) == 8
    assert quantile(steps, 0.1) == 2
    assert quantile(steps, 0.9) is None
    assert share_ended_by(steps, 4) == pytest.approx(1 / 7)
    assert share_ended_by(steps, 1) == 0


def test_without_censoring_the_median_is_the_empirical_one() -> None:
    """No censoring: 1 - S is the empirical CDF; four endings -> the median is the second value."""
    steps = kaplan_meier([Observation(d, E) for d in (10, 20, 30, 40)])
    assert quantile(steps, 0.5) == 20
    assert quantile(steps, 0.9) == 40


def test_negative_durations_are_refused() -> None:
    """A duration below zero is bad data, never silently used."""
    with pytest.raises(ValueError):
        kaplan_meier([Observation(-1, E)])


observations = st.lists(st.builds(Observation, st.integers(0, 3000), st.booleans()), min_size=1, max_size=60)


@given(observations)
def test_quantiles_lie_between_the_shortest_and_longest_ending(obs: list[Observation]) -> None:
    """The KM median and p90 are ending days, between the min and max ended duration, and ordered."""
    steps = kaplan_meier(obs)
    ended = [o.days for o in obs if o.ended]
    median, p90 = quantile(steps, 0.5), quantile(steps, 0.9)
    for q in (median, p90):
        assert q is None or (q in ended and min(ended) <= q <= max(ended))
    if median is not None and p90 is not None:
        assert median <= p90
    survival = [s.survival for s in steps]
    assert survival == sorted(survival, reverse=True)
    assert all(0 <= s <= 1 for s in survival)
