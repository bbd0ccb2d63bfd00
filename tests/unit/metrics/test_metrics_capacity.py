"""Hand-worked capacity metrics over the eight documented examples and a few staffing snapshots.

Cases (handling office, detected, filed, disposed, outcome), from test_metrics_flows.py:
  LLC = OCP-0702-LLC: archive_and_revival (2018-02-05, 2018-04-09, 2019-09-06, CONVICTED),
    mixed_speeds (2019-03-04, 2019-03-13, 2019-10-15, CONVICTED), plea_bargain (2019-10-01, 2019-10-10,
    2020-02-03, CONVICTED), acquittal (2020-06-01, 2020-06-10, 2021-04-06, ACQUITTED),
    refiling_after_dismissal (2022-08-01, 2023-04-24, 2023-12-12, CONVICTED).
  CEB = OPP-0722-CEB: conviction_after_trial (2021-03-02, 2021-03-17, 2021-11-30, CONVICTED),
    provisional_dismissal_lapse (2021-03-02, 2021-03-17, 2024-01-11, DISMISSED; provisionally dismissed
    2022-01-10), remand_after_appeal (2021-03-02, 2021-03-17, 2023-03-28, CONVICTED).
"""

import datetime as dt

import pytest

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent, TrainingProvider, TrainingTopic
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.metrics import Capacity, compute
from cpc_prosecution.metrics.staffing import meets_trained_threshold

D = dt.date.fromisoformat
ROWS = [summarize(fold(build())) for build in EXAMPLES.values()]
LLC, CEB = "OCP-0702-LLC", "OPP-0722-CEB"


def snapshot(
    office: str, as_of: str, filled: int, vacant: int, carrying: int, trafficking: int, child: int
) -> StaffingSnapshot:
    return StaffingSnapshot(
        office_id=office,
        as_of=D(as_of),
        positions_filled=filled,
        positions_vacant=vacant,
        carrying_caseload=carrying,
        trained_trafficking=trafficking,
        trained_child_sensitive=child,
    )


def training(office: str, held_on: str, topic: TrainingTopic, participants: int, hours: int) -> TrainingEvent:
    return TrainingEvent(
        office_id=office,
        held_on=D(held_on),
        topic=topic,
        provider=TrainingProvider.IJM,
        participants=participants,
        hours=hours,
    )


STAFFING = (
    snapshot(LLC, "2019-01-01", 10, 2, 8, 4, 3),  # 4/10 trained in trafficking: 40 %, NOT_MET
    snapshot(LLC, "2020-07-01", 10, 0, 9, 5, 6),  # 5/10: exactly 50 %, MET
    snapshot(CEB, "2021-01-01", 6, 3, 6, 2, 1),  # 2/6: 33.3 %, NOT_MET
    snapshot(CEB, "2025-01-01", 7, 2, 7, 7, 7),  # after every as-of date below
)
TRAININGS = (
    training(LLC, "2020-03-10", TrainingTopic.TRAFFICKING_LAW, 12, 16),
    training(LLC, "2020-11-05", TrainingTopic.CHILD_SENSITIVE_HANDLING, 8, 8),
    training(CEB, "2020-09-15", TrainingTopic.TRAFFICKING_LAW, 5, 24),
    training(CEB, "2021-02-01", TrainingTopic.OSEC_DIGITAL_EVIDENCE, 4, 8),
)
CAPACITY = Capacity(staffing=STAFFING, trainings=TRAININGS)


@pytest.mark.parametrize(
    ("filled", "trained", "met"), [(10, 5, True), (10, 4, False), (3, 2, True), (3, 1, False), (0, 0, False)]
)
def test_the_trained_capacity_threshold_is_half_the_filled_posts(filled: int, trained: int, met: bool) -> None:
    """Met when 100 x trained >= 50 x filled with at least one filled post: 5/10 meets it, 4/10 and 1/3
    do not, and an office with no filled post never does."""
    assert meets_trained_threshold(snapshot(LLC, "2020-01-01", filled, 0, 0, trained, 0)) is met


