"""`CaseSummary`: one flat row per case, derived from the state alone; the row metrics aggregate.

Scalars only (strings, codes, ints, bools, dates), so it maps to one SQL row. Children appear as
counts by sex and age band; accused as counts by outcome; nothing identifies a person.
"""

import datetime as dt
from sys import intern
from typing import Any

import msgspec

from cpc_prosecution.domain.offence_groups import OffenceGroup
from cpc_prosecution.domain.reference import CourtDesignation, JudicialRegion
from cpc_prosecution.domain.state import CaseState
from cpc_prosecution.domain.summary_counts import metric_counts
from cpc_prosecution.domain.summary_periods import period_fields
from cpc_prosecution.domain.summary_rules import accused_outcome, case_outcome, closing_dates
from cpc_prosecution.domain.summary_tallies import accused_tallies, children_fields
from cpc_prosecution.domain.vocab.case import CaseType, ProsecutorOutcome, ReferralSource
from cpc_prosecution.domain.vocab.outcomes import CaseOutcome
from cpc_prosecution.domain.vocab.stages import Stage
from cpc_prosecution.domain.vocab.victims import ChildWitnessMeasure as W
from cpc_prosecution.domain.vocab.victims import VictimService as V

Day = dt.date | None


class CaseSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Flat per-case record. Field groups: reference, status, stage first dates, key dates,
    accused and counts by outcome, trial, children, child witnesses, services, bookkeeping."""

    case_id: str
    case_type: CaseType
    referral_source: ReferralSource
    place_psgc: str
    hotspot_id: str | None
    hotspot_psgc: str | None
    office_id: str | None
    office_psgc: str | None
    court_id: str | None
    court_judicial_region: JudicialRegion | None
    court_station_psgc: str | None
    court_designation: CourtDesignation | None
    heaviest_offence: str | None
    """Offence code with the heaviest penalty charged in court (before filing: complained of in the PI)."""
    offence_group: OffenceGroup | None

    stage: Stage
    prosecutor_outcome: ProsecutorOutcome | None
    case_outcome: CaseOutcome
    disposed: bool
    archived: bool
    provisionally_dismissed: bool
    refilings: int
    transfers: int
    last_refiled_on: Day
    revivals: int
    """Accused revived from archiving or a provisional dismissal (one per accused and revival)."""
    last_revived_on: Day
    placed_inactive_on: tuple[dt.date, ...]
    """Days the case was placed inactive: every pending accused in court archived or provisionally
    dismissed (`summary_periods`), ascending."""
    reactivated_on: tuple[dt.date, ...]
    """Days a revival made the case active again, ascending (one fewer than `placed_inactive_on` while the
    case is inactive, or when its last inactive period ended with its disposition)."""

    first_detection_on: Day
    first_case_buildup_on: Day
    first_operation_on: Day
    first_arrest_on: Day
    first_inquest_on: Day
    first_prelim_investigation_on: Day
    first_resolution_on: Day
    first_filed_in_court_on: Day
    first_archived_on: Day
    first_bail_hearing_on: Day
    first_arraignment_on: Day
    first_plea_bargain_on: Day
    first_pre_trial_on: Day
    first_trial_on: Day
    first_decision_on: Day
    first_post_judgment_on: Day
    first_final_on: Day
    first_dismissed_on: Day
    first_provisionally_dismissed_on: Day

    detected_on: dt.date
    filed_on: Day
    arraigned_on: Day
    first_conviction_on: Day
    disposed_on: Day
    """When the last open accused was disposed of by the trial court (or the PI dismissal)."""
    final_on: Day
    """When every charged accused reached a final judgment or a dismissal."""

    suspects_arrested: int
    accused_charged: int
    accused_pending: int
    accused_filed_on: tuple[Day, ...]
    """Per accused charged in court (position order): the day first charged in an Information."""
    accused_disposed_on: tuple[Day, ...]
    """Per accused charged in court (position order): the day their case ended in court, None if pending."""
    accused_inactive_of: tuple[int, ...]
    """Inactive periods of single accused: the accused (index into `accused_filed_on`) ..."""
    accused_inactive_from: tuple[dt.date, ...]
    """... the day archived or provisionally dismissed ..."""
    accused_inactive_until: tuple[Day, ...]
    """... and the day revived (None while parked, or when the period ended with their disposition)."""
    accused_detained: int
    accused_convicted: int
    accused_convicted_by_plea: int
    accused_convicted_after_trial: int
    accused_acquitted: int
    accused_acquitted_on_demurrer: int
    accused_dismissed: int
    accused_archived: int
    accused_provisionally_dismissed: int
    accused_final: int
    counts_charged: int
    counts_convicted: int
    counts_acquitted: int
    counts_dismissed: int
    counts_pending: int
    appeals_filed: int
    appeals_reversed: int
    remands: int
    accused_dismissed_lack_of_probable_cause: int
    accused_dismissed_speedy_trial_violation: int
    accused_dismissed_motion_to_quash_granted: int
    accused_dismissed_lack_of_jurisdiction: int
    accused_dismissed_death_of_accused: int
    accused_dismissed_victim_desistance: int
    accused_dismissed_information_withdrawn: int
    accused_dismissed_provisional_dismissal_lapsed: int
    accused_dismissed_other: int
    accused_sentenced_light: int
    accused_sentenced_correctional: int
    accused_sentenced_afflictive_6_12: int
    accused_sentenced_afflictive_12_20: int
    accused_sentenced_reclusion_perpetua: int
    accused_sentenced_life_imprisonment: int
    accused_sentenced_unspecified: int

    trial_settings: int
    trial_settings_held: int
    postponements: int
    trial_settings_before_trial: int
    """Trial settings until the trial began, the first held setting included (CourTools M5)."""
    postponements_before_trial: int
    postponements_absence_of_prosecutor: int
    postponements_absence_of_defence_counsel: int
    postponements_absence_of_accused: int
    postponements_accused_not_brought_from_detention: int
    postponements_absence_of_witness: int
    postponements_child_witness_unavailable: int
    postponements_judge_unavailable: int
    postponements_court_suspension_or_calamity: int
    postponements_pending_motion: int
    postponements_interpreter_unavailable: int
    postponements_live_link_equipment_failure: int
    postponements_plea_negotiation: int
    postponements_other: int

    children_girls_0_5: int
    children_girls_6_11: int
    children_girls_12_14: int
    children_girls_15_17: int
    children_boys_0_5: int
    children_boys_6_11: int
    children_boys_12_14: int
    children_boys_15_17: int
    children_total: int
    """Child victims: per cell, the larger of the count known at detection and the count rescued."""
    children_rescued: int
    custody_girls_0_5: int
    custody_girls_6_11: int
    custody_girls_12_14: int
    custody_girls_15_17: int
    custody_boys_0_5: int
    custody_boys_6_11: int
    custody_boys_12_14: int
    custody_boys_15_17: int
    children_in_custody: int
    operations: int

    child_testimonies: int
    child_testified: bool
    """A child testified, in the courtroom or not (live link, videotaped deposition): see
    `testimonies_in_courtroom` for the courtroom."""
    testimonies_in_courtroom: int
    live_link_used: int
    videotaped_deposition_used: int
    support_person_present: int
    guardian_ad_litem_appointed: int
    facilitator_appointed: int
    interpreter_used: int
    other_measures_used: int

    services_shelter_residential: int
    services_aftercare_case_management: int
    services_psychosocial_mental_health: int
    services_medical: int
    services_legal_assistance: int
    services_education: int
    services_livelihood_skills: int
    services_reintegration: int
    services_witness_protection: int
    services_victim_compensation: int
    services_total: int

    events_applied: int
    last_event_on: Day


_NAMED_MEASURES = (
    W.LIVE_LINK,
    W.VIDEOTAPED_DEPOSITION,
    W.SUPPORT_PERSON,
    W.GUARDIAN_AD_LITEM,
    W.FACILITATOR,
    W.INTERPRETER,
)


# Field names built at import are interned, as names written in the code are: `CaseSummary(**fields)`
# matches each keyword to its ~180 fields by identity first, and compares a name that is not the
# same object character by character against the fields, which made constructing the summary take
# 20 of the 50 µs `summarize` took (the same holds for the names in summary_counts and summary_tallies).
_FIRST_FIELDS = tuple((stage, intern(f"first_{stage.value.lower()}_on")) for stage in Stage)
_SERVICE_FIELDS = tuple((service, intern(f"services_{service.value.lower()}")) for service in V)


def summarize(state: CaseState) -> CaseSummary:
    """The flat summary of a folded case (raises ValueError for a case with no detection)."""
    if state.case_id is None or state.detected_on is None or state.stage is None:
        raise ValueError("cannot summarise a case that has no detection")
    assert state.case_type is not None
    assert state.referral_source is not None
    assert state.place_psgc is not None
    court = state.court_accused()
    outcomes = [accused_outcome(a) for a in court]
    disposed, disposed_on, final_on = closing_dates(state, court)
    first = state.stage_first_on
    measures = state.measures
    services = state.services
    fields: dict[str, Any] = {name: first.get(stage) for stage, name in _FIRST_FIELDS}
    fields |= children_fields(state.children_identified, state.children_rescued, state.children_in_custody)
    fields |= {name: services.get(service, 0) for service, name in _SERVICE_FIELDS}
    fields |= metric_counts(state, court, outcomes)
    fields |= accused_tallies(court, outcomes)
    fields |= period_fields(state, court)
    hotspot, office, court_ref = state.hotspot, state.office, state.court
    return CaseSummary(
        **fields,
        case_id=state.case_id,
        case_type=state.case_type,
        referral_source=state.referral_source,
        place_psgc=state.place_psgc,
        hotspot_id=hotspot.hotspot_id if hotspot else None,
        hotspot_psgc=hotspot.psgc if hotspot else None,
        office_id=office.office_id if office else None,
        office_psgc=office.psgc if office else None,
        court_id=court_ref.court_id if court_ref else None,
        court_judicial_region=court_ref.judicial_region if court_ref else None,
        court_station_psgc=court_ref.station_psgc if court_ref else None,
        court_designation=court_ref.designation if court_ref else None,
        stage=state.stage,
        prosecutor_outcome=state.prosecutor_outcome,
        case_outcome=case_outcome(state, court, outcomes),
        disposed=disposed,
        refilings=state.refilings,
        transfers=state.transfers,
        detected_on=state.detected_on,
        filed_on=state.first_filed_on,
        arraigned_on=first.get(Stage.ARRAIGNMENT),
        disposed_on=disposed_on,
        final_on=final_on,
        suspects_arrested=state.suspects_arrested,
        appeals_filed=state.appeals_filed,
        appeals_reversed=state.appeals_reversed,
        remands=state.remands,
        trial_settings=state.trial_settings,
        trial_settings_held=state.trial_settings_held,
        postponements=state.postponements,
        trial_settings_before_trial=state.trial_settings_before_trial,
        postponements_before_trial=state.postponements_before_trial,
        operations=state.operations,
        child_testimonies=state.testimonies,
        child_testified=state.testimonies > 0,
        testimonies_in_courtroom=state.testimonies_in_courtroom,
        live_link_used=measures.get(W.LIVE_LINK, 0),
        videotaped_deposition_used=measures.get(W.VIDEOTAPED_DEPOSITION, 0),
        support_person_present=measures.get(W.SUPPORT_PERSON, 0),
        guardian_ad_litem_appointed=measures.get(W.GUARDIAN_AD_LITEM, 0),
        facilitator_appointed=measures.get(W.FACILITATOR, 0),
        interpreter_used=measures.get(W.INTERPRETER, 0),
        other_measures_used=sum(n for m, n in measures.items() if m not in _NAMED_MEASURES),
        services_total=sum(services.values()),
        events_applied=state.events_applied,
        last_event_on=state.last_event_on,
    )
