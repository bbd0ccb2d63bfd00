"""Every legal clock, table-driven, with the dates worked out by hand and the source named.

Each row gives the milestones the fold would have logged, the `as_of` date, and the expected due
date and status. Rule 22 §1 "days": exclude the first day; a last day on a Saturday, Sunday or
holiday moves to the next working day. Calendar days, 30-day months and calendar years never move.
"""

import datetime as dt

import pytest

from cpc_prosecution.domain import (
    MANILA,
    RULES_BY_ID,
    AccusedState,
    Art125Class,
    CaseState,
    CountRecord,
    Custody,
    Deadline,
    DeadlineStatus,
    Milestone,
    deadlines,
)
from cpc_prosecution.domain.state import MilestoneRecord

M = Milestone
RUNNING, PAUSED, MET, MISSED = (
    DeadlineStatus.RUNNING,
    DeadlineStatus.PAUSED,
    DeadlineStatus.MET,
    DeadlineStatus.MISSED,
)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=MANILA)


def ms(kind: Milestone, day: str, accused: str | None = None, moment: str | None = None) -> MilestoneRecord:
    return MilestoneRecord(kind=kind, on=d(day), at=at(moment) if moment else None, accused=accused)


def accused(*codes: str, art125: Art125Class | None = None) -> AccusedState:
    counts = tuple(CountRecord(count_no=i, offence=code) for i, code in enumerate(codes, start=1))
    return AccusedState(position="A1", custody=Custody.DETAINED, counts=counts, art125_class=art125)


def clock(rule_id: str, marks: list[MilestoneRecord], as_of: dt.date | dt.datetime, **state: object) -> Deadline:
    case = CaseState(detected_on=d("2023-01-01"), milestones=tuple(marks), **state)  # type: ignore[arg-type]
    found = [x for x in deadlines(case, as_of, rules=[RULES_BY_ID[rule_id]])]
    assert len(found) == 1, found
    return found[0]


A1 = {"accused": {"A1": accused("RA9208-6", art125=Art125Class.AFFLICTIVE)}}