def test_staffing_reads_each_offices_latest_snapshot() -> None:
    """On 2021-06-30: LLC's 2020-07-01 snapshot (10 filled, 0 vacant, 9 carrying, 5 and 6 trained) and
    CEB's 2021-01-01 one (6, 3, 6, 2, 1). Posts 10 + 0 + 6 + 3 = 19; vacancy 3/19 = 15.7895 %; carrying
    9 + 6 = 15; trafficking 7/16 = 43.75 %; child-sensitive 7/16 = 43.75 %; one office of two meets the
    threshold: 50 %."""
    r = compute("prosecutor_staffing", ROWS, as_of=D("2021-06-30"), capacity=CAPACITY)
    assert r.value("offices_reporting") == 2
    assert r.value("positions") == 19
    assert (r.value("positions_filled"), r.value("positions_vacant")) == (16, 3)
    assert r.value("vacancy_rate") == 15.7895
    assert r.value("carrying_caseload") == 15
    assert r.value("trained_trafficking") == 43.75
    assert r.value("trained_child_sensitive") == 43.75
    assert r.value("offices_meeting_trained_threshold") == 50.0


def test_staffing_by_office_and_before_any_snapshot() -> None:
    """By office on 2021-06-30, CEB alone: vacancy 3/9 = 33.3333 %, trained 2/6 = 33.3333 %, 0 of 1 office
    meets the threshold. On 2018-12-31 no office has reported: zero posts and no percentages."""
    r = compute("prosecutor_staffing", ROWS, as_of=D("2021-06-30"), by="office", capacity=CAPACITY)
    assert r.groups() == (LLC, CEB)
    assert r.value("vacancy_rate", group=CEB) == 33.3333
    assert r.value("trained_trafficking", group=CEB) == 33.3333
    assert r.value("offices_meeting_trained_threshold", group=CEB) == 0.0
    assert r.value("offices_meeting_trained_threshold", group=LLC) == 100.0
    early = compute("prosecutor_staffing", ROWS, as_of=D("2018-12-31"), capacity=CAPACITY)
    assert early.value("offices_reporting") == 0
    assert early.value("vacancy_rate") is None
    assert early.value("trained_trafficking") is None


@pytest.mark.parametrize(
    ("as_of", "open_cases", "carrying", "per_prosecutor"),
    [
        # mixed_speeds (LLC) open; archive_and_revival archived 2018-11-05 until its revival 2019-08-16, so
        # inactive; LLC's 2019 snapshot carries 8: 1/8.
        ("2019-06-30", 1, 8, 0.125),
        # The three CEB cases open; carrying 9 (LLC, 2020) + 6 (CEB, 2021) = 15: 3/15.
        ("2021-06-30", 3, 15, 0.2),
        # provisional_dismissal_lapse is inactive (provisionally dismissed 2022-01-10), the other two
        # CEB cases are disposed or not; only remand_after_appeal is open: 1/15 = 0.0667.
        ("2022-06-30", 1, 15, 0.0667),
    ],
)
def test_caseload_per_prosecutor(as_of: str, open_cases: int, carrying: int, per_prosecutor: float) -> None:
    """Open (detected, not disposed, not inactive) cases of reporting offices / prosecutors carrying a
    caseload in the offices' latest snapshots, pooled over offices."""
    r = compute("caseload_per_prosecutor", ROWS, as_of=D(as_of), capacity=CAPACITY)
    assert r.value("open_cases") == open_cases
    assert r.value("open_cases_without_staffing") == 0
    assert r.value("carrying_caseload") == carrying
    assert r.value("cases_per_prosecutor") == per_prosecutor


