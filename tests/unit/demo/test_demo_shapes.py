"""The demo dataset is shaped like the published figures (../shared/data) and is reproducible.

Tolerances are stated next to each check: the published figures are few and old (a 2010 PNP share,
a 2020 DOJ cumulative count, nine case stories), so the demo is held to their neighbourhood, not to
a decimal.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from pathlib import Path
from typing import Final

import pytest

from cpc_prosecution.demo import generate
from cpc_prosecution.domain import CaseSummary, fold, summarize
from cpc_prosecution.metrics import compute

DATA: Final = Path("/work/shared/data")
AS_OF: Final = dt.date(2026, 11, 30)
MONTH: Final = 30.44

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the team's shared data folder is not on this machine")


def _published() -> dict[str, float]:
    with (DATA / "published_figures.csv").open(encoding="utf-8") as f:
        return {r["metric"]: float(r["value"]) for r in csv.DictReader(f) if r["value"].replace(".", "").isdigit()}


def _durations(kind: str) -> list[float]:
    with (DATA / "case_durations.csv").open(encoding="utf-8") as f:
        return [float(r["months"]) for r in csv.DictReader(f) if r["kind"] == kind and r["months"]]


@pytest.fixture(scope="module")
def summaries() -> list[CaseSummary]:
    return [summarize(fold(case.events)) for case in generate(as_of=AS_OF).cases]


def test_the_share_of_cases_filed_in_court_is_the_published_share(summaries: list[CaseSummary]) -> None:
    """Of cases detected two years or more before the as-of date, 85 % +/- 5 points reach a court
    (PNP-WCPC 2010: 85 % filed in court, 8 % under investigation, 5 % settled, 2 % referred)."""
    published = _published()["pnp_wcpc_cases_filed_in_court_share"]
    old = [s for s in summaries if s.detected_on <= AS_OF - dt.timedelta(days=730)]
    share = 100 * sum(s.filed_on is not None for s in old) / len(old)
    assert published == 85
    assert abs(share - published) <= 5, share


def test_plea_convictions_are_the_published_share_of_convictions(summaries: list[CaseSummary]) -> None:
    """Accused convicted on a plea bargain: 179 of 593 convicted (30.2 %) to Oct 2020; the demo within
    +/- 6 points (pleas end sooner, so a cut at the as-of date leans slightly towards them)."""
    figures = _published()
    published = 100 * figures["convictions_by_plea_bargain"] / figures["convictions_monitored_iacat"]
    convicted = sum(s.accused_convicted for s in summaries)
    share = 100 * sum(s.accused_convicted_by_plea for s in summaries) / convicted
    assert convicted > 300
    assert abs(share - published) <= 6, (share, published)


@pytest.mark.parametrize(("kind", "by_plea"), [("plea", True), ("trial", False)])
def test_months_to_conviction_are_like_the_published_cases(
    summaries: list[CaseSummary], kind: str, by_plea: bool
) -> None:
    """Months from arrest to conviction: the demo's median within 12 months of the published cases'
    median (pleas 12-84 months, median 36; trials 27-72, median 42), and the middle half of the demo
    inside the published range."""
    published = _durations(kind)
    months = sorted(
        (s.first_conviction_on - s.first_arrest_on).days / MONTH
        for s in summaries
        if s.first_conviction_on
        and s.first_arrest_on
        and (s.accused_convicted_by_plea if by_plea else s.accused_convicted_after_trial)
    )
    assert len(months) > 100
    assert abs(statistics.median(months) - statistics.median(published)) <= 12, statistics.median(months)
    q1, _, q3 = statistics.quantiles(months, n=4)
    assert min(published) <= q1, q1
    assert q3 <= max(published), q3


def test_attrition_between_stages_leaves_cases_at_every_stage(summaries: list[CaseSummary]) -> None:
    """Stage attrition: 70-100 % of detections continue to the next stage, and some cases leave
    without a next stage."""
    result = compute("stage_attrition", summaries, period="2021", as_of=AS_OF)
    continued = {c.category: c.value for c in result.cells if c.measure == "continued" and c.group is None}
    left = {c.category: c.value for c in result.cells if c.measure == "left_without_next" and c.group is None}
    assert continued["DETECTION"] is not None
    assert 70 <= continued["DETECTION"] < 100, continued
    assert any(v and v > 0 for v in left.values()), left


def test_no_event_after_the_as_of_date_and_a_pending_caseload_on_it() -> None:
    """Every history stops at the as-of date; a quarter to four fifths of the cases are pending on it."""
    data = generate(cases=400, as_of=AS_OF, seed=3)
    assert max(e.occurred_on for c in data.cases for e in c.events) <= AS_OF
    pending = [s for s in (summarize(fold(c.events)) for c in data.cases) if not s.disposed]
    assert 0.25 * len(data.cases) <= len(pending) <= 0.8 * len(data.cases)


def test_kaplan_meier_medians_are_defined_for_most_quarters(summaries: list[CaseSummary]) -> None:
    """Time to disposition: the KM median is defined for most quarters that have a cohort (a quarter's
    median needs its cases followed for longer than the median, about three and a half years)."""
    quarters = [f"{y}Q{q}" for y in range(2017, 2027) for q in range(1, 5) if dt.date(y, 3 * q, 1) <= AS_OF]
    results = [compute("time_to_disposition", summaries, period=q, as_of=AS_OF) for q in quarters]
    with_cohort = [r for r in results if r.value("cohort")]
    defined = [r for r in with_cohort if r.value("km_median_days") is not None]
    assert len(defined) > len(with_cohort) / 2, (len(defined), len(with_cohort))


def test_the_same_seed_gives_the_same_dataset() -> None:
    """Reproducible: equal parameters, equal histories; another seed, other histories."""
    a = generate(cases=50, as_of=AS_OF, seed=11)
    b = generate(cases=50, as_of=AS_OF, seed=11)
    c = generate(cases=50, as_of=AS_OF, seed=12)
    assert [x.events for x in a.cases] == [x.events for x in b.cases]
    assert [x.events for x in a.cases] != [x.events for x in c.cases]


def test_courts_are_dealt_over_both_regions() -> None:
    """`courts_count` branches, at least one in each station of NCR and Central Visayas; fewer is an error."""
    data = generate(cases=10, courts_count=9, as_of=AS_OF)
    assert len(data.courts) == 9
    assert {c.judicial_region.value for c in data.courts} == {"NCJR", "R7"}
    with pytest.raises(ValueError, match="at least 7"):
        generate(cases=10, courts_count=3, as_of=AS_OF)
