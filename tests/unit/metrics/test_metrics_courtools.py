"""Hand-worked CourTools measures (issue 14) over small histories written out here, each number by hand.

The cases (all filed 2018-04-09 in R7, one accused A1 at large, archived on the ACCUSED_AT_LARGE ground,
arrested, revived, then pleading guilty; dates below):

| case | archived | arrested | revived | arraigned + plea | promulgated |
|---|---|---|---|---|---|
| inside_quarter | 2018-11-05 | 2018-11-20 | 2018-12-03 | 2018-12-10 | 2019-01-10 |
| across_quarters | 2018-11-05 | 2019-01-10 | 2019-01-15 | 2019-02-05 | 2019-02-20 |
| at_large_200 | 2018-10-22 | 2018-11-06 | 2018-11-08 | 2018-11-20 | 2018-12-05 |

(the warrant issued with the probable cause on 2018-04-20; at_large_200's accused is at large 200 days
to the arrest, the case archived for the last 17 days of it, to the revival)

`two_before_three_after`: the documented refiling case (filed 2023-04-24, pre-trial 2023-05-16, convicted
2023-12-12) with trial settings 2023-05-23 and 05-30 postponed, 06-06 held (the trial begins), 06-13, 06-20
and 06-27 postponed, 07-04 held; and `prov_dismissal_revived`: the documented labour case (filed
2021-03-17, two postponed settings), provisionally dismissed 2022-01-10 and revived ("refiled", Rule 117
§8) on 2022-03-01, still pending.
"""

import datetime as dt

import msgspec
import pytest

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.events import (
    Revival,
    TrialSetting,
)
from cpc_prosecution.domain.examples.dismissals import (
    provisional_dismissal_lapse_history,
    refiling_after_dismissal_history,
)
from cpc_prosecution.domain.examples.pleas import archive_and_revival_history, mixed_speeds_history
from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.state import AccusedState, CaseState, MilestoneRecord
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.summary_periods import period_fields
from cpc_prosecution.domain.vocab import (
    PostponementReason,
)
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.metrics import Observation, Unit, compute
from cpc_prosecution.metrics.intervals import INTERVALS

D = dt.date.fromisoformat


def archived_case(case_id: str, archived: str, arrested: str, revived: str, plea: str, judged: str) -> CaseSummary:
    """The documented archive-and-revival case up to its probable cause, then its archiving, arrest,
    revival, guilty plea and promulgation on these dates (no finality)."""
    history = archive_and_revival_history()
    head = [e for e in history if e.occurred_on <= D("2018-04-20")]
    head[0] = msgspec.structs.replace(head[0], case_id=case_id)
    later = [e for e in history if e.occurred_on > D("2018-04-20")][:5]
    dates = (archived, arrested, revived, plea, judged)
    tail = [msgspec.structs.replace(e, occurred_on=D(on)) for e, on in zip(later, dates, strict=True)]
    return summarize(fold([*head, *tail]))


INSIDE = archived_case("EX-Q-INSIDE", "2018-11-05", "2018-11-20", "2018-12-03", "2018-12-10", "2019-01-10")
ACROSS = archived_case("EX-Q-ACROSS", "2018-11-05", "2019-01-10", "2019-01-15", "2019-02-05", "2019-02-20")
PROV_REVIVED = summarize(
    fold([*provisional_dismissal_lapse_history()[:-1], Revival(occurred_on=D("2022-03-01"), accused=("A1",))])
)


def _two_before_three_after() -> CaseSummary:
    history = refiling_after_dismissal_history()
    began = next(i for i, e in enumerate(history) if isinstance(e, TrialSetting))
    postponed = PostponementReason.ABSENCE_OF_WITNESS

    def setting(on: str, held: bool) -> TrialSetting:
        return TrialSetting(
            occurred_on=D(on), accused=("A1",), held=held, postponement_reason=None if held else postponed
        )

    before = [setting("2023-05-23", False), setting("2023-05-30", False)]
    after = [setting("2023-06-13", False), setting("2023-06-20", False), setting("2023-06-27", False)]
    after.append(setting("2023-07-04", True))
    rest = history[began + 1 :]
    testimony, later = rest[0], rest[1:]
    return summarize(fold([*history[:began], *before, history[began], testimony, *after, *later]))