# (rule, source, milestones, as_of, state, expected due, expected status)
CASES = [
    pytest.param(
        "ART125_AFFLICTIVE",
        [
            ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T14:30"),
            ms(M.FILING, "2024-03-02", None, "2024-03-02T16:00"),
        ],
        d("2024-03-05"),
        A1,
        "2024-03-03",
        MET,
        id="RPC Art. 125: 36 h from 1 Mar 14:30 is 3 Mar 02:30; filed 2 Mar 16:00 -> met",
    ),
    pytest.param(
        "ART125_AFFLICTIVE",
        [
            ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T08:00"),
            ms(M.FILING, "2024-03-02", None, "2024-03-02T21:00"),
        ],
        d("2024-03-05"),
        A1,
        "2024-03-02",
        MISSED,
        id="RPC Art. 125: 36 h from 1 Mar 08:00 is 2 Mar 20:00; filed 21:00 -> missed",
    ),
    pytest.param(
        "ART125_CORRECTIONAL",
        [ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T08:00")],
        at("2024-03-02T01:00"),
        {"accused": {"A1": accused("RA9208-7", art125=Art125Class.CORRECTIONAL)}},
        "2024-03-02",
        RUNNING,
        id="RPC Art. 125: 18 h (RA 9208 §7, 6 yrs) from 1 Mar 08:00 is 2 Mar 02:00; at 01:00 still running",
    ),
    pytest.param(
        "ART125_LIGHT",
        [ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T20:00")],
        at("2024-03-02T09:00"),
        {"accused": {"A1": accused(art125=Art125Class.LIGHT)}},
        "2024-03-02",
        MISSED,
        id="RPC Art. 125: 12 h from 1 Mar 20:00 is 2 Mar 08:00; at 09:00 missed",
    ),
    pytest.param(
        "RULE112_PI",
        [ms(M.PI_STARTED, "2024-03-01")],
        d("2024-04-01"),
        {},
        "2024-04-15",
        RUNNING,
        id="Rule 112 (2000): PI begun 1 Mar 2024 (before DC 015) -> 45 days -> Mon 15 Apr 2024",
    ),
    pytest.param(
        "RULE112_PI",
        [ms(M.PI_STARTED, "2024-07-30"), ms(M.RESOLUTION, "2024-09-20")],
        d("2024-10-01"),
        {},
        "2024-09-13",
        MISSED,
        id="Rule 112: PI begun 30 Jul 2024, the day before DC 015 -> Fri 13 Sep; resolved 20 Sep -> missed",
    ),
    pytest.param(
        "PI_RESOLVE",
        [ms(M.PI_STARTED, "2024-08-01")],
        d("2024-09-01"),
        {"pi_offences": ("RA9208-4",)},
        "2024-09-30",
        RUNNING,
        id="DC 015-2024 §17: PI begun 1 Aug 2024 -> 60 calendar days -> 30 Sep 2024",
    ),
    pytest.param(
        "PI_RESOLVE",
        [ms(M.PI_STARTED, "2024-08-01")],
        d("2024-09-01"),
        {"pi_offences": ("RA9208-6",)},
        "2024-10-30",
        RUNNING,
        id="DC 015-2024 §17: qualified trafficking (life) counted as capital -> +30 -> 30 Oct 2024",
    ),
    pytest.param(
        "PI_RESOLVE",
        [ms(M.PI_STARTED, "2024-08-01"), ms(M.PI_REASSIGNED, "2024-08-20"), ms(M.RESOLUTION, "2024-10-15")],
        d("2024-11-01"),
        {"pi_offences": ("RA9208-4",)},
        "2024-10-30",
        MET,
        id="DC 015-2024 §17: reassigned during PI -> +30 -> 30 Oct; resolved 15 Oct -> met",
    ),
    pytest.param(
        "INQUEST_WAIVER_PI",
        [ms(M.PI_AFTER_WAIVER, "2024-08-05")],
        d("2024-08-21"),
        {},
        "2024-08-20",
        MISSED,
        id="DC 015-2024 §13; Rule 112 §6: PI after Art. 125 waiver 5 Aug -> 15 calendar days -> 20 Aug",
    ),
    pytest.param(
        "JDPC",
        [ms(M.FILING, "2024-03-06")],
        d("2024-03-12"),
        {},
        "2024-03-18",
        RUNNING,
        id="Rule 112 §5(a): filed Wed 6 Mar -> 10 days = Sat 16 Mar -> Mon 18 Mar (Rule 22)",
    ),
    pytest.param(
        "JDPC",
        [ms(M.FILING, "2024-03-01"), ms(M.JDPC_MORE_EVIDENCE, "2024-03-08"), ms(M.JDPC, "2024-03-29")],
        d("2024-04-05"),
        {},
        "2024-04-01",
        MET,
        id="Rule 112 §5(a): more evidence ordered -> 30 days from 1 Mar = Sun 31 Mar -> Mon 1 Apr; met",
    ),
    pytest.param(
        "RAFFLE_DETAINED",
        [ms(M.FILING_WITH_DETAINED, "2024-03-07"), ms(M.RAFFLE, "2024-03-11")],
        d("2024-03-20"),
        {},
        "2024-03-11",
        MET,
        id="Rule 116 §1(e): filed Thu 7 Mar -> 3 days = Sun 10 Mar -> Mon 11 Mar; raffled 11 Mar -> met",
    ),
    pytest.param(
        "ARRAIGN_DETAINED",
        [ms(M.BEFORE_COURT_DETAINED, "2024-03-04", "A1")],
        d("2024-03-15"),
        A1,
        "2024-03-14",
        MISSED,
        id="A.M. 15-06-10-SC III.8(a): court has the case 4 Mar -> 10 calendar days -> 14 Mar; not arraigned",
    ),
    pytest.param(
        "ARRAIGN_NONDETAINED",
        [
            ms(M.BEFORE_COURT_AT_LIBERTY, "2024-03-05", "A1"),
            ms(M.MOTION_TO_QUASH_FILED, "2024-03-10", "A1"),
            ms(M.MOTION_TO_QUASH_RESOLVED, "2024-03-20", "A1"),
        ],
        d("2024-03-25"),
        A1,
        "2024-04-14",
        RUNNING,
        id="A.M. 15-06-10-SC III.8(a); Rule 116 §1(g): 5 Mar + 30 = 4 Apr, motion to quash 10 days -> 14 Apr",
    ),
    pytest.param(
        "ARRAIGN_NONDETAINED",
        [ms(M.BEFORE_COURT_AT_LIBERTY, "2024-03-05", "A1"), ms(M.DOJ_REVIEW_FILED, "2024-03-06", "A1")],
        d("2024-06-30"),
        A1,
        "2024-06-03",
        MISSED,
        id="Rule 116 §11(c): DOJ review suspends arraignment at most 60 days -> 5 Mar + 30 + 60 = 3 Jun",
    ),
    pytest.param(
        "ARRAIGN_NONDETAINED",
        [ms(M.BEFORE_COURT_AT_LIBERTY, "2024-03-05", "A1"), ms(M.MOTION_TO_QUASH_FILED, "2024-03-10", "A1")],
        d("2024-03-25"),
        A1,
        "2024-04-19",
        PAUSED,
        id="Rule 116 §1(g): motion to quash pending since 10 Mar -> paused on 25 Mar (due moves out)",
    ),
    pytest.param(
        "BAIL_PETITION",
        [ms(M.BAIL_HEARING, "2024-03-08", "A1")],
        d("2024-04-01"),
        A1,
        "2024-04-07",
        RUNNING,
        id="A.M. 15-06-10-SC III.10: first bail hearing 8 Mar -> 30 calendar days -> Sun 7 Apr (no shift)",
    ),
    pytest.param(
        "TRIAL_START",
        [ms(M.PRE_TRIAL, "2024-03-14", "A1"), ms(M.TRIAL_STARTED, "2024-04-15", "A1")],
        d("2024-05-01"),
        A1,
        "2024-04-15",
        MET,
        id="Rule 119 §1: pre-trial Thu 14 Mar -> 30 days = Sat 13 Apr -> Mon 15 Apr; trial began 15 Apr",
    ),
    pytest.param(
        "TRIAL_TOTAL",
        [ms(M.TRIAL_STARTED, "2024-04-15", "A1")],
        d("2024-10-13"),
        A1,
        "2024-10-14",
        RUNNING,
        id="Rule 119 §2; RA 8493 §6: first trial day 15 Apr -> 180 days = Sat 12 Oct -> Mon 14 Oct",
    ),
    pytest.param(
        "TIP_DECIDE_180",
        [ms(M.ARRAIGNMENT, "2024-03-01", "A1")],
        d("2024-08-01"),
        A1,
        "2024-08-28",
        RUNNING,
        id="OCA Circular 151-2010: arraigned 1 Mar 2024 -> 180 days -> Wed 28 Aug 2024",
    ),
    pytest.param(
        "DECISION_DUE",
        [ms(M.SUBMISSION, "2024-06-03", "A1"), ms(M.JUDGMENT, "2024-09-02", "A1")],
        d("2024-09-10"),
        A1,
        "2024-09-01",
        MISSED,
        id="A.M. 15-06-10-SC III.16: submitted 3 Jun -> 90 calendar days -> Sun 1 Sep; promulgated 2 Sep",
    ),
    pytest.param(
        "ARCHIVE_ELIGIBLE",
        [ms(M.WARRANT_ISSUED, "2024-01-15", "A1")],
        d("2024-07-14"),
        A1,
        "2024-07-13",
        MISSED,
        id="A.M. 15-06-10-SC III.6; Admin Code §31: warrant 15 Jan + 6 x 30 days = 13 Jul; still at large",
    ),
    pytest.param(
        "PROV_DISMISSAL_PERMANENT",
        [ms(M.PROVISIONAL_DISMISSAL, "2024-02-29", "A1")],
        d("2024-12-01"),
        {"accused": {"A1": accused("RA9208-7")}},
        "2025-02-28",
        RUNNING,
        id="Rule 117 §8: penalty 6 yrs -> 1 year (12 calendar months) from 29 Feb 2024 -> 28 Feb 2025",
    ),
    pytest.param(
        "PROV_DISMISSAL_PERMANENT",
        [ms(M.PROVISIONAL_DISMISSAL, "2024-02-29", "A1"), ms(M.REVIVAL, "2025-06-01", "A1")],
        d("2026-06-01"),
        A1,
        "2026-02-28",
        MET,
        id="Rule 117 §8: life imprisonment (> 6 yrs) -> 2 years -> 28 Feb 2026; revived 1 Jun 2025 -> met",
    ),
    pytest.param(
        "APPEAL",
        [ms(M.CONVICTION_PROMULGATED, "2024-03-01", "A1")],
        d("2024-03-10"),
        A1,
        "2024-03-18",
        RUNNING,
        id="Rule 122 §6: promulgated Fri 1 Mar -> 15 days = Sat 16 Mar -> Mon 18 Mar",
    ),
    pytest.param(
        "APPEAL",
        [
            ms(M.CONVICTION_PROMULGATED, "2024-03-01", "A1"),
            ms(M.JUDGMENT_MR_FILED, "2024-03-05", "A1"),
            ms(M.JUDGMENT_MR_RESOLVED, "2024-03-20", "A1"),
            ms(M.JUDGMENT_MR_DENIED, "2024-03-20", "A1"),
        ],
        d("2024-03-25"),
        A1,
        "2024-04-04",
        RUNNING,
        id="Yu v. Samson-Tatad (2011): MR denied 20 Mar -> a fresh 15 days -> Thu 4 Apr",
    ),
]


@pytest.mark.parametrize(("rule_id", "marks", "as_of", "state", "due", "status"), CASES)
def test_clock_table(
    rule_id: str,
    marks: list[MilestoneRecord],
    as_of: dt.date,
    state: dict[str, object],
    due: str,
    status: DeadlineStatus,
) -> None:
    """Each clock computes the due date worked out by hand in its row, and the expected status."""
    deadline = clock(rule_id, marks, as_of, **state)
    assert (deadline.due, deadline.status) == (d(due), status)


def test_every_clock_rule_has_a_row() -> None:
    """The table covers every rule in the catalogue."""
    covered = {case.values[0] for case in CASES}
    assert covered == set(RULES_BY_ID)


def test_holidays_are_injected_not_shipped() -> None:
    """With Maundy Thursday and Good Friday 2024 passed in, a Rule 22 due date moves to Monday."""
    marks = (ms(M.FILING, "2024-03-18"),)
    case = CaseState(detected_on=d("2024-01-01"), milestones=marks)
    rule = [RULES_BY_ID["JDPC"]]
    (plain,) = deadlines(case, d("2024-03-19"), rules=rule)
    (holy,) = deadlines(case, d("2024-03-19"), rules=rule, holidays={d("2024-03-28"), d("2024-03-29")})
    assert (plain.due, holy.due) == (d("2024-03-28"), d("2024-04-01"))


def test_hour_clock_gives_a_due_moment_and_days_left() -> None:
    """Art. 125: the due moment is exact; running clocks report days left, missed ones days overdue."""
    marks = [ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T14:30")]
    running = clock("ART125_AFFLICTIVE", marks, d("2024-03-02"), **A1)
    late = clock("ART125_AFFLICTIVE", marks, d("2024-03-05"), **A1)
    assert running.due_at == at("2024-03-03T02:30")
    assert (running.days_left, running.days_overdue) == (1, None)
    assert (late.status, late.days_overdue) == (MISSED, 2)


def test_hour_clock_without_a_time_counts_from_midnight() -> None:
    """An arrest recorded without a time starts its Art. 125 clock at midnight, flagged approximate."""
    deadline = clock("ART125_AFFLICTIVE", [ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1")], d("2024-03-01"), **A1)
    assert (deadline.due_at, deadline.approximate) == (at("2024-03-02T12:00"), True)


def test_clock_made_moot_before_its_due_date_is_left_out() -> None:
    """An Art. 125 waiver before the deadline cancels the clock: it is not reported."""
    marks = (
        ms(M.WARRANTLESS_ARREST, "2024-03-01", "A1", "2024-03-01T08:00"),
        ms(M.ART125_WAIVER, "2024-03-01", "A1"),
    )
    case = CaseState(detected_on=d("2024-01-01"), milestones=marks, **A1)  # type: ignore[arg-type]
    assert deadlines(case, d("2024-03-10"), rules=[RULES_BY_ID["ART125_AFFLICTIVE"]]) == []


def test_milestones_after_as_of_are_ignored() -> None:
    """A clock evaluated before its stop event happened is still running."""
    marks = [ms(M.FILING, "2024-03-04"), ms(M.JDPC, "2024-03-08")]
    assert clock("JDPC", marks, d("2024-03-06")).status is RUNNING
    assert clock("JDPC", marks, d("2024-03-08")).status is MET


def test_rule_versions_do_not_overlap() -> None:
    """Exactly one of RULE112_PI and PI_RESOLVE governs a PI, switching on 31 Jul 2024."""
    for start, expected in (("2024-07-30", "RULE112_PI"), ("2024-07-31", "PI_RESOLVE")):
        case = CaseState(detected_on=d("2024-01-01"), milestones=(ms(M.PI_STARTED, start),))
        assert [x.rule_id for x in deadlines(case, d(start))] == [expected]
