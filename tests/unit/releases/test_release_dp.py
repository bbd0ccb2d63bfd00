"""Differential-privacy releases, pure and with scripted noise (docs/privacy-dp.md).

The sensitivity of each noisy table is written out by hand and checked against the tabulation
(removing one case moves a table's leaves by at most its bound); the post-processing (clamp,
suppress below k, round, margins as sums of noisy leaves, rates and medians from noisy values) is
checked with `ScriptedNoise`; the court tables, protected with the region cells latent, are checked
with the textbook attacker of tests/unit/disclosure/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import msgspec
import pytest
from tests.unit.disclosure.conftest import _Polytope

from cpc_prosecution.disclosure import EarlierRelease, LinkedTables, is_primary, round_to_base
from cpc_prosecution.disclosure.dp import DpPolicy, DpRefusedError, ScriptedNoise, plan_counts, release_counts
from cpc_prosecution.disclosure.round_to_base import round_half_up
from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.releases.build import BuiltRelease, build_release
from cpc_prosecution.releases.catalogue import table_definition
from cpc_prosecution.releases.document import parameters_of
from cpc_prosecution.releases.dp_tables import DP_COUNT_TABLES, dp_latent, leaves_per_case, plan_dp
from cpc_prosecution.releases.geography import NATION, NOT_IN_COURT, Geography
from cpc_prosecution.releases.spec import ReleaseSpec, release_spec
from cpc_prosecution.releases.tabulation import tabulate

_RNG = random.Random(2407)
COURTS = {"C-NCR-1": "NCJR", "C-NCR-2": "NCJR", "C-NCR-3": "NCJR", "C-R7-1": "R7", "C-R7-2": "R7"}
GEOGRAPHY = Geography(court_regions=COURTS)
CUTOFF = dt.date(2026, 1, 1)


def _spread(summaries: list[CaseSummary]) -> list[CaseSummary]:
    names = sorted(COURTS)
    return [
        msgspec.structs.replace(s, court_id=names[i % len(names)], court_judicial_region=COURTS[names[i % len(names)]])
        if s.court_id is not None
        else s
        for i, s in enumerate(summaries)
    ]


POOL = _spread([summarize(fold(generate_history(_RNG, max_events=30))) for _ in range(120)])

#: (table, period) → b, by hand: stocks count a case once per quarter-end of the release, entries
#: once per entry stage (18 of them), disposals and children once.
BOUNDS = [
    ("cases_by_stage.region_quarter", "2020Q1", 1),
    ("cases_by_stage.region_quarter", "2020Q3", 3),
    ("cases_by_stage.region_quarter", "2020Q4", 4),
    ("pending_by_age.region_quarter", "2020Q2", 2),
    ("pending_by_age.region_quarter", "2020Q4", 4),
    ("cases_entering_stage.region_quarter", "2020Q1", 18),
    ("cases_entering_stage.region_quarter", "2020Q4", 18),
    ("cases_disposed.region_quarter", "2020Q4", 1),
    ("children_identified.national_quarter", "2020Q4", 1),
]


def _definition(table: str) -> Any:
    definition = table_definition(table)
    assert definition is not None
    return definition


def _build(
    cases: list[CaseSummary], spec: ReleaseSpec, noise: ScriptedNoise, epsilon: float = 1.0, **kw: Any
) -> BuiltRelease:
    plan = plan_dp(spec, epsilon=epsilon, noise=noise)
    return build_release(
        cases, spec, GEOGRAPHY, release_id=kw.pop("release_id", "2020Q4.1"), data_cutoff=CUTOFF, dp=plan, **kw
    )


def _rows(built: BuiltRelease, table: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    rendered = next(r for r in built.rendered if r.table == table)
    return {(r["geography"], r["period"], r["category"]): r for r in msgspec.json.decode(rendered.json)["rows"]}


@pytest.mark.parametrize(("table", "period", "bound"), BOUNDS)
@pytest.mark.parametrize("per_child", [1, 2, 3])
def test_sensitivity_bounds_by_hand_are_what_is_calibrated_and_charged(
    table: str, period: str, bound: int, per_child: int
) -> None:
    """d_in = c x b for every noisy table, and the scripted calibration's scale is d_in / ε."""
    spec = release_spec(period, cases_per_child=per_child)
    assert leaves_per_case(_definition(table), spec) == bound
    plan = plan_dp(spec, epsilon=1.0, noise=ScriptedNoise())
    charge = dict(plan.counts)[table]
    assert (charge.leaves_per_case, charge.d_in) == (bound, per_child * bound)
    assert charge.scale == pytest.approx(charge.d_in / charge.epsilon)
    assert all(c.d_in == per_child for _, _, c in plan.medians)


