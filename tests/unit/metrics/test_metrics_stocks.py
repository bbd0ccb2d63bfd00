"""Hand-worked as-of metrics: stage funnel, time intervals (Kaplan-Meier), pending age, data quality.

The eight documented examples (see test_metrics_flows.py for their key dates), summarised now or as
the case stood on a past day (`state_as_of`).
"""

import datetime as dt

import msgspec

from cpc_prosecution.domain import fold, state_as_of, summarize
from cpc_prosecution.domain.examples import EXAMPLES, archive_and_revival_history
from cpc_prosecution.metrics import compute

D = dt.date.fromisoformat
ROWS = [summarize(fold(build())) for build in EXAMPLES.values()]
BY_NAME = dict(zip(EXAMPLES, ROWS, strict=True))


def test_funnel_on_a_past_day_uses_latest_first_dates() -> None:
    """On 2019-05-01 two cases exist. mixed_speeds: latest first date is TRIAL (2019-04-23) -> TRIAL,
    with 2 accused; archive_and_revival: latest is ARCHIVED (2018-11-05) -> ARCHIVED, 1 accused.
    Both reached FILED_IN_COURT; only mixed reached ARRAIGNMENT. In 2019Q2 (to 1 May) mixed first
    entered PLEA_BARGAIN (A1, 04-16) and TRIAL (A2, 04-23)."""
    r = compute("stage_funnel", ROWS, period="2019Q2", as_of=D("2019-05-01"))
    assert r.value("cases") == 2
    at = {c.category: c.value for c in r.cells if c.measure == "cases_at_stage" and c.value}
    assert at == {"TRIAL": 1, "ARCHIVED": 1}
    assert r.value("accused_in_cases_at_stage", "TRIAL") == 2
    assert r.value("accused_in_cases_at_stage", "ARCHIVED") == 1
    assert r.value("cases_reached", "FILED_IN_COURT") == 2
    assert r.value("cases_reached", "ARRAIGNMENT") == 1
    entering = {c.category for c in r.cells if c.measure == "cases_entering" and c.value}
    assert entering == {"PLEA_BARGAIN", "POST_JUDGMENT", "FINAL", "TRIAL"}


def test_funnel_when_nothing_happened_later_is_the_current_stage() -> None:
    """By 2024-12-31 every history has ended: 6 FINAL, 1 DISMISSED, 1 POST_JUDGMENT (refiling case)."""
    r = compute("stage_funnel", ROWS, as_of=D("2024-12-31"))
    at = {c.category: c.value for c in r.cells if c.measure == "cases_at_stage" and c.value}
    assert at == {"FINAL": 6, "DISMISSED": 1, "POST_JUDGMENT": 1}
    assert r.value("cases_reached", "DETECTION") == 8
    assert r.value("cases_reached", "TRIAL") == 5


def test_time_to_disposition_kaplan_meier_on_2021_12_31() -> None:
    """Filed by 2021-12-31: 7 cases (refiling filed 2023). Filing -> disposition, active days: plea 116,
    mixed 216, archive 231 (515 days less 284 archived, 2018-11-05 to the revival 2019-08-16), trial
    258, acquittal 300 (ended); prov. dismissal and remand still pending: censored at 289.
    KM: S(116) = 6/7, S(216) = 5/7, S(231) = 4/7, S(258) = 3/7; two censored at 289 leave one at risk,
    S(300) = 0. Median = 258 (first 1 - S >= .5: 4/7), p90 = 300; within 90: 0, within 180: 1/7 =
    14.2857 %, within 365: 100 %. CourTools share over the 5 disposed: <= 90 days 0, <= 180 days 1
    (20 %), <= 365 days 5 (100 %). (Counting the archived days too, the archive case would take 515 days
    and the median would be 300.)"""
    r = compute("time_to_disposition", ROWS, as_of=D("2021-12-31"))
    assert (r.value("cohort"), r.value("cohort_ended"), r.value("ended_in_window")) == (7, 5, 5)
    assert (r.value("km_median_days"), r.value("km_p90_days")) == (258, 300)
    assert (r.value("km_within_standard", "90"), r.value("within_standard", "90")) == (0.0, 0.0)
    assert r.value("km_within_standard", "180") == 14.2857
    assert r.value("km_within_standard", "365") == 100.0
    assert r.value("within_standard", "180") == 20.0
    assert r.value("within_standard", "365") == 100.0


