"""privacy.md §6 as properties of whole releases built from generated cases.

Each example draws generated cases, spreads them over courts in two judicial regions, picks a
threshold and a quarter, builds the release and checks it with the textbook attacker (a dense LP
per hidden cell over every relation, tests/unit/disclosure/conftest.py), not with the library's
own audit.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.disclosure.conftest import ReferenceFindings, _Polytope

from cpc_prosecution.disclosure import EarlierRelease, is_primary, joint_tables, rate_is_publishable
from cpc_prosecution.disclosure.revisions import CHANGE
from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.releases.build import BuiltRelease, build_release
from cpc_prosecution.releases.geography import Geography
from cpc_prosecution.releases.spec import release_spec

_RNG = random.Random(7117)
POOL = [summarize(fold(generate_history(_RNG, max_events=30))) for _ in range(160)]
COURTS = {"C-NCR-1": "NCJR", "C-NCR-2": "NCJR", "C-NCR-3": "NCJR", "C-R7-1": "R7", "C-R7-2": "R7"}
CUTOFF = dt.date(2026, 1, 1)


@st.composite
def releases(
    draw: st.DrawFn, max_cases: int = 60, periods: tuple[str, ...] = ("2019Q4", "2020Q2", "2021Q3")
) -> tuple[list[CaseSummary], Any, Geography]:
    n_courts = draw(st.integers(1, len(COURTS)))
    courts = dict(list(COURTS.items())[:n_courts])
    chosen = draw(st.lists(st.sampled_from(range(len(POOL))), min_size=5, max_size=max_cases, unique=True))
    names = sorted(courts)
    cases = []
    for index in chosen:
        summary = POOL[index]
        if summary.court_id is not None:
            court = names[draw(st.integers(0, len(names) - 1))]
            summary = msgspec.structs.replace(summary, court_id=court, court_judicial_region=courts[court])
        cases.append(summary)
    spec = release_spec(draw(st.sampled_from(periods)), threshold=draw(st.sampled_from([3, 5, 11])))
    return cases, spec, Geography(court_regions=courts)


def _build(cases: list[CaseSummary], spec: Any, geography: Geography, **kw: Any) -> BuiltRelease:
    return build_release(cases, spec, geography, release_id=kw.pop("release_id", "R.1"), data_cutoff=CUTOFF, **kw)


def _rows(built: BuiltRelease, suffix: str) -> list[dict[str, Any]]:
    return [row for r in built.rendered if r.table.startswith(suffix) for row in msgspec.json.decode(r.json)["rows"]]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(release=releases())
def test_no_small_cell_is_published_and_hidden_cells_resist_the_attacker(
    release: tuple[list[CaseSummary], Any, Geography], reference_findings: ReferenceFindings
) -> None:
    """No published count is 1..k-1 in cases or in distinct children; for every hidden cell the
    textbook attacker's interval is at least one wide, and no primary cell can be proved below k."""
    cases, spec, geography = release
    built = _build(cases, spec, geography)
    k = spec.policy.threshold
    cells = built.tables.by_key()
    published = built.protection.published()
    assert not [key for key in published if is_primary(cells[key], k)]
    hidden = built.protection.hidden()
    primary = [key for key in hidden if is_primary(cells[key], k)]
    assert reference_findings(built.tables, hidden, primary, k) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(release=releases())
def test_rates_and_medians_follow_their_rules(release: tuple[list[CaseSummary], Any, Geography]) -> None:
    """A published conviction rate has a published denominator of at least k, a numerator and
    complement each 0 or at least k (0 % and 100 % on at least 2k); a published median rests on
    at least 20 cases."""
    cases, spec, geography = release
    built = _build(cases, spec, geography)
    cells = built.tables.by_key()
    hidden = built.protection.hidden()
    k = spec.policy.threshold
    for row in _rows(built, "conviction_rate."):
        if row["status"] == "published":
            top = ("cases_disposed", row["geography"], row["period"], "CONVICTED")
            bottom = ("cases_disposed", row["geography"], row["period"], "Total")
            assert top not in hidden
            assert bottom not in hidden
            assert rate_is_publishable(cells[top].value, cells[bottom].value, k)
    for row in _rows(built, "median_days."):
        if row["status"] == "published":
            if row["category"] == "filing_to_disposition":
                # Its group is a subset of the cases disposed in court there and then.
                assert cells[("cases_disposed", row["geography"], row["period"], "Total")].value >= 20
            assert row["rounding"] in (7, 30)
            assert row["value"] % row["rounding"] == 0


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(release=releases(max_cases=40, periods=("2020Q2", "2021Q3")), late=st.integers(1, 6))
def test_a_release_and_its_revision_pass_the_attacker_together(
    release: tuple[list[CaseSummary], Any, Geography], late: int
) -> None:
    """Build r1, then r2 of the same quarter with a few late cases: in the joint system (both
    releases and the changes between them, every change unknown) no hidden cell of either release
    and no small change can be pinned down."""
    cases, spec, geography = release
    first = _build(cases[late:], spec, geography, release_id="R.1")
    earlier = [EarlierRelease(label="R.1", tables=first.tables, protection=first.protection)]
    second = _build(cases, spec, geography, release_id="R.2", earlier=earlier)
    joint, _, _, _ = joint_tables(second.tables, label="R.2", earlier=earlier)
    cells = joint.by_key()
    k = spec.policy.threshold
    hidden = {("R.1", *key) for key in first.protection.hidden()}
    hidden |= {("R.2", *key) for key in second.protection.hidden()}
    changes = {key for key in cells if key[0] == CHANGE}
    polytope = _Polytope(joint, hidden | changes)
    for key in sorted(hidden | {c for c in changes if is_primary(cells[c], k)}):
        upper = polytope.upper(key)
        if upper is None:
            continue
        if is_primary(cells[key], k):
            assert upper >= k, f"{key} provably below {k}"
        assert upper - polytope.lower(key) >= 1 or upper >= cells[key].value + 1, f"{key} derivable"