@pytest.mark.parametrize("period", ["2020Q1", "2020Q3", "2020Q4"])
def test_one_case_moves_each_noisy_table_by_at_most_its_bound(period: str) -> None:
    """Tabulate with and without each case: the L1 change of a table's leaves (the regions and
    "not yet in court" by quarter or quarter-end by category) is at most b, times the case's
    children for the count of children."""
    spec = release_spec(period)
    cases = POOL[:40]
    full = {c.key: c.value for c in tabulate(cases, spec, GEOGRAPHY).cells}
    leaves: dict[str, set[tuple[str, ...]]] = {}
    for table in DP_COUNT_TABLES:
        definition = _definition(table)
        places = {NATION} if table.startswith("children") else {*GEOGRAPHY.regions, NOT_IN_COURT}
        periods = {q.code for q in spec.quarters} | {d.isoformat() for d in spec.stock_days}
        parts = {c for c in definition.categories if c != "Total"}
        leaves[table] = {k for k in full if k[0] == definition.family.value and k[1] in places and k[2] in periods}
        leaves[table] = {k for k in leaves[table] if k[3] in parts}
    for index, case in enumerate(cases):
        without = {c.key: c.value for c in tabulate(cases[:index] + cases[index + 1 :], spec, GEOGRAPHY).cells}
        for table, keys in leaves.items():
            moved = sum(abs(full[k] - without.get(k, 0)) for k in keys)
            bound = leaves_per_case(_definition(table), spec)
            weight = max(1, case.children_total) if table.startswith("children") else 1
            assert moved <= bound * weight, (table, index, moved)


def test_a_histogram_charge_must_pay_for_its_bound() -> None:
    """plan_counts calibrates to c x b; release_counts refuses a charge made for another policy."""
    policy = DpPolicy(cases_per_child=2)
    charge = plan_counts({"t": 1}, geography="region", policy=policy, noise=ScriptedNoise(), leaves_per_case=4)
    assert (charge.d_in, charge.scale) == (8, 8.0)
    keys = [("f", "R1", "Q1", "a")]
    release_counts(keys, {keys[0]: 3}, charge, noise=ScriptedNoise(), policy=policy)
    with pytest.raises(DpRefusedError):
        release_counts(keys, {keys[0]: 3}, charge, noise=ScriptedNoise(), policy=DpPolicy(cases_per_child=3))
    with pytest.raises(DpRefusedError):
        plan_counts({"t": 1}, geography="court", policy=policy, noise=ScriptedNoise(), leaves_per_case=4)


@pytest.mark.parametrize(("period", "mechanisms"), [("2020Q1", 5 + 2), ("2020Q3", 5 + 6), ("2020Q4", 5 + 10)])
def test_the_release_epsilon_is_split_equally_over_its_mechanisms(period: str, mechanisms: int) -> None:
    """Five count tables and two national medians per quarter (and the year in Q4): ε / m each."""
    plan = plan_dp(release_spec(period), epsilon=2.0, noise=ScriptedNoise())
    assert len(plan.charges) == mechanisms
    assert all(c.epsilon == pytest.approx(2.0 / mechanisms) for c in plan.charges)
    assert sum(c.epsilon for c in plan.charges) == pytest.approx(2.0)
    with pytest.raises(DpRefusedError):
        plan_dp(release_spec(period), epsilon=4.5, noise=ScriptedNoise())