def test_open_cases_of_offices_without_a_snapshot_stay_out_of_the_ratio() -> None:
    """On 2021-06-30 with only LLC's snapshots, CEB's 3 open cases have no staffing: 0 cases / 9."""
    llc_only = Capacity(staffing=tuple(s for s in STAFFING if s.office_id == LLC))
    r = compute("caseload_per_prosecutor", ROWS, as_of=D("2021-06-30"), capacity=llc_only)
    assert r.value("open_cases") == 3
    assert r.value("open_cases_without_staffing") == 3
    assert r.value("cases_per_prosecutor") == 0.0


def test_trainings_delivered_in_fy2020_and_2020() -> None:
    """FY2020 (2019-10-01 .. 2020-09-30): LLC's trafficking training (12 x 16 h) and CEB's (5 x 24 h):
    2 trainings, 17 participants, 192 + 120 = 312 participant-hours. Calendar 2020 adds LLC's
    child-sensitive one (8 x 8 h): 3 trainings, 25 participants, 376 participant-hours."""
    fy = compute("trainings_delivered", ROWS, period="FY2020", capacity=CAPACITY, by="office")
    assert fy.value("trainings") == 2
    assert fy.value("trainings", "TRAFFICKING_LAW") == 2
    assert fy.value("participants") == 17
    assert fy.value("participant_hours") == 312
    assert fy.value("participant_hours", group=LLC) == 192
    assert fy.value("participant_hours", group=CEB) == 120
    year = compute("trainings_delivered", ROWS, period="2020", capacity=CAPACITY)
    assert year.value("trainings") == 3
    assert year.value("trainings", "CHILD_SENSITIVE_HANDLING") == 1
    assert year.value("participants", "CHILD_SENSITIVE_HANDLING") == 8
    assert year.value("participants") == 25
    assert year.value("participant_hours") == 376


def test_outcomes_split_by_trained_capacity_in_2021() -> None:
    """Disposed in 2021: acquittal (LLC; 2020-06-10 to 2021-04-06, 300 days) and conviction_after_trial
    (CEB; 2021-03-17 to 2021-11-30, 258 days). On 2021-12-31 LLC meets the threshold (5/10) and CEB does
    not (2/6): MET 1 case, 0 % convicted; NOT_MET 1 case, 100 % convicted; both within 365 days."""
    r = compute("outcomes_by_trained_capacity", ROWS, period="2021", capacity=CAPACITY)
    assert r.value("cases_disposed", "MET") == 1
    assert r.value("conviction_rate", "MET") == 0.0
    assert r.value("cases_disposed", "NOT_MET") == 1
    assert r.value("conviction_rate", "NOT_MET") == 100.0
    assert r.value("disposed_within_365_days", "MET") == 100.0
    assert r.value("disposed_within_365_days", "NOT_MET") == 100.0
    assert r.value("cases_disposed", "NO_SNAPSHOT") == 0
    assert r.value("conviction_rate", "NO_SNAPSHOT") is None


def test_outcomes_of_offices_without_staffing_are_no_snapshot() -> None:
    """Disposed in 2019, both LLC: archive_and_revival (2018-04-09 to 2019-09-06, 515 days) and
    mixed_speeds (2019-03-13 to 2019-10-15, 216 days). With no staffing recorded both are NO_SNAPSHOT:
    2 cases, 100 % convicted, 1 of 2 within 365 days = 50 %. With the snapshots, LLC's 2019 one (4/10)
    makes them NOT_MET."""
    bare = compute("outcomes_by_trained_capacity", ROWS, period="2019")
    assert bare.value("cases_disposed", "NO_SNAPSHOT") == 2
    assert bare.value("conviction_rate", "NO_SNAPSHOT") == 100.0
    assert bare.value("disposed_within_365_days", "NO_SNAPSHOT") == 50.0
    staffed = compute("outcomes_by_trained_capacity", ROWS, period="2019", capacity=CAPACITY)
    assert staffed.value("cases_disposed", "NOT_MET") == 2
    assert staffed.value("cases_disposed", "NO_SNAPSHOT") == 0
