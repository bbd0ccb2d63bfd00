"""The legal clocks as versioned data (domain brief §3, "Time limits a tracker can check").

Each row names its legal source. Effective dates: A.M. No. 15-06-10-SC from 1 Sep 2017; OCA
Circular 151-2010 from 26 Oct 2010; DOJ DC 015-2024 from 31 Jul 2024 (secondary sources; the
exact publication date is unverified, see docs/domain.md). Rule 112 (2000 Rules) governs PIs that
started before that date.
"""

import datetime as dt
from typing import Final

from cpc_prosecution.domain.clocks.rules import (
    ClockRule,
    ClockScope,
    ClockUnit,
    Condition,
    Extension,
    Pause,
    Strength,
)
from cpc_prosecution.domain.milestones import Milestone as M

#: DOJ DC 015-2024 effectivity as used here (issued 16 Jul 2024; 31 Jul 2024 per secondary sources).
DC015_EFFECTIVE: Final = dt.date(2024, 7, 31)
#: A.M. No. 15-06-10-SC (Revised Guidelines for Continuous Trial) effectivity.
CONTINUOUS_TRIAL_EFFECTIVE: Final = dt.date(2017, 9, 1)
#: 2000 Revised Rules of Criminal Procedure effectivity.
RULES_2000_EFFECTIVE: Final = dt.date(2000, 12, 1)
#: OCA Circular No. 151-2010 date.
OCA_151_2010: Final = dt.date(2010, 10, 26)

_ARRAIGNMENT_PAUSES = (
    Pause(start=M.MOTION_TO_QUASH_FILED, end=M.MOTION_TO_QUASH_RESOLVED),
    Pause(start=M.BILL_OF_PARTICULARS_FILED, end=M.BILL_OF_PARTICULARS_RESOLVED),
    Pause(start=M.DOJ_REVIEW_FILED, end=M.DOJ_REVIEW_RESOLVED, max_days=60),
)
_ART125_SOURCE = "RPC Art. 125 (as amended by EO 59 and EO 272); DOJ DC 015-2024 §13"


def _art125(klass: str, hours: int, condition: Condition, label: str) -> ClockRule:
    return ClockRule(
        rule_id=f"ART125_{klass}",
        title=f"Deliver a warrantless arrestee to the judicial authority within {hours} h ({label})",
        scope=ClockScope.ACCUSED,
        start_event=M.WARRANTLESS_ARREST,
        stop_events=(M.FILING, M.RELEASE),
        limit=hours,
        unit=ClockUnit.HOURS,
        strength=Strength.BINDING,
        legal_source=_ART125_SOURCE,
        cancel_events=(M.ART125_WAIVER,),
        conditions=(condition,),
        note="Class from the heaviest offence named at arrest; unknown offences -> no Art. 125 clock.",
    )


