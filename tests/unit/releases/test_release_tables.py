"""Hand-worked release tables over the eight documented example cases (docs/domain.md, Examples).

Courts: the R7 family court and the NCJR branch. On 2021-12-31 the open cases are
provisional_dismissal_lapse (PRE_TRIAL: its latest first date before the provisional dismissal of
2022-01-10), conviction_after_trial and remand_after_appeal (both POST_JUDGMENT: judged, not final).
Disposed in court in 2021: acquittal (R7, 2021-04-06) and conviction_after_trial (NCJR, 2021-11-30).
Children: 4 in each 2021 NCJR case (2 girls and 1 boy aged 15-17, 1 boy aged 12-14), 3 in the acquittal.
"""

import datetime as dt

import pytest

from cpc_prosecution.disclosure import Cell
from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.releases.build import build_release, tables_of
from cpc_prosecution.releases.geography import NOT_IN_COURT, Geography
from cpc_prosecution.releases.spec import release_spec
from cpc_prosecution.releases.tabulation import tabulate

R7 = "RTC-R7-LLC-FC54"
NCJR = "RTC-NCJR-MNL-B27"
GEOGRAPHY = Geography(court_regions={R7: "R7", NCJR: "NCJR"})
ROWS = [summarize(fold(build())) for build in EXAMPLES.values()]


def _cells(period: str, per_child: int = 2) -> dict[tuple[str, ...], Cell]:
    spec = release_spec(period, threshold=3, cases_per_child=per_child)
    return tabulate(ROWS, spec, GEOGRAPHY).by_key()


@pytest.mark.parametrize(
    ("key", "value", "children"),
    [
        # Stock on 2021-12-31: 3 open cases, children max(4, ceil(12 / 2)) = 6.
        (("cases_by_stage", "PH", "2021-12-31", "Total"), 3, 6),
        (("cases_by_stage", "PH", "2021-12-31", "POST_JUDGMENT"), 2, 4),
        (("cases_by_stage", "NCJR", "2021-12-31", "PRE_TRIAL"), 1, 4),
        (("cases_by_stage", NCJR, "2021-12-31", "Total"), 3, 6),
        (("cases_by_stage", R7, "2021-12-31", "Total"), 0, 0),
        # Only PRE_TRIAL is an active pending stage: filed 2021-03-17, 289 days on 2021-12-31.
        (("pending_by_age", "PH", "2021-12-31", "181-365"), 1, 4),
        (("pending_by_age", "NCJR", "2021-12-31", "Total"), 1, 4),
        # Three NCJR cases first filed in court on 2021-03-17; none in R7 in 2021.
        (("cases_entering_stage", "NCJR", "2021Q1", "FILED_IN_COURT"), 3, 6),
        (("cases_entering_stage", "NCJR", "2021", "FILED_IN_COURT"), 3, 6),
        (("cases_entering_stage", R7, "2021", "FILED_IN_COURT"), 0, 0),
        # ... and detected before filing, so counted under "not yet in court" for DETECTION.
        (("cases_entering_stage", NOT_IN_COURT, "2021Q1", "DETECTION"), 3, 6),
        (("cases_entering_stage", "PH", "2021Q1", "DETECTION"), 3, 6),
        # Disposed: acquittal in Q2 (R7, 3 children), conviction in Q4 (NCJR, 4 children).
        (("cases_disposed", "R7", "2021Q2", "ACQUITTED"), 1, 3),
        (("cases_disposed", "NCJR", "2021Q4", "CONVICTED"), 1, 4),
        (("cases_disposed", "PH", "2021", "Total"), 2, 4),
        (("cases_disposed", R7, "2021", "ACQUITTED"), 1, 3),
        # Children detected in 2021Q1: 3 cases x 1 boy aged 12-14 = 3 (distinct >= ceil(3 / 2));
        # 3 x 3 aged 15-17 = 9 (distinct >= 5); total 12, distinct >= 12 / 2.
        (("children_identified", "PH", "2021Q1", "12_14"), 3, 2),
        (("children_identified", "PH", "2021Q1", "15_17"), 9, 5),
        (("children_identified", "PH", "2021Q1", "Total"), 12, 6),
        (("children_identified", "PH", "2021", "Total"), 12, 6),
    ],
)
def test_counts_and_distinct_children_bounds_by_hand(key: tuple[str, ...], value: int, children: int) -> None:
    """Each cell counts its cases (or children) exactly; its distinct children are bounded below by
    the most children in one case and by the children summed over its cases divided by 2."""
    cell = _cells("2021Q4")[key]
    assert (cell.value, cell.subjects) == (value, children)


def test_one_case_per_child_makes_the_bound_the_sum() -> None:
    """With at most one case per child, the three NCJR filings stand for 12 distinct children."""
    assert _cells("2021Q4", per_child=1)[("cases_entering_stage", "NCJR", "2021Q1", "FILED_IN_COURT")].subjects == 12


def test_a_case_without_recorded_children_still_stands_for_one_child() -> None:
    """refiling_after_dismissal records no children; it is still one child for the threshold."""
    cell = _cells("2023Q4")[("cases_disposed", R7, "2023", "CONVICTED")]
    assert (cell.value, cell.subjects) == (1, 1)


def test_court_tables_only_once_the_year_is_complete() -> None:
    """A third-quarter release holds quarters 1-3 and no year or court cells; the fourth adds both."""
    q3 = _cells("2021Q3")
    assert ("cases_disposed", "PH", "2021Q3", "Total") in q3
    assert not any(key[1] in (R7, NCJR) or key[2] == "2021" for key in q3)
    assert {t.id for t in tables_of(release_spec("2021Q3"))} == {
        t.id for t in tables_of(release_spec("2021Q4")) if not t.id.endswith("court_year")
    }


def test_every_example_release_hides_all_small_counts_at_the_default_threshold() -> None:
    """With k = 11 and eight cases, every non-zero count is hidden; zeros are published as 0."""
    built = build_release(
        ROWS, release_spec("2021Q4"), GEOGRAPHY, release_id="2021Q4.1", data_cutoff=dt.date(2026, 1, 1)
    )
    published = built.protection.published()
    assert published
    assert set(published.values()) == {0}
