"""Hand-worked flow metrics over the eight documented example cases (docs/domain.md, Examples).

Key dates of the examples (filed -> disposed, court):

| example | filed | disposed | court | outcome |
|---|---|---|---|---|
| plea_bargain | 2019-10-10 | 2020-02-03 | R7 | convicted, 2 accused by plea |
| conviction_after_trial | 2021-03-17 | 2021-11-30 | NCJR | convicted after trial (settings 4, held 3) |
| acquittal | 2020-06-10 | 2021-04-06 | R7 | 2 acquitted (1 on demurrer; settings 3, held 3) |
| provisional_dismissal_lapse | 2021-03-17 | 2024-01-11 | NCJR | dismissed (prov. dismissed 2022-01-10) |
| archive_and_revival | 2018-04-09 | 2019-09-06 | R7 | convicted on a plea |
| refiling_after_dismissal | 2023-04-24 | 2023-12-12 | R7 | convicted after trial (settings 1, held 1) |
| mixed_speeds | 2019-03-13 | 2019-10-15 | R7 | A1 plea, A2 trial (settings 1, held 1) |
| remand_after_appeal | 2021-03-17 | 2023-03-28 | NCJR | convicted after remand (settings 2, held 2) |
"""

import datetime as dt

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.metrics import NOT_RECORDED, compute

R7 = "RTC-R7-LLC-FC54"
NCJR = "RTC-NCJR-MNL-B27"
END = dt.date(2024, 12, 31)
ROWS = [summarize(fold(build())) for build in EXAMPLES.values()]
BY_NAME = dict(zip(EXAMPLES, ROWS, strict=True))


def test_clearance_rate_2021_by_court() -> None:
    """Incoming = first filed in 2021: three NCJR cases (trial, prov. dismissal, remand).
    Outgoing = disposed in 2021: conviction_after_trial (NCJR) and acquittal (R7).
    Total 2 / 3 = 66.6667 %; NCJR 1 / 3 = 33.3333 %; R7 has no incoming -> None."""
    r = compute("clearance_rate", ROWS, period="2021", by="court")
    assert [(c.numerator, c.denominator) for c in r.cells if c.measure == "clearance_rate"] == [(2, 3), (1, 3), (1, 0)]
    assert r.value("clearance_rate") == 66.6667
    assert r.value("clearance_rate", group=NCJR) == 33.3333
    assert r.value("clearance_rate", group=R7) is None
    assert r.groups() == (NCJR, R7)
    assert r.value("placed_inactive") == 0


@pytest.mark.parametrize(
    ("period", "incoming", "outgoing", "placed_inactive"),
    [
        ("FY2020", 2, 2, 0),  # in: plea 2019-10-10, acquittal 2020-06-10; out: mixed 2019-10-15, plea 2020-02-03
        ("2018", 1, 1, 1),  # archive_and_revival filed 2018-04-09, placed inactive (archived) 2018-11-05
        ("2022Q1", 0, 1, 1),  # provisional dismissal 2022-01-10: placed inactive, so outgoing
        ("2023-12", 0, 1, 0),  # refiling case convicted 2023-12-12
    ],
)
def test_clearance_counts(period: str, incoming: int, outgoing: int, placed_inactive: int) -> None:
    """Incoming = first filings + reopened in the period; outgoing = trial-court dispositions + cases
    placed inactive (NCSC State Court Guide status categories)."""
    r = compute("clearance_rate", ROWS, period=period)
    assert (r.value("incoming"), r.value("outgoing"), r.value("placed_inactive")) == (
        incoming,
        outgoing,
        placed_inactive,
    )


def test_clearance_needs_a_period() -> None:
    """Clearance is a flow over a period; an as-of date alone is refused."""
    with pytest.raises(ValueError, match="needs a period"):
        compute("clearance_rate", ROWS, as_of=END)


def test_unsupported_breakdown_is_refused() -> None:
    """children_identified has no court breakdown (children are counted at detection)."""
    with pytest.raises(ValueError, match="cannot be broken down"):
        compute("children_identified", ROWS, period="2021", by="court")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # FY2020: plea (2 accused by plea) and mixed (A1 plea, A2 trial): both convicted.
        (
            "FY2020",
            {
                ("cases_disposed", None): 2,
                ("conviction_rate", None): 100.0,
                ("convicted_by_manner", "PLEA"): 50.0,
                ("convicted_by_manner", "MIXED"): 50.0,
                ("accused_disposed", None): 4,
                ("accused_conviction_rate", None): 100.0,
                ("accused_convicted_by_manner", "PLEA"): 75.0,
                ("accused_convicted_by_manner", "TRIAL"): 25.0,
            },
        ),
        # 2021: conviction after trial (1 accused) and acquittal (2 accused, 1 on demurrer).
        (
            "2021",
            {
                ("cases_disposed", None): 2,
                ("conviction_rate", None): 50.0,
                ("acquittal_rate", None): 50.0,
                ("dismissal_rate", None): 0.0,
                ("convicted_by_manner", "TRIAL"): 100.0,
                ("accused_disposed", None): 3,
                ("accused_conviction_rate", None): 33.3333,
                ("accused_acquittal_rate", None): 66.6667,
                ("accused_acquitted_on_demurrer", None): 1,
            },
        ),
        # 2024: the provisional dismissal became permanent on 2024-01-11.
        (
            "2024",
            {("cases_disposed", None): 1, ("dismissal_rate", None): 100.0, ("accused_dismissal_rate", None): 100.0},
        ),
    ],
)
def test_conviction_rate(period: str, expected: dict[tuple[str, str | None], float]) -> None:
    """Cases disposed in court in the period; a case is convicted if any accused is; manner per case
    is PLEA / TRIAL / MIXED, per accused by plea or after trial."""
    r = compute("conviction_rate", ROWS, period=period)
    assert {key: r.value(*key) for key in expected} == expected


