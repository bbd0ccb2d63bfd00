"""No value below k is ever shown: over generated releases, exact and differentially private.

Plain rounding to 5 would show 11 and 12 as 10 (k = 11), a value the threshold promises never to
show; `public_count` shows them at the first multiple of the base that reaches k instead. The
releases are drawn as in test_release_properties; DP releases take their noise from a scripted
fake whose offsets Hypothesis picks, so noisy values land on k, k + 1 and the like.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.releases.test_release_properties import CUTOFF, releases

from cpc_prosecution.disclosure import public_count, public_floor
from cpc_prosecution.disclosure.dp import ScriptedNoise
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.releases.build import build_release
from cpc_prosecution.releases.dp_tables import plan_dp
from cpc_prosecution.releases.geography import Geography

#: Tables of counts (rates are percents and medians are days: their own rules apply).
_NOT_COUNTS = ("conviction_rate.", "median_days.")


@pytest.mark.parametrize(
    ("value", "base", "threshold", "shown"),
    [
        (0, 5, 11, 0),
        (11, 5, 11, 15),
        (12, 5, 11, 15),
        (13, 5, 11, 15),
        (17, 5, 11, 15),
        (18, 5, 11, 20),
        (1002, 5, 11, 1000),
        (3, 5, 3, 5),
        (5, 5, 5, 5),
        (6, 5, 5, 5),
        (11, 10, 11, 20),
        (24, 10, 11, 20),
        (25, 10, 11, 30),
        (11, 1, 11, 11),
    ],
)
def test_shown_counts_by_hand(value: int, base: int, threshold: int, shown: int) -> None:
    """A publishable count is rounded to the base, then raised to the first multiple reaching k."""
    assert public_count(value, base, threshold) == shown


def test_a_count_below_k_cannot_be_shown() -> None:
    """1..k-1 is confidential: asking to show it is an error, not a rounding."""
    with pytest.raises(ValueError, match="below the threshold"):
        public_count(10, 5, 11)


@given(value=st.integers(0, 500), base=st.integers(1, 12), threshold=st.integers(3, 25))
def test_public_count_never_shows_below_k(value: int, base: int, threshold: int) -> None:
    """Every shown value is 0 or a multiple of the base at least k; 0 only for 0."""
    if 0 < value < threshold:
        return
    shown = public_count(value, base, threshold)
    assert shown % base == 0
    assert (shown == 0) == (value == 0)
    assert shown == 0 or shown >= threshold
    assert shown == 0 or shown >= public_floor(threshold, base)


def _shown(built: Any) -> list[tuple[str, Any]]:
    return [
        (rendered.table, row["value"])
        for rendered in built.rendered
        if not rendered.table.startswith(_NOT_COUNTS)
        for row in msgspec.json.decode(rendered.json)["rows"]
    ]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    release=releases(max_cases=40),
    dp=st.booleans(),
    offsets=st.lists(st.integers(-14, 14), min_size=1, max_size=7),
)
def test_no_shown_count_is_below_k_in_exact_or_dp_releases(
    release: tuple[list[CaseSummary], Any, Geography], dp: bool, offsets: list[int]
) -> None:
    """In every count table of a generated release, exact or DP (scripted noise), each shown value
    is null (confidential), 0, or at least k."""
    cases, spec, geography = release
    k = spec.policy.threshold
    plan = plan_dp(spec, epsilon=1.0, noise=ScriptedNoise(offsets)) if dp else None
    built = build_release(cases, spec, geography, release_id="R.1", data_cutoff=CUTOFF, dp=plan)
    shown = _shown(built)
    assert shown
    assert [(table, value) for table, value in shown if value is not None and 0 < value < k] == []
