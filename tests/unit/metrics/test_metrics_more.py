"""Hand-worked tests of the metrics added for issue 6: small tables of cases, expected numbers written
out by hand. Rows are example summaries with the fields a metric reads replaced."""

import datetime as dt
from typing import Any

import msgspec
import pytest

from cpc_prosecution.domain import fold, summarize
from cpc_prosecution.domain.clocks import ClockOutcome
from cpc_prosecution.domain.examples import EXAMPLES
from cpc_prosecution.domain.summary import CaseSummary
from cpc_prosecution.domain.vocab.case import ProsecutorOutcome
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.metrics import compute

BASE = summarize(fold(EXAMPLES["plea_bargain"]()))
D = dt.date
_NO_DATES = {name: None for name in CaseSummary.__struct_fields__ if name.startswith("first_") and name.endswith("_on")}


def row(case_id: str, **fields: Any) -> CaseSummary:
    return msgspec.structs.replace(BASE, case_id=case_id, **fields)


def court_case(case_id: str, disposed_on: D | None, **fields: Any) -> CaseSummary:
    """Filed 2020-01-10; disposed on `disposed_on` (None: pending)."""
    return row(case_id, filed_on=D(2020, 1, 10), disposed=disposed_on is not None, disposed_on=disposed_on, **fields)


ZERO_POSTPONEMENTS = {n: 0 for n in CaseSummary.__struct_fields__ if n.startswith("postponements_")}


def test_postponements_by_reason() -> None:
    """Cases disposed in 2020 (any manner): A (3 postponed: 2 absent prosecutor, 1 child witness
    unavailable) and B (1 postponed: absent prosecutor); C is disposed in 2021 and D is pending, so
    their postponements do not count. Settings: 4 postponed -> absent prosecutor 3/4 = 75 %, child
    witness 1/4 = 25 %. Cases with the reason: absent prosecutor 2/2, child witness 1/2."""
    rows = [
        court_case(
            "A",
            D(2020, 5, 1),
            **ZERO_POSTPONEMENTS
            | {
                "postponements": 3,
                "postponements_absence_of_prosecutor": 2,
                "postponements_child_witness_unavailable": 1,
            },
        ),
        court_case(
            "B", D(2020, 9, 1), **ZERO_POSTPONEMENTS | {"postponements": 1, "postponements_absence_of_prosecutor": 1}
        ),
        court_case("C", D(2021, 2, 1), **ZERO_POSTPONEMENTS | {"postponements": 5, "postponements_other": 5}),
        court_case("D", None, **ZERO_POSTPONEMENTS | {"postponements": 2, "postponements_other": 2}),
    ]
    r = compute("postponements_by_reason", rows, period="2020")
    assert r.value("cases_disposed") == 2
    assert r.value("postponed_settings") == 4
    assert r.value("by_reason", "ABSENCE_OF_PROSECUTOR") == 75.0
    assert r.value("by_reason", "CHILD_WITNESS_UNAVAILABLE") == 25.0
    assert r.value("by_reason", "OTHER") == 0.0
    assert r.value("cases_with_reason", "ABSENCE_OF_PROSECUTOR") == 100.0
    assert r.value("cases_with_reason", "CHILD_WITNESS_UNAVAILABLE") == 50.0


ZERO_DISMISSALS = {n: 0 for n in CaseSummary.__struct_fields__ if n.startswith("accused_dismissed_")}