TWO_BEFORE_THREE_AFTER = _two_before_three_after()
AT_LARGE = archived_case("EX-AT-LARGE", "2018-10-22", "2018-11-06", "2018-11-08", "2018-11-20", "2018-12-05")
ROWS = [INSIDE, ACROSS, PROV_REVIVED]


def test_the_summary_dates_each_placement_and_reactivation() -> None:
    """Placed inactive when every pending accused is parked; reactivated by the revival."""
    assert (INSIDE.placed_inactive_on, INSIDE.reactivated_on) == ((D("2018-11-05"),), (D("2018-12-03"),))
    assert (ACROSS.placed_inactive_on, ACROSS.reactivated_on) == ((D("2018-11-05"),), (D("2019-01-15"),))
    assert (PROV_REVIVED.placed_inactive_on, PROV_REVIVED.reactivated_on) == ((D("2022-01-10"),), (D("2022-03-01"),))
    assert ACROSS.accused_inactive_from == (D("2018-11-05"),)
    assert ACROSS.accused_inactive_until == (D("2019-01-15"),)
    assert (ACROSS.accused_filed_on, ACROSS.accused_disposed_on) == ((D("2018-04-09"),), (D("2019-02-20"),))


def test_clearance_counts_reopened_cases_in_and_placed_inactive_cases_out() -> None:
    """2018Q4: inside_quarter is placed inactive and reopened, across_quarters placed inactive only:
    incoming 0 new + 1 reopened = 1; outgoing 0 dispositions + 2 placed inactive = 2; rate 200 %."""
    r = compute("clearance_rate", ROWS, period="2018Q4")
    assert [r.value(m) for m in ("new_filings", "reopened", "incoming")] == [0, 1, 1]
    assert [r.value(m) for m in ("dispositions", "placed_inactive", "outgoing")] == [0, 2, 2]
    assert r.value("clearance_rate") == 200.0


def test_a_case_archived_across_a_quarter_boundary_is_reopened_in_the_next() -> None:
    """2019Q1: across_quarters is reopened (2019-01-15); both archived cases are disposed (2019-01-10,
    2019-02-20): incoming 1, outgoing 2, 200 %. The whole of 2018: 2 new filings + 1 reopened = 3 in,
    2 placed inactive out: 66.6667 %."""
    q1 = compute("clearance_rate", ROWS, period="2019Q1")
    assert (q1.value("reopened"), q1.value("dispositions"), q1.value("clearance_rate")) == (1, 2, 200.0)
    year = compute("clearance_rate", ROWS, period="2018")
    assert (year.value("incoming"), year.value("outgoing"), year.value("clearance_rate")) == (3, 2, 66.6667)


def test_a_provisional_dismissal_revived_is_out_then_in() -> None:
    """2022Q1: the labour case is placed inactive (2022-01-10) and reopened (2022-03-01): 1 in, 1 out."""
    r = compute("clearance_rate", ROWS, period="2022Q1")
    assert (r.value("placed_inactive"), r.value("reopened"), r.value("clearance_rate")) == (1, 1, 100.0)


def test_trial_date_certainty_counts_the_settings_until_the_trial_began() -> None:
    """two_before_three_after: 3 settings until the trial began (2 postponed + the first held), so the
    CourTools band is 2; the whole trial had 7 hearing settings, 2 held, 5 postponed (band 3+)."""
    s = TWO_BEFORE_THREE_AFTER
    assert (s.trial_settings_before_trial, s.postponements_before_trial) == (3, 2)
    assert (s.trial_settings, s.trial_settings_held, s.postponements) == (7, 2, 5)
    r = compute("trial_date_certainty", [s], period="2023")
    assert r.value("cases_disposed_by_trial") == 1
    assert r.value("settings_until_trial_per_case") == 3.0
    assert [r.value("cases_by_postponements", b) for b in ("0", "1", "2", "3+")] == [0.0, 0.0, 100.0, 0.0]
    assert r.value("hearing_settings_per_case") == 7.0
    assert r.value("hearing_settings_held") == 28.5714
    assert [r.value("cases_by_hearing_postponements", b) for b in ("0", "1", "2", "3+")] == [0.0, 0.0, 0.0, 100.0]


