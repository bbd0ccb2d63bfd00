"""Joint protection across releases of different modes (issue 19's DP-revision attack).

An exact release of 2020Q4 is followed by a DP revision built on the *same* data: the DP release
keeps its region and national cells latent (published only with noise) and protects its court
cells jointly with the exact release, whose published values the attacker knows exactly. The
attacker of tests/unit/disclosure/release_attacker.py also assumes every figure moved by at most B
between the two releases (B = 0: they did not move; B = 3: a revision moves figures by at most 3)
and must not prove any small cell of either release below k. The reverse order (a DP release,
then an exact revision) is attacked the same way. The service never mixes modes within a year
(the mode is the year's policy, tests/api/test_releases_api.py); this is the protection logic
itself, which must hold whatever the sequence.
"""

from __future__ import annotations

import datetime as dt
import random

import msgspec
import pytest
from tests.unit.disclosure.release_attacker import ReleaseView, provably_small

from cpc_prosecution.disclosure import EarlierRelease, is_primary
from cpc_prosecution.disclosure.dp import ScriptedNoise
from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.releases.build import BuiltRelease, build_release
from cpc_prosecution.releases.dp_tables import dp_latent, plan_dp
from cpc_prosecution.releases.geography import Geography
from cpc_prosecution.releases.spec import release_spec

K = 11
SPEC = release_spec("2020Q4", threshold=K)
CUTOFF = dt.date(2026, 1, 1)
#: One large court (A) next to small ones, as in the issue (R4: CAV large, LAG small).
COURTS = {"A": "R1", "B": "R1", "C": "R2", "D": "R2"}
GEOGRAPHY = Geography(court_regions=COURTS)
_SHARES = ["A"] * 6 + ["B"] + ["C"] * 3 + ["D"]


def _pool(n: int, seed: int) -> list[CaseSummary]:
    rng = random.Random(seed)
    pool = []
    for i in range(n):
        summary = summarize(fold(generate_history(rng, max_events=30)))
        if summary.court_id is not None:
            court = _SHARES[i % len(_SHARES)]
            summary = msgspec.structs.replace(summary, court_id=court, court_judicial_region=COURTS[court])
        pool.append(summary)
    return pool


POOL = _pool(200, 11)


def _build(release_id: str, *, dp: bool, earlier: list[BuiltRelease]) -> BuiltRelease:
    """A release of the same data; protected jointly with `earlier` (the service's way)."""
    plan = plan_dp(SPEC, epsilon=1.0, noise=ScriptedNoise((5, -3, 0, 8))) if dp else None
    return build_release(
        POOL,
        SPEC,
        GEOGRAPHY,
        release_id=release_id,
        data_cutoff=CUTOFF,
        earlier=[EarlierRelease(label=e.release_id, tables=e.tables, protection=e.protection) for e in earlier],
        dp=plan,
    )


def _view(built: BuiltRelease) -> ReleaseView:
    # A DP release's region cells are latent: hidden in its protection, public only with noise.
    return ReleaseView(label=built.release_id, tables=built.tables, known=built.protection.published())


@pytest.fixture(scope="module")
def exact_then_dp() -> tuple[BuiltRelease, BuiltRelease]:
    exact = _build("2020Q4.1", dp=False, earlier=[])
    return exact, _build("2020Q4.2", dp=True, earlier=[exact])


def test_the_scenario_holds_small_courts_under_published_regions(
    exact_then_dp: tuple[BuiltRelease, BuiltRelease],
) -> None:
    """The premise of the attack: the exact release publishes region cells exactly and hides small
    court cells under them; the DP revision keeps every region cell latent and publishes court
    cells."""
    exact, dp = exact_then_dp
    cells = exact.tables.by_key()
    published = exact.protection.published()
    assert any(key[1] not in COURTS and value >= K for key, value in published.items())
    assert any(key[1] in COURTS and is_primary(cells[key], K) for key in exact.protection.hidden())
    reasons = {cell.key: cell.reason for cell in dp.protection.cells}
    assert {reasons[key] for key in dp_latent(dp.tables, GEOGRAPHY)} == {"latent"}
    assert any(key[1] in COURTS for key in dp.protection.published())


def test_the_attacker_breaks_a_dp_release_protected_on_its_own(
    exact_then_dp: tuple[BuiltRelease, BuiltRelease],
) -> None:
    """The attack is real: a DP release of the same data protected without the exact release
    (region cells latent and nothing else known) publishes court cells the exact release hid, and
    the attacker then proves small cells below k, with B = 0 and with B = 3."""
    exact, _ = exact_then_dp
    alone = _build("2020Q4.2", dp=True, earlier=[])
    assert set(alone.protection.published()) & exact.protection.hidden()
    for change_bound in (0, 3):
        assert provably_small([_view(exact), _view(alone)], change_bound=change_bound, threshold=K, limit=1)


@pytest.mark.parametrize("change_bound", [0, 3])
def test_an_exact_release_then_a_dp_revision_proves_no_cell_small(
    exact_then_dp: tuple[BuiltRelease, BuiltRelease], change_bound: int
) -> None:
    """Knowing the exact release's published values, the DP revision's published court cells, the
    relations of both, and that no figure moved by more than B, the attacker proves no small cell
    of either release below k (B = 0 and B = 3)."""
    exact, dp = exact_then_dp
    assert provably_small([_view(exact), _view(dp)], change_bound=change_bound, threshold=K) == []


@pytest.mark.slow
def test_a_dp_release_then_an_exact_revision_proves_no_cell_small() -> None:
    """The reverse order: cells hidden or latent in the DP release are not released by difference
    with the exact revision. B = 0 only: the B = 0 attacker knows strictly more than the B = 3 one
    (its feasible values are a subset), so what B = 0 cannot prove small, B = 3 cannot either."""
    dp = _build("2020Q4.1", dp=True, earlier=[])
    exact = _build("2020Q4.2", dp=False, earlier=[dp])
    assert provably_small([_view(dp), _view(exact)], change_bound=0, threshold=K) == []