def test_dismissals_by_reason() -> None:
    """Court: cases filed and disposed in 2020: A (2 accused dismissed, withdrawn Information) and B
    (1 accused, victim desistance) -> 3 dismissed accused: INFORMATION_WITHDRAWN 2/3 = 66.6667 %,
    VICTIM_DESISTANCE 1/3 = 33.3333 %. Prosecutor: cases never filed, dismissed in 2020: P1 and P2
    dismissed at PI, P3 released at inquest -> 2/3 and 1/3; P4 (dismissed 2019) is outside."""
    rows = [
        court_case(
            "A",
            D(2020, 3, 1),
            **ZERO_DISMISSALS | {"accused_dismissed": 2, "accused_dismissed_information_withdrawn": 2},
        ),
        court_case(
            "B", D(2020, 4, 1), **ZERO_DISMISSALS | {"accused_dismissed": 1, "accused_dismissed_victim_desistance": 1}
        ),
        *(
            row(case_id, filed_on=None, disposed=True, disposed_on=on, prosecutor_outcome=outcome)
            for case_id, on, outcome in (
                ("P1", D(2020, 2, 1), ProsecutorOutcome.DISMISSED_AT_PI),
                ("P2", D(2020, 6, 1), ProsecutorOutcome.DISMISSED_AT_PI),
                ("P3", D(2020, 7, 1), ProsecutorOutcome.RELEASED_AT_INQUEST),
                ("P4", D(2019, 7, 1), ProsecutorOutcome.RELEASED_AT_INQUEST),
            )
        ),
    ]
    r = compute("dismissals_by_reason", rows, period="2020")
    assert r.value("accused_dismissed") == 3
    assert r.value("accused_by_reason", "INFORMATION_WITHDRAWN") == 66.6667
    assert r.value("accused_by_reason", "VICTIM_DESISTANCE") == 33.3333
    assert r.value("accused_by_reason", "LACK_OF_PROBABLE_CAUSE") == 0.0
    assert r.value("cases_dismissed_by_prosecutor") == 3
    assert r.value("cases_by_prosecutor_outcome", "DISMISSED_AT_PI") == 66.6667
    assert r.value("cases_by_prosecutor_outcome", "RELEASED_AT_INQUEST") == 33.3333
    assert r.value("cases_by_prosecutor_outcome", "DISMISSED_MOTU_PROPRIO") == 0.0


ZERO_SENTENCES = {n: 0 for n in CaseSummary.__struct_fields__ if n.startswith("accused_sentenced_")}


def test_sentence_bands() -> None:
    """Convicted accused of the cases disposed in FY2020 (2019-10-01..2020-09-30): A has 2 (one life,
    one 12-20 years), B has 1 (12-20 years) -> life 1/3, 12-20 years 2/3; C (disposed 2020-11) is out."""
    rows = [
        court_case(
            "A",
            D(2019, 12, 1),
            **ZERO_SENTENCES
            | {
                "accused_convicted": 2,
                "accused_sentenced_life_imprisonment": 1,
                "accused_sentenced_afflictive_12_20": 1,
            },
        ),
        court_case(
            "B", D(2020, 9, 30), **ZERO_SENTENCES | {"accused_convicted": 1, "accused_sentenced_afflictive_12_20": 1}
        ),
        court_case("C", D(2020, 11, 1), **ZERO_SENTENCES | {"accused_convicted": 4, "accused_sentenced_light": 4}),
    ]
    r = compute("sentence_bands", rows, period="FY2020")
    assert r.value("accused_convicted") == 3
    assert r.value("accused_by_band", "LIFE_IMPRISONMENT") == 33.3333
    assert r.value("accused_by_band", "AFFLICTIVE_12_20") == 66.6667
    assert r.value("accused_by_band", "LIGHT") == 0.0


ZERO_SERVICES = {n: 0 for n in CaseSummary.__struct_fields__ if n.startswith("services_")}


def test_services_delivered() -> None:
    """Cases detected in 2020-Q2: A (3 children sheltered, 2 given medical care) and B (none); C was
    detected in Q3. Served: 5 in total, shelter 3, medical 2; cases with any service 1/2 = 50 %."""
    rows = [
        row(
            "A",
            detected_on=D(2020, 4, 2),
            **{**ZERO_SERVICES, "services_shelter_residential": 3, "services_medical": 2, "services_total": 5},
        ),
        row("B", detected_on=D(2020, 6, 30), **ZERO_SERVICES),
        row("C", detected_on=D(2020, 7, 1), **{**ZERO_SERVICES, "services_total": 9, "services_education": 9}),
    ]
    r = compute("services_delivered", rows, period="2020Q2")
    assert r.value("cases_detected") == 2
    assert r.value("cases_with_services") == 50.0
    assert r.value("children_served") == 5
    assert r.value("children_served", "SHELTER_RESIDENTIAL") == 3
    assert r.value("children_served", "MEDICAL") == 2
    assert r.value("children_served", "EDUCATION") == 0