def test_noisy_counts_are_clamped_suppressed_rounded_and_margins_sum_noisy_leaves() -> None:
    """Offset +40 on every leaf: leaves read round(true + 40); a national total is the rounded sum
    of its noisy leaves. Offset -1000: every leaf clamps to 0 and is confidential."""
    spec = release_spec("2020Q4", threshold=5)
    true = {c.key: c.value for c in tabulate(POOL, spec, GEOGRAPHY).cells}
    built = _build(POOL, spec, ScriptedNoise((40,)))
    rows = _rows(built, "cases_disposed.region_quarter")
    for region in ("NCJR", "R7", "R1"):
        key = ("cases_disposed", region, "2020Q2", "CONVICTED")
        assert rows[(region, "2020Q2", "CONVICTED")]["value"] == round_to_base(true.get(key, 0) + 40, 5)
    leaves = [*GEOGRAPHY.regions, NOT_IN_COURT]
    quarters = [q.code for q in spec.quarters]
    outcomes = ("CONVICTED", "ACQUITTED", "DISMISSED")
    noisy_sum = sum(true.get(("cases_disposed", r, q, o), 0) + 40 for r in leaves for q in quarters for o in outcomes)
    assert rows[(NATION, "2020", "Total")]["value"] == round_to_base(noisy_sum, 5)
    clamped = _build(POOL, spec, ScriptedNoise((-1000,)))
    for table in DP_COUNT_TABLES:
        assert {r["status"] for r in _rows(clamped, table).values()} == {"confidential"}


def test_small_noisy_counts_are_confidential_and_rates_follow_the_rule_on_noisy_values() -> None:
    """Offsets 0 and +2 at k = 11: a noisy leaf below 11 is confidential, the rest are multiples
    of 5. Offsets +12/+30/+20 by outcome: the conviction rate is computed from the noisy counts
    (post-processing) and published under the rate rule."""
    spec = release_spec("2020Q4", threshold=11)
    built = _build(POOL, spec, ScriptedNoise((0, 2)))
    for table in DP_COUNT_TABLES:
        for row in _rows(built, table).values():
            if row["status"] == "published":
                assert row["value"] >= 10
                assert row["value"] % 5 == 0
                assert row["rounding"] == 5
            else:
                assert row.get("value") is None
    assert {r["status"] for r in _rows(built, "cases_disposed.region_quarter").values()} == {
        "published",
        "confidential",
    }
    true = {c.key: c.value for c in tabulate(POOL, spec, GEOGRAPHY).cells}
    noisy = _build(POOL, spec, ScriptedNoise((12, 30, 20)))
    rates = _rows(noisy, "conviction_rate.region_quarter")
    for region in ("NCJR", "R7", "R1"):
        convicted = true.get(("cases_disposed", region, "2020Q3", "CONVICTED"), 0) + 12
        total = convicted + sum(
            true.get(("cases_disposed", region, "2020Q3", o), 0) + extra
            for o, extra in (("ACQUITTED", 30), ("DISMISSED", 20))
        )
        assert rates[(region, "2020Q3", "CONVICTED")]["value"] == round_half_up(100 * convicted, total)
    assert {r["status"] for r in rates.values()} == {"published"}


def test_national_medians_need_a_noisy_count_of_30_and_regions_get_none() -> None:
    """With +1000 on every count the gate opens and the scripted quantile is published on the grid;
    with no offset the small groups stay confidential. Region medians are never published."""
    spec = release_spec("2020Q4", threshold=5)
    opened = _rows(_build(POOL, spec, ScriptedNoise((1000,), quantile=90)), "median_days.region_quarter")
    assert opened[(NATION, "2020Q3", "filing_to_disposition")] == {
        "geography": NATION,
        "level": "national",
        "period": "2020Q3",
        "category": "filing_to_disposition",
        "value": 90,
        "status": "published",
        "rounding": 15,
    }
    assert {r["status"] for (place, _, _), r in opened.items() if place != NATION} == {"confidential"}
    shut = _rows(_build(POOL, spec, ScriptedNoise((0,), quantile=90)), "median_days.region_quarter")
    assert shut[(NATION, "2020Q3", "filing_to_disposition")]["status"] == "confidential"