def test_trial_date_certainty_all_time() -> None:
    """Disposed by trial by 2024-12-31: trial, acquittal, refiling, mixed, remand (5 cases).
    Until the trial began (CourTools M5): trial 2 settings (2021-04-20 postponed, 04-27 held), the others
    1 each: 6 / 5 = 1.2 per case; postponed before the trial: one case 1, four 0 -> 80 % / 20 %.
    Whole trial (hearings): settings 4 + 3 + 1 + 1 + 2 = 11, held 3 + 3 + 1 + 1 + 2 = 10 -> 90.9091 %;
    11 / 5 = 2.2 per case; postponed hearings: one case 1, four 0."""
    r = compute("trial_date_certainty", ROWS, as_of=END)
    assert r.value("cases_disposed_by_trial") == 5
    assert r.value("settings_until_trial_per_case") == 1.2
    assert [r.value("cases_by_postponements", b) for b in ("0", "1", "2", "3+")] == [80.0, 20.0, 0.0, 0.0]
    assert (r.cell("hearing_settings_held").numerator, r.cell("hearing_settings_held").denominator) == (10, 11)
    assert r.value("hearing_settings_held") == 90.9091
    assert r.value("hearing_settings_per_case") == 2.2
    assert [r.value("cases_by_hearing_postponements", b) for b in ("0", "1", "2", "3+")] == [80.0, 20.0, 0.0, 0.0]


def test_children_identified_2021_and_all_time() -> None:
    """2021 detections (trial, prov. dismissal, remand): 4 children each, all in custody = 12 / 12;
    girls 15-17: 2 x 3 = 6. All time: 3+4+3+4+1+0+3+4 = 22 identified, 21 in custody
    (the archive case's girl was never taken into custody) -> 95.4545 %."""
    r = compute("children_identified", ROWS, period="2021")
    assert (r.value("children_identified"), r.value("children_in_protective_custody")) == (12, 12)
    assert r.value("children_identified", "girls_15_17") == 6
    assert r.value("children_identified", "boys_12_14") == 3
    everything = compute("children_identified", ROWS, as_of=END, by="case_type")
    assert everything.value("custody_share") == 95.4545
    assert everything.value("children_identified", group="OTHER_TRAFFICKING") == 1
    assert everything.value("custody_share", group="OTHER_TRAFFICKING") == 0.0


def test_child_testimony_all_time() -> None:
    """Eight disposed cases, four testimonies: live link in trial, refiling and mixed (3 / 4 = 75 %),
    videotaped deposition in acquittal (25 %); none in the courtroom (100 % outside)."""
    r = compute("child_testimony", ROWS, as_of=END)
    assert (r.value("cases_disposed"), r.value("cases_with_child_testimony"), r.value("testimonies")) == (8, 4, 4)
    assert r.value("by_live_link") == 75.0
    assert r.value("by_videotaped_deposition") == 25.0
    assert r.value("outside_courtroom") == 100.0
    assert r.value("with_support_person") == 25.0
    assert r.value("with_guardian_ad_litem") == 25.0


def test_convictions_without_child_testimony() -> None:
    """Six convicted cases; no child testified at all in plea, archive and remand (3 / 6 = 50 %);
    none testified in the courtroom (6 / 6). FY2020: only the plea case (first convicted 2020-02-03)."""
    r = compute("convictions_without_child_testimony", ROWS, as_of=END)
    assert (r.value("convicted_cases"), r.value("no_child_testimony"), r.value("no_courtroom_testimony")) == (
        6,
        50.0,
        100.0,
    )
    fy = compute("convictions_without_child_testimony", ROWS, period="FY2020")
    assert (fy.value("convicted_cases"), fy.value("no_child_testimony")) == (1, 100.0)


def test_missing_dimension_values_group_as_not_recorded() -> None:
    """Cases without a hotspot form the NOT_RECORDED group; groups are sorted."""
    r = compute("conviction_rate", ROWS, as_of=END, by="hotspot")
    assert r.groups() == ("HS-0702260000-2018", NOT_RECORDED)
    assert r.value("cases_disposed", group=NOT_RECORDED) == 4


day = st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(ROWS), max_size=20), day, st.sampled_from(["court", "office", "case_type"]))
def test_clearance_parts_add_up(rows: list[CaseSummary], as_of: dt.date, by: str) -> None:
    """Numerator = outgoing, denominator = incoming, and the groups sum to the total."""
    r = compute("clearance_rate", rows, period=f"{as_of.year}", by=by)
    for group in (None, *r.groups()):
        rate = r.cell("clearance_rate", group=group)
        assert rate.numerator == r.value("outgoing", group=group)
        assert rate.denominator == r.value("incoming", group=group)
    for measure in ("incoming", "outgoing"):
        assert sum(r.value(measure, group=g) or 0 for g in r.groups()) == r.value(measure)


def test_results_are_deterministic_and_encodable() -> None:
    """Same input in any order -> identical cells; results encode to JSON."""
    a = compute("conviction_rate", ROWS, as_of=END, by="office")
    b = compute("conviction_rate", list(reversed(ROWS)), as_of=END, by="office")
    assert a == b
    assert msgspec.json.decode(msgspec.json.encode(a))["metric_id"] == "conviction_rate"