def path(case_id: str, detected: D, *stages: tuple[str, D], **fields: Any) -> CaseSummary:
    """A case detected on `detected` whose stage first dates are exactly `stages`."""
    firsts = {**_NO_DATES, **{f"first_{name.lower()}_on": on for name, on in stages}}
    base = {"disposed": False, "disposed_on": None, "final_on": None, "case_outcome": CaseOutcome.PENDING}
    return row(case_id, detected_on=detected, **{**firsts, **base, **fields})


def test_stage_attrition() -> None:
    """Cohort detected in 2020, seen on 2021-06-30 (E, detected 2019, is outside):
    A: PI -> resolution -> filed -> arraigned -> convicted (POST_JUDGMENT), not final: reached JUDGMENT.
    B: PI, dismissed by the prosecutor 2020-09-01 (closed without RESOLUTION).
    C: inquest -> resolution -> filed, pending (still on the way to ARRAIGNMENT).
    D: detected only, nothing else (still on the way to PRELIMINARY).
    Reached: DETECTION 4, PRELIMINARY 3, RESOLUTION 2, FILED 2, ARRAIGNMENT 1, JUDGMENT 1, FINAL 0.
    DETECTION -> 3/4 continued, 0 left, 1/4 open; PRELIMINARY -> 2/3 continued, 1/3 left (B), 0 open;
    FILED_IN_COURT -> 1/2 continued, 0 left, 1/2 open (C); JUDGMENT -> 0/1, A is convicted, not final: open."""
    day = D(2021, 6, 30)
    rows = [
        path(
            "A",
            D(2020, 1, 5),
            ("PRELIM_INVESTIGATION", D(2020, 1, 20)),
            ("RESOLUTION", D(2020, 3, 1)),
            ("FILED_IN_COURT", D(2020, 3, 10)),
            ("ARRAIGNMENT", D(2020, 4, 1)),
            ("POST_JUDGMENT", D(2021, 1, 15)),
            disposed=True,
            disposed_on=D(2021, 1, 15),
            case_outcome=CaseOutcome.CONVICTED,
        ),
        path(
            "B",
            D(2020, 2, 1),
            ("PRELIM_INVESTIGATION", D(2020, 2, 10)),
            ("DISMISSED", D(2020, 9, 1)),
            disposed=True,
            disposed_on=D(2020, 9, 1),
            case_outcome=CaseOutcome.DISMISSED,
            filed_on=None,
        ),
        path(
            "C",
            D(2020, 5, 1),
            ("INQUEST", D(2020, 5, 2)),
            ("RESOLUTION", D(2020, 5, 3)),
            ("FILED_IN_COURT", D(2020, 5, 4)),
        ),
        path("D", D(2020, 12, 1)),
        path("E", D(2019, 12, 1), ("PRELIM_INVESTIGATION", D(2019, 12, 5))),
    ]
    r = compute("stage_attrition", rows, period="2020", as_of=day)
    reached = {c.category: c.value for c in r.cells if c.measure == "reached"}
    assert reached == {
        "DETECTION": 4,
        "PRELIMINARY": 3,
        "RESOLUTION": 2,
        "FILED_IN_COURT": 2,
        "ARRAIGNMENT": 1,
        "JUDGMENT": 1,
        "FINAL": 0,
    }
    assert [r.value(m, "DETECTION") for m in ("continued", "left_without_next", "still_open")] == [75.0, 0.0, 25.0]
    assert [r.value(m, "PRELIMINARY") for m in ("continued", "left_without_next", "still_open")] == [
        66.6667,
        33.3333,
        0.0,
    ]
    assert [r.value(m, "FILED_IN_COURT") for m in ("continued", "left_without_next", "still_open")] == [
        50.0,
        0.0,
        50.0,
    ]
    assert [r.value(m, "JUDGMENT") for m in ("continued", "left_without_next", "still_open")] == [0.0, 0.0, 100.0]