def test_time_to_disposition_leaves_out_the_days_inactive() -> None:
    """at_large_200: filed 2018-04-09, disposed 2018-12-05 = 240 days; archived 2018-10-22 to the revival
    2018-11-08 = 17 days inactive (the 185 days at large before the archiving count: the court had not
    suspended the case) -> 223 active days. across_quarters: 317 days less 71 archived (2018-11-05 to
    2019-01-15) = 246. Both end in 2018Q4 / 2019Q1; the 2018 filing cohort of the two, seen on
    2019-12-31, is all ended: median = 223 (1 of 2 ended), p90 = 246."""
    assert (ACROSS.disposed_on - ACROSS.filed_on).days == 317
    q4 = compute("time_to_disposition", [AT_LARGE], period="2018Q4")
    assert (q4.value("ended_in_window"), q4.value("within_standard", "180")) == (1, 0.0)
    assert q4.cell("within_standard", "365").numerator == 1
    r = compute("time_to_disposition", [AT_LARGE, ACROSS], period="2018", as_of=D("2019-12-31"))
    assert (r.value("cohort"), r.value("cohort_ended")) == (2, 2)
    assert (r.value("km_median_days"), r.value("km_p90_days")) == (223, 246)


def test_kaplan_meier_censors_an_inactive_case_on_its_active_days() -> None:
    """across_quarters seen on 2018-12-31, archived since 2018-11-05: censored at 210 active days
    (2018-04-09 to 2018-11-05), not 266; inside_quarter seen then (revived 2018-12-03, pending): 266 days
    less 28 archived = 238, censored. No ending: median None, both in the cohort."""
    interval = INTERVALS["time_to_disposition"]
    assert interval.observe(ACROSS, D("2018-12-31")) == Observation(210, False)
    assert interval.observe(INSIDE, D("2018-12-31")) == Observation(238, False)
    r = compute("time_to_disposition", [ACROSS, INSIDE], period="2018", as_of=D("2018-12-31"))
    assert (r.value("cohort"), r.value("cohort_ended"), r.value("km_median_days")) == (2, 0, None)


def test_active_pending_follows_the_dated_inactive_periods() -> None:
    """On 2018-11-30 inside_quarter and across_quarters are archived (inactive); on 2018-12-15
    inside_quarter is active again (revived 12-03), its age 250 days (2018-04-09 to 12-15) less 28
    archived = 222 -> band 181-365; across_quarters still inactive. On 2019-01-20 across_quarters is active
    (revived 01-15): age 286 less 71 = 215; inside_quarter disposed on 2019-01-10."""
    archived = compute("age_of_pending_caseload", [INSIDE, ACROSS], as_of=D("2018-11-30"))
    assert (archived.value("active_pending"), archived.value("inactive_pending")) == (0, 2)
    december = compute("age_of_pending_caseload", [INSIDE, ACROSS], as_of=D("2018-12-15"))
    assert (december.value("active_pending"), december.value("inactive_pending")) == (1, 1)
    assert december.value("median_age_days") == 222
    assert december.value("cases_in_band", "181-365") == 100.0
    january = compute("age_of_pending_caseload", [INSIDE, ACROSS], as_of=D("2019-01-20"))
    assert (january.value("active_pending"), january.value("inactive_pending")) == (1, 0)
    assert january.value("median_age_days") == 215


MIXED = summarize(fold(mixed_speeds_history()))


def test_a_two_accused_case_counts_once_per_case_and_twice_per_accused() -> None:
    """mixed_speeds (documented example): both accused charged 2019-03-13; A1 disposed by plea 2019-04-16,
    A2 after trial 2019-10-15 (the case's disposition). Clearance 2019Q1: 1 case / 2 accused filed;
    2019Q2: no case disposed, 1 accused (A1) out; nothing in, so no rate (None) in either unit;
    2019: 1 in, 1 out per case (100 %); 2 in, 2 out per accused."""
    q1_case = compute("clearance_rate", [MIXED], period="2019Q1")
    q1_accused = compute("clearance_rate", [MIXED], period="2019Q1", unit="ACCUSED")
    assert (q1_case.value("new_filings"), q1_accused.value("new_filings")) == (1, 2)
    assert q1_accused.cell("new_filings").unit is Unit.ACCUSED
    q2_case = compute("clearance_rate", [MIXED], period="2019Q2")
    q2_accused = compute("clearance_rate", [MIXED], period="2019Q2", unit=Unit.ACCUSED)
    assert (q2_case.value("dispositions"), q2_accused.value("dispositions")) == (0, 1)
    assert (q2_case.value("clearance_rate"), q2_accused.value("clearance_rate")) == (None, None)
    year = compute("clearance_rate", [MIXED], period="2019", unit="ACCUSED")
    assert (year.value("incoming"), year.value("outgoing"), year.value("clearance_rate")) == (2, 2, 100.0)