def test_time_to_disposition_for_a_period_cohort() -> None:
    """Filed in 2021 (trial 258 ended; prov. dismissal and remand censored at 2021-12-31 - 03-17
    = 289): S(258) = 2/3, median not reached. Disposed in 2021: trial 258 and acquittal 300."""
    r = compute("time_to_disposition", ROWS, period="2021")
    assert (r.value("cohort"), r.value("cohort_ended")) == (3, 1)
    assert r.value("km_median_days") is None
    assert r.value("km_within_standard", "365") == 33.3333
    assert (r.cell("within_standard", "365").numerator, r.cell("within_standard", "365").denominator) == (2, 2)


def test_stage_intervals_all_time() -> None:
    """Detection -> filing days: plea 9, trial 15, acquittal 9, prov 15, archive 63, refiling 266,
    mixed 9, remand 15: median 15 (4th of 8), p90 266. Filing -> arraignment (active days): 14, 12, 9,
    12, archive 217 (501 less 284 archived), 22, 9, 12: median 12. Arraignment -> judgment: plea 102,
    trial 246, acquittal 291, archive 14, refiling 210, mixed 207, remand 729; prov. dismissal censored
    at its dismissal, 1018 days less 731 provisionally dismissed = 287: median 210."""
    end = D("2024-12-31")
    assert compute("time_detection_to_filing", ROWS, as_of=end).value("km_median_days") == 15
    assert compute("time_detection_to_filing", ROWS, as_of=end).value("km_p90_days") == 266
    assert compute("time_filing_to_arraignment", ROWS, as_of=end).value("km_median_days") == 12
    judgment = compute("time_arraignment_to_judgment", ROWS, as_of=end)
    assert (judgment.value("cohort"), judgment.value("cohort_ended")) == (8, 7)
    assert judgment.value("km_median_days") == 210


def test_age_of_active_pending_caseload() -> None:
    """On 2022-06-30, pending in court: remand (filed 2021-03-17, judgment after remand 2023) and the
    provisional dismissal (inactive since 2022-01-10, excluded). Remand age: 470 days -> 366-730.
    Groups: every value present in the input, in sorted order."""
    r = compute("age_of_pending_caseload", ROWS, as_of=D("2022-06-30"), by="court")
    assert (r.value("active_pending"), r.value("inactive_pending")) == (1, 1)
    assert r.value("median_age_days") == 470
    assert r.value("cases_in_band", "366-730") == 100.0
    # Every court in the input is a group, even with nothing pending.
    assert r.groups() == ("RTC-NCJR-MNL-B27", "RTC-R7-LLC-FC54")
    assert r.value("active_pending", group="RTC-R7-LLC-FC54") == 0


def test_archived_cases_are_not_active() -> None:
    """archive_and_revival as it stood on 2019-01-15: archived (accused at large) -> inactive."""
    then = summarize(state_as_of(archive_and_revival_history(), D("2019-01-15")))
    r = compute("age_of_pending_caseload", [then], as_of=D("2019-01-15"))
    assert (r.value("active_pending"), r.value("inactive_pending")) == (0, 1)
    assert r.value("median_age_days") is None


def test_data_quality_staleness() -> None:
    """On 2021-12-31 two cases are open: prov. dismissal (latest known date pre-trial 2021-03-29,
    277 days -> stale) and remand (latest 2021-10-05, 87 days -> fresh): 1 / 2 = 50 %.
    The examples are clean: no missing dates, no impossible order."""
    r = compute("data_quality", ROWS, as_of=D("2021-12-31"))
    assert (r.value("cases"), r.value("open_cases")) == (7, 2)
    assert r.value("no_event_180_days") == 50.0
    assert (r.value("missing_key_dates"), r.value("impossible_date_order")) == (0.0, 0.0)
    assert r.cell("any_issue").numerator == 1


def test_data_quality_flags_bad_records() -> None:
    """An imported row convicted without an arraignment date is missing a key date; one disposed
    before its filing has an impossible order. 2 of 8 flagged (25 %)."""
    plea, trial = BY_NAME["plea_bargain"], BY_NAME["conviction_after_trial"]
    bad = [
        msgspec.structs.replace(plea, arraigned_on=None),
        msgspec.structs.replace(trial, disposed_on=D("2021-03-01")),
        *ROWS[2:],
    ]
    r = compute("data_quality", bad, as_of=D("2024-12-31"))
    assert (r.cell("missing_key_dates").numerator, r.cell("impossible_date_order").numerator) == (1, 1)
    assert r.value("any_issue") == 25.0