def clock(
    rule: str, accused: str | None, started: D, due: D, ended: D | None, on_time: bool | None, *, paused: bool = False
) -> ClockOutcome:
    return ClockOutcome(
        rule_id=rule, accused=accused, started_on=started, due_on=due, ended_on=ended, on_time=on_time, paused=paused
    )


def test_legal_clock_compliance() -> None:
    """Period 2021 seen on 2021-12-31.
    JDPC (case clocks): X met on 2021-02-05; Y stopped late on 2021-03-20; Z ended 2020 (outside);
    so ended 2, met 1/2, missed 1/2. Running on the as-of date: none.
    TRIAL_TOTAL (accused clocks): X-A1 running, due 2021-11-01 (overdue); X-A2 running, due
    2022-03-01 (not yet); Y-A1 running, due 2021-06-01 but paused now (not overdue); Y-A2 stopped
    2022-02-01 after its due 2021-10-01, so running and overdue on 2021-12-31.
    Running 4, overdue 2/4 = 50 %; ended in 2021: none."""
    clocks = {
        "X": [
            clock("JDPC", None, D(2021, 2, 1), D(2021, 2, 11), D(2021, 2, 5), True),
            clock("TRIAL_TOTAL", "A1", D(2021, 5, 1), D(2021, 11, 1), None, None),
            clock("TRIAL_TOTAL", "A2", D(2021, 9, 1), D(2022, 3, 1), None, None),
        ],
        "Y": [
            clock("JDPC", None, D(2021, 3, 1), D(2021, 3, 11), D(2021, 3, 20), False),
            clock("TRIAL_TOTAL", "A1", D(2020, 12, 1), D(2021, 6, 1), None, None, paused=True),
            clock("TRIAL_TOTAL", "A2", D(2021, 4, 1), D(2021, 10, 1), D(2022, 2, 1), False),
        ],
        "Z": [clock("JDPC", None, D(2020, 3, 1), D(2020, 3, 11), D(2020, 3, 2), True)],
    }
    rows = [row("X"), row("Y"), row("Z")]
    r = compute("legal_clock_compliance", rows, period="2021", clocks=clocks)
    assert r.value("ended", "JDPC") == 2
    assert r.value("met", "JDPC") == 50.0
    assert r.value("missed", "JDPC") == 50.0
    assert r.value("running", "JDPC") == 0
    assert r.value("running_overdue", "JDPC") is None
    assert r.value("accused_ended", "TRIAL_TOTAL") == 0
    assert r.value("accused_running", "TRIAL_TOTAL") == 4
    assert r.value("accused_running_overdue", "TRIAL_TOTAL") == 50.0
    assert compute("legal_clock_compliance", rows, period="2021").value("running", "JDPC") == 0  # no clocks given


@pytest.mark.parametrize(
    ("example", "group"),
    [
        ("plea_bargain", "QUALIFIED_TRAFFICKING"),
        ("archive_and_revival", "TRAFFICKING"),
        ("refiling_after_dismissal", "OSAEC"),
    ],
)
def test_offence_group_breakdown(example: str, group: str) -> None:
    """Each case falls in the group of its heaviest offence charged (read from the examples' counts)."""
    rows = [summarize(fold(build())) for build in EXAMPLES.values()]
    r = compute("services_delivered", rows, as_of=D(2026, 1, 1), by="offence_group")
    assert group in r.groups()
    assert summarize(fold(EXAMPLES[example]())).offence_group == group