def test_time_to_disposition_per_accused() -> None:
    """mixed_speeds, filed in 2019 and seen on 2019-12-31. Per case: one interval of 216 days, median 216.
    Per accused: A1 34 days (2019-03-13 to 04-16), A2 216: median 34 (S = 1/2), p90 216; within 90 days
    1 of 2 (50 %), within 365 both."""
    case = compute("time_to_disposition", [MIXED], period="2019")
    assert (case.value("cohort"), case.value("km_median_days")) == (1, 216)
    accused = compute("time_to_disposition", [MIXED], period="2019", unit="ACCUSED")
    assert (accused.value("cohort"), accused.value("cohort_ended"), accused.value("ended_in_window")) == (2, 2, 2)
    assert (accused.value("km_median_days"), accused.value("km_p90_days")) == (34, 216)
    assert (accused.value("within_standard", "90"), accused.value("within_standard", "365")) == (50.0, 100.0)
    assert {c.unit for c in accused.cells} == {Unit.ACCUSED}


def test_an_accused_archived_leaves_out_their_own_inactive_days() -> None:
    """across_quarters per accused: A1 filed 2018-04-09, disposed 2019-02-20: 317 days less 71 archived
    = 246, as per case (one accused)."""
    r = compute("time_to_disposition", [ACROSS], period="2019Q1", unit="ACCUSED")
    assert r.cell("within_standard", "365").numerator == 1
    assert (
        compute("time_to_disposition", [ACROSS], period="2018", as_of=D("2019-12-31"), unit="ACCUSED").value(
            "km_median_days"
        )
        == 246
    )


def test_an_unknown_unit_of_count_is_refused_naming_the_allowed_ones() -> None:
    """unit is CASE or ACCUSED for clearance_rate and time_to_disposition; metrics without a unit
    parameter take only CASE."""
    with pytest.raises(ValueError, match="the unit is one of CASE, ACCUSED"):
        compute("clearance_rate", ROWS, period="2019", unit="CHILD")
    with pytest.raises(ValueError, match="the unit is one of CASE"):
        compute("conviction_rate", ROWS, period="2019", unit="ACCUSED")


def test_a_case_is_inactive_only_while_every_pending_accused_is_parked() -> None:
    """Two accused charged 2020-01-10. A1 archived 03-01: A2 still active, the case is not inactive.
    A2 provisionally dismissed 04-01: the case is placed inactive. A1 revived 05-01: reactivated. A1
    convicted 06-01: the only pending accused (A2) is parked, so the case is placed inactive again.
    A2's dismissal lapses 2022-04-02: the period ends with the disposition (no reactivation)."""
    filed = {Stage.FILED_IN_COURT: D("2020-01-10")}
    a1 = AccusedState(position="A1", stage=Stage.FINAL, first_on=filed, disposed_on=D("2020-06-01"))
    a2 = AccusedState(position="A2", stage=Stage.DISMISSED, first_on=filed, disposed_on=D("2022-04-02"))

    def mark(kind: Milestone, on: str, who: str) -> MilestoneRecord:
        return MilestoneRecord(kind=kind, on=D(on), accused=who)

    marks = (
        mark(Milestone.ARCHIVING, "2020-03-01", "A1"),
        mark(Milestone.PROVISIONAL_DISMISSAL, "2020-04-01", "A2"),
        mark(Milestone.REVIVAL, "2020-05-01", "A1"),
        mark(Milestone.DISPOSED, "2020-06-01", "A1"),
        mark(Milestone.DISPOSED, "2022-04-02", "A2"),
    )
    state = CaseState(accused={"A1": a1, "A2": a2}, milestones=marks)
    fields = period_fields(state, [a1, a2])
    assert fields["placed_inactive_on"] == (D("2020-04-01"), D("2020-06-01"))
    assert fields["reactivated_on"] == (D("2020-05-01"),)
    assert fields["accused_inactive_of"] == (0, 1)
    assert fields["accused_inactive_from"] == (D("2020-03-01"), D("2020-04-01"))
    assert fields["accused_inactive_until"] == (D("2020-05-01"), None)
    assert fields["accused_disposed_on"] == (D("2020-06-01"), D("2022-04-02"))