CLOCK_RULES: Final[tuple[ClockRule, ...]] = (
    _art125("LIGHT", 12, Condition.ART125_LIGHT, "light penalties"),
    _art125("CORRECTIONAL", 18, Condition.ART125_CORRECTIONAL, "correctional penalties"),
    _art125("AFFLICTIVE", 36, Condition.ART125_AFFLICTIVE, "afflictive or capital penalties"),
    ClockRule(
        rule_id="RULE112_PI",
        title="Preliminary investigation resolved (2000 Rules, Rule 112)",
        scope=ClockScope.CASE,
        start_event=M.PI_STARTED,
        stop_events=(M.RESOLUTION,),
        limit=45,
        unit=ClockUnit.DAYS,
        strength=Strength.ADVISORY,
        legal_source="Rule 112 §§3-4 (2000 Rules); superseded for new PIs by DOJ DC 015-2024 (A.M. 24-02-09-SC)",
        effective_from=RULES_2000_EFFECTIVE,
        effective_to=DC015_EFFECTIVE,
        note=(
            "Derived ceiling, not a period the rule states: 10 d to dismiss or subpoena + 10 d counter-"
            "affidavit + 10 d clarificatory hearing + 5 d to end it + 10 d to resolve = 45 days."
        ),
    ),
    ClockRule(
        rule_id="PI_RESOLVE",
        title="Preliminary investigation resolved (DOJ DC 015-2024)",
        scope=ClockScope.CASE,
        start_event=M.PI_STARTED,
        stop_events=(M.RESOLUTION,),
        limit=60,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="DOJ DC 015-2024 §17",
        effective_from=DC015_EFFECTIVE,
        extensions=(
            Extension(add=30, condition=Condition.CAPITAL_OFFENCE),
            Extension(add=30, milestone=M.PI_REASSIGNED),
        ),
        note="+30 d at most for capital offences (life imprisonment counted: interpretation), "
        "reassignment or consolidation.",
    ),
    ClockRule(
        rule_id="INQUEST_WAIVER_PI",
        title="PI after an Art. 125 waiver terminated",
        scope=ClockScope.CASE,
        start_event=M.PI_AFTER_WAIVER,
        stop_events=(M.RESOLUTION,),
        limit=15,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="DOJ DC 015-2024 §13; Rule 112 §6 (2000 Rules)",
    ),
    ClockRule(
        rule_id="JDPC",
        title="Judicial determination of probable cause",
        scope=ClockScope.CASE,
        start_event=M.FILING,
        stop_events=(M.JDPC,),
        limit=10,
        unit=ClockUnit.DAYS,
        strength=Strength.BINDING,
        legal_source="Rule 112 §5(a)",
        extensions=(Extension(add=20, milestone=M.JDPC_MORE_EVIDENCE),),
        note="If the judge orders more evidence, resolve within 30 days of filing.",
    ),
    ClockRule(
        rule_id="RAFFLE_DETAINED",
        title="Raffle and records to the branch (detained accused)",
        scope=ClockScope.CASE,
        start_event=M.FILING_WITH_DETAINED,
        stop_events=(M.RAFFLE,),
        limit=3,
        unit=ClockUnit.DAYS,
        strength=Strength.BINDING,
        legal_source="Rule 116 §1(e)",
    ),
    ClockRule(
        rule_id="ARRAIGN_DETAINED",
        title="Arraignment and pre-trial of a detained accused",
        scope=ClockScope.ACCUSED,
        start_event=M.BEFORE_COURT_DETAINED,
        stop_events=(M.ARRAIGNMENT,),
        limit=10,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="A.M. No. 15-06-10-SC III.8(a) (supersedes Rule 116 §1(e) where inconsistent)",
        effective_from=CONTINUOUS_TRIAL_EFFECTIVE,
        pause_events=_ARRAIGNMENT_PAUSES,
        cancel_events=(M.DISPOSED, M.ARCHIVING, M.PROVISIONAL_DISMISSAL),
        note="Starts when the court has the case (raffle) and the accused, whichever is later.",
    ),
    ClockRule(
        rule_id="ARRAIGN_NONDETAINED",
        title="Arraignment and pre-trial of an accused at liberty",
        scope=ClockScope.ACCUSED,
        start_event=M.BEFORE_COURT_AT_LIBERTY,
        stop_events=(M.ARRAIGNMENT,),
        limit=30,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="A.M. No. 15-06-10-SC III.8(a); Rule 116 §1(g); RA 8493 §7",
        effective_from=CONTINUOUS_TRIAL_EFFECTIVE,
        pause_events=_ARRAIGNMENT_PAUSES,
        cancel_events=(M.DISPOSED, M.ARCHIVING, M.PROVISIONAL_DISMISSAL),
        note="Starts when the court has acquired jurisdiction over the accused; pauses per Rule 116 §§1(g), 11.",
    ),
    ClockRule(
        rule_id="BAIL_PETITION",
        title="Petition for bail resolved",
        scope=ClockScope.ACCUSED,
        start_event=M.BAIL_HEARING,
        stop_events=(M.BAIL_RULING,),
        limit=30,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="A.M. No. 15-06-10-SC III.10 (non-extendible)",
        effective_from=CONTINUOUS_TRIAL_EFFECTIVE,
        cancel_events=(M.DISPOSED,),
    ),
    ClockRule(
        rule_id="TRIAL_START",
        title="Trial begins after the pre-trial",
        scope=ClockScope.ACCUSED,
        start_event=M.PRE_TRIAL,
        stop_events=(M.TRIAL_STARTED,),
        limit=30,
        unit=ClockUnit.DAYS,
        strength=Strength.BINDING,
        legal_source="Rule 119 §§1, 3; RA 8493 §§7, 10",
        pause_events=(
            Pause(start=M.MOTION_FILED, end=M.MOTION_RESOLVED),
            Pause(start=M.ARCHIVING, end=M.REVIVAL),
            Pause(start=M.PROVISIONAL_DISMISSAL, end=M.REVIVAL),
        ),
        cancel_events=(M.DISPOSED, M.PLEA_BARGAIN),
        note="Counted from the pre-trial date (receipt of the pre-trial order is not recorded); "
        "Rule 119 §3 exclusions modelled as pending motions, archiving and provisional dismissal.",
    ),
    ClockRule(
        rule_id="TRIAL_TOTAL",
        title="Trial completed (case submitted) within 180 days",
        scope=ClockScope.ACCUSED,
        start_event=M.TRIAL_STARTED,
        stop_events=(M.SUBMISSION, M.DISPOSED),
        limit=180,
        unit=ClockUnit.DAYS,
        strength=Strength.BINDING,
        legal_source="Rule 119 §2; RA 8493 §6",
        note="No statutory pauses; only the Supreme Court may authorise a longer period.",
    ),
    ClockRule(
        rule_id="TIP_DECIDE_180",
        title="RA 9208 case heard and decided within 180 days of arraignment",
        scope=ClockScope.ACCUSED,
        start_event=M.ARRAIGNMENT,
        stop_events=(M.JUDGMENT,),
        limit=180,
        unit=ClockUnit.DAYS,
        strength=Strength.ADVISORY,
        legal_source="OCA Circular No. 151-2010 (26 Oct 2010)",
        effective_from=OCA_151_2010,
        cancel_events=(M.DISMISSED,),
        conditions=(Condition.TIP_CASE,),
        note="Administrative directive for RA 9208 cases raffled after 26 Oct 2010 (arraignment date used).",
    ),
    ClockRule(
        rule_id="DECISION_DUE",
        title="Decision promulgated within 90 days of submission",
        scope=ClockScope.ACCUSED,
        start_event=M.SUBMISSION,
        stop_events=(M.JUDGMENT,),
        limit=90,
        unit=ClockUnit.CALENDAR_DAYS,
        strength=Strength.BINDING,
        legal_source="A.M. No. 15-06-10-SC III.14, III.16; Administrative Circular 28-1989",
        cancel_events=(M.DISMISSED,),
        note="Memoranda do not suspend it.",
    ),
    ClockRule(
        rule_id="ARCHIVE_ELIGIBLE",
        title="Accused at large 6 months after the warrant: archiving allowed",
        scope=ClockScope.ACCUSED,
        start_event=M.WARRANT_ISSUED,
        stop_events=(M.ARREST,),
        limit=6,
        unit=ClockUnit.MONTHS,
        strength=Strength.BINDING,
        legal_source="A.M. No. 15-06-10-SC III.6; month = 30 days (Administrative Code 1987, Bk I §31)",
        effective_from=CONTINUOUS_TRIAL_EFFECTIVE,
        cancel_events=(M.DISPOSED,),
        note="'missed' = still at large after 6 months, so the case may be archived. The warrant's issue "
        "date stands in for its delivery to the peace officer.",
    ),
    ClockRule(
        rule_id="PROV_DISMISSAL_PERMANENT",
        title="Provisional dismissal becomes permanent unless revived",
        scope=ClockScope.ACCUSED,
        start_event=M.PROVISIONAL_DISMISSAL,
        stop_events=(M.REVIVAL,),
        limit=1,
        unit=ClockUnit.YEARS,
        strength=Strength.BINDING,
        legal_source="Rule 117 §8; A.M. No. 15-06-10-SC III.7; year = 12 calendar months (Admin. Code Bk I §31)",
        extensions=(Extension(add=1, condition=Condition.PENALTY_OVER_6_YEARS),),
        note="1 year if the penalty is at most 6 years (or a fine), 2 years if more. 'missed' = now permanent.",
    ),
    ClockRule(
        rule_id="APPEAL",
        title="Notice of appeal from a judgment of conviction",
        scope=ClockScope.ACCUSED,
        start_event=M.CONVICTION_PROMULGATED,
        stop_events=(M.APPEAL_FILED,),
        limit=15,
        unit=ClockUnit.DAYS,
        strength=Strength.BINDING,
        legal_source="Rule 122 §6; Yu v. Samson-Tatad, G.R. No. 170979 (9 Feb 2011)",
        pause_events=(Pause(start=M.JUDGMENT_MR_FILED, end=M.JUDGMENT_MR_RESOLVED),),
        restart_events=(M.JUDGMENT_MR_DENIED,),
        cancel_events=(M.FINALITY,),
        note="A denied MR or new-trial motion restarts a fresh 15 days (not a pause). "
        "'missed' = the period lapsed without an appeal.",
    ),
)

RULES_BY_ID: Final[dict[str, ClockRule]] = {rule.rule_id: rule for rule in CLOCK_RULES}

#: Rules that measure a period a party may use, or after which a step becomes possible, rather than
#: a duty someone owes: running past them is not "overdue" (the appeal period lapsing, the archiving
#: window opening, a provisional dismissal becoming permanent).
WAITING_PERIOD_RULES: Final[frozenset[str]] = frozenset({"APPEAL", "ARCHIVE_ELIGIBLE", "PROV_DISMISSAL_PERMANENT"})