def test_dp_parameters_are_recorded_and_a_plain_release_says_so() -> None:
    spec = release_spec("2020Q4", threshold=5)
    built = _build(POOL, spec, ScriptedNoise((3,)), epsilon=0.75)
    parameters = parameters_of(built)
    assert parameters["differential_privacy"] is True
    dp = parameters["dp"]
    assert (dp["epsilon"], dp["annual_cap"], dp["cases_per_child"], dp["budget_period"]) == (0.75, 4.0, 2, "2020")
    assert dp["epsilon_charged"] == pytest.approx(0.75)
    assert {t: (v["leaves_per_case"], v["d_in"]) for t, v in dp["tables"].items()} == {
        "cases_by_stage.region_quarter": (4, 8),
        "cases_entering_stage.region_quarter": (18, 36),
        "cases_disposed.region_quarter": (1, 2),
        "pending_by_age.region_quarter": (4, 8),
        "children_identified.national_quarter": (1, 2),
    }
    assert len(dp["medians"]) == 10
    msgspec.json.encode(parameters)  # stored as JSON
    plain = build_release(POOL, spec, GEOGRAPHY, release_id="2020Q4.1", data_cutoff=CUTOFF)
    assert parameters_of(plain)["differential_privacy"] is False
    assert "dp" not in parameters_of(plain)


def _court_findings(
    tables: LinkedTables, hidden: frozenset[tuple[str, ...]], latent: frozenset[tuple[str, ...]], k: int
) -> list[Any]:
    """The textbook attacker on the relations that hold a court cell, latent cells unknown."""
    courts = set(COURTS)
    relations = tuple(r for r in tables.relations if any(key[1] in courts for key in (r.total, *r.parts)))
    keys = {key for r in relations for key in (r.total, *r.parts)}
    sub = LinkedTables(cells=tuple(c for c in tables.cells if c.key in keys), relations=relations)
    cells = sub.by_key()
    polytope = _Polytope(sub, (hidden | latent) & keys)
    found = []
    for key in sorted((hidden - latent) & keys):
        upper = polytope.upper(key)
        if upper is None:
            continue
        if is_primary(cells[key], k) and upper < k:
            found.append((key, "below k"))
        if upper < cells[key].value + 1 and upper - polytope.lower(key) < 1:
            found.append((key, "derivable"))
    return found


@pytest.mark.parametrize("threshold", [3, 11])
def test_court_tables_pass_the_attacker_with_latent_region_cells(threshold: int) -> None:
    """Court cells keep threshold and complementary suppression: no published court count is
    1..k-1, and no hidden one can be pinned down when the region cells are unknowns."""
    spec = release_spec("2020Q4", threshold=threshold)
    built = _build(POOL[:60], spec, ScriptedNoise((5,)))
    latent = dp_latent(built.tables, GEOGRAPHY)
    assert latent
    assert all(key[1] not in COURTS for key in latent)
    reasons = {c.key: c.reason for c in built.protection.cells}
    assert {reasons[key] for key in latent} == {"latent"}
    cells = built.tables.by_key()
    published = built.protection.published()
    assert not [key for key in published if is_primary(cells[key], threshold)]
    assert all(key[1] in COURTS for key in published)
    assert _court_findings(built.tables, built.protection.hidden(), latent, threshold) == []


def test_a_dp_revision_keeps_region_cells_latent_in_both_releases() -> None:
    """A DP revision with late cases: the region cells of both releases are latent (not required
    hidden), and the new court pattern passes the attacker."""
    spec = release_spec("2020Q4", threshold=5)
    first = _build(POOL[5:60], spec, ScriptedNoise((5,)), release_id="2020Q4.1")
    earlier = [EarlierRelease(label="2020Q4.1", tables=first.tables, protection=first.protection)]
    second = _build(POOL[:60], spec, ScriptedNoise((5,)), release_id="2020Q4.2", earlier=earlier)
    latent = dp_latent(second.tables, GEOGRAPHY)
    reasons = {c.key: c.reason for c in second.protection.cells}
    assert {reasons[key] for key in latent} == {"latent"}
    assert all(key[1] in COURTS for key in second.protection.published())
    assert _court_findings(second.tables, second.protection.hidden(), latent, 5) == []
