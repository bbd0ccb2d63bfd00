"""Handlers for events before an Information is filed (detection to resolution)."""

from msgspec.structs import replace

from cpc_prosecution.domain.events.precourt import (
    Arrest,
    CaseBuildUp,
    Detection,
    Inquest,
    Operation,
    PreliminaryInvestigation,
    Resolution,
)
from cpc_prosecution.domain.lifecycle.kit import (
    after_case_stage,
    court_accused,
    illegal,
    invalid,
    mark,
    not_before,
    put,
    registered,
)
from cpc_prosecution.domain.lifecycle.permits import pre_court
from cpc_prosecution.domain.lifecycle.registry import transition
from cpc_prosecution.domain.milestones import Milestone as M
from cpc_prosecution.domain.offences import heaviest_band
from cpc_prosecution.domain.state import AccusedState, CaseState, MilestoneRecord
from cpc_prosecution.domain.vocab.case import (
    ArrestMode,
    Custody,
    PiBasis,
    ProsecutorOutcome,
    ResolutionDisposition,
)
from cpc_prosecution.domain.vocab.outcomes import DismissalReason
from cpc_prosecution.domain.vocab.penalties import art125_class
from cpc_prosecution.domain.vocab.stages import Stage

S = Stage

_PROSECUTOR_OUTCOME = {
    DismissalReason.INSUFFICIENT_EVIDENCE: ProsecutorOutcome.DISMISSED_AT_PI,
    DismissalReason.NO_PRIMA_FACIE_CASE_MOTU_PROPRIO: ProsecutorOutcome.DISMISSED_MOTU_PROPRIO,
    DismissalReason.RELEASED_AT_INQUEST: ProsecutorOutcome.RELEASED_AT_INQUEST,
    DismissalReason.OTHER: ProsecutorOutcome.DISMISSED_AT_PI,
}
_COURT_ARREST_STAGES = frozenset({Stage.FILED_IN_COURT, Stage.ARCHIVED})


@transition(Detection, permit=lambda s: s.detected_on is None)
def detection(state: CaseState, e: Detection) -> CaseState:
    """Open the case."""
    return replace(
        state,
        case_id=e.case_id,
        case_type=e.case_type,
        referral_source=e.referral_source,
        place_psgc=e.place_psgc,
        hotspot=registered(e, e.hotspot, "hotspot"),
        detected_on=e.occurred_on,
        precourt_stage=Stage.DETECTION,
        children_identified=e.children,
        milestones=(mark(M.DETECTION, e),),
    )


@transition(CaseBuildUp, permit=pre_court(S.DETECTION, S.CASE_BUILDUP))
def case_build_up(state: CaseState, e: CaseBuildUp) -> CaseState:
    """A build-up step."""
    after_case_stage(state, e)
    return replace(state, precourt_stage=Stage.CASE_BUILDUP)


@transition(Operation, permit=pre_court(S.DETECTION, S.CASE_BUILDUP, S.OPERATION))
def operation(state: CaseState, e: Operation) -> CaseState:
    """Rescue/entrapment; rescued children and those taken into protective custody are added."""
    after_case_stage(state, e)
    return replace(
        state,
        precourt_stage=Stage.OPERATION,
        operations=state.operations + 1,
        children_rescued=state.children_rescued.plus(e.children_rescued),
        children_in_custody=state.children_in_custody.plus(e.children_into_custody),
        milestones=(*state.milestones, mark(M.OPERATION, e)),
    )


_ARRESTABLE_CUSTODY = (Custody.AT_LARGE, Custody.RELEASED)
_WARRANTLESS_STAGES = frozenset({S.DETECTION, S.CASE_BUILDUP, S.OPERATION, S.ARREST})


def _may_arrest(s: CaseState) -> bool:
    if not s.in_court:
        return s.precourt_stage in _WARRANTLESS_STAGES
    return any(
        a.stage in _COURT_ARREST_STAGES and a.custody in (Custody.AT_LARGE, Custody.RELEASED)
        for a in s.accused.values()
    )


@transition(Arrest, permit=_may_arrest)
def arrest(state: CaseState, e: Arrest) -> CaseState:
    """Warrantless arrest before filing; after filing, arrest on the warrant or surrender."""
    if state.in_court:
        return _court_arrest(state, e)
    if e.mode is not ArrestMode.WARRANTLESS:
        raise invalid(e, "before an Information is filed only warrantless arrests happen")
    after_case_stage(state, e)
    band = heaviest_band(e.offences)
    klass = art125_class(band) if band is not None else None
    updated: list[AccusedState] = []
    new_suspects = 0
    for position in e.accused:
        acc = state.accused.get(position) or AccusedState(position=position)
        if acc.custody is Custody.DETAINED:
            raise invalid(e, f"{position} is already detained")
        new_suspects += 0 if acc.ever_arrested else 1
        updated.append(
            replace(
                acc,
                custody=Custody.DETAINED,
                custody_since=e.occurred_on,
                ever_arrested=True,
                art125_class=klass if klass is not None else acc.art125_class,
            )
        )
    marks = tuple(mark(M.WARRANTLESS_ARREST, e, p, e.occurred_at) for p in e.accused)
    return replace(
        state,
        precourt_stage=Stage.ARREST,
        accused=put(state, updated),
        suspects_arrested=state.suspects_arrested + new_suspects,
        milestones=state.milestones + marks,
    )


def _court_arrest(state: CaseState, e: Arrest) -> CaseState:
    accused = court_accused(state, e, e.accused, _COURT_ARREST_STAGES)
    updated: list[AccusedState] = []
    marks: list[MilestoneRecord] = []
    new_suspects = 0
    for acc in accused:
        if acc.custody in (Custody.DETAINED, Custody.ON_BAIL):
            raise illegal(state, e, accused=acc, detail=f"{acc.position} is already in custody")
        if e.mode is ArrestMode.ON_WARRANT:
            if acc.warrant_on is None:
                raise invalid(e, f"no warrant has issued for {acc.position}")
            not_before(e, acc.warrant_on, f"warrant for {acc.position}")
        not_before(e, acc.since, f"{acc.since_event} of {acc.position}")
        new_suspects += 0 if acc.ever_arrested else 1
        updated.append(replace(acc, custody=Custody.DETAINED, custody_since=e.occurred_on, ever_arrested=True))
        marks.append(mark(M.ARREST, e, acc.position, e.occurred_at))
        if state.raffled_on is not None and acc.stage is Stage.FILED_IN_COURT:
            marks.append(mark(M.BEFORE_COURT_DETAINED, e, acc.position))
    return replace(
        state,
        accused=put(state, updated),
        suspects_arrested=state.suspects_arrested + new_suspects,
        milestones=state.milestones + tuple(marks),
    )


@transition(Inquest, permit=pre_court(S.ARREST))
def inquest(state: CaseState, e: Inquest) -> CaseState:
    """Inquest of detained arrestees."""
    after_case_stage(state, e)
    for position in e.accused:
        acc = state.accused.get(position)
        if acc is None or acc.custody is not Custody.DETAINED:
            raise invalid(e, f"{position} was not arrested and detained")
        not_before(e, acc.custody_since, f"arrest of {position}")
    return replace(
        state,
        precourt_stage=Stage.INQUEST,
        office=registered(e, e.office, "office"),
        milestones=(*state.milestones, mark(M.INQUEST, e, None, e.occurred_at)),
    )


@transition(PreliminaryInvestigation, permit=pre_court(S.DETECTION, S.CASE_BUILDUP, S.OPERATION, S.INQUEST))
def preliminary_investigation(state: CaseState, e: PreliminaryInvestigation) -> CaseState:
    """A PI opens: on a complaint, or after inquest on a waiver or a release."""
    from_inquest = state.precourt_stage is Stage.INQUEST
    if from_inquest == (e.basis is PiBasis.COMPLAINT):
        raise invalid(e, "after an inquest a PI opens on an Art. 125 waiver or a release; otherwise on a complaint")
    after_case_stage(state, e)
    updated = [AccusedState(position=p) for p in e.respondents if p not in state.accused]
    marks: list[MilestoneRecord] = [mark(M.PI_STARTED, e)]
    detained = [a for a in state.accused.values() if a.custody is Custody.DETAINED]
    if e.basis is PiBasis.RELEASED_FOR_FURTHER_INVESTIGATION:
        updated += [replace(a, custody=Custody.RELEASED, custody_since=e.occurred_on) for a in detained]
        marks += [mark(M.RELEASE, e, a.position) for a in detained]
    elif e.basis is PiBasis.ART125_WAIVER:
        marks += [mark(M.ART125_WAIVER, e, a.position) for a in detained]
        marks.append(mark(M.PI_AFTER_WAIVER, e))
    return replace(
        state,
        precourt_stage=Stage.PRELIM_INVESTIGATION,
        office=registered(e, e.office, "office"),
        pi_offences=e.offences,
        accused=put(state, updated),
        milestones=state.milestones + tuple(marks),
    )


@transition(Resolution, permit=pre_court(S.INQUEST, S.PRELIM_INVESTIGATION))
def resolution(state: CaseState, e: Resolution) -> CaseState:
    """The prosecutor resolves to file, or dismisses (releasing anyone detained)."""
    after_case_stage(state, e)
    marks: list[MilestoneRecord] = [mark(M.RESOLUTION, e)]
    if e.disposition is ResolutionDisposition.FILE_INFORMATION:
        return replace(
            state,
            precourt_stage=Stage.RESOLUTION,
            resolution=e.disposition,
            milestones=state.milestones + tuple(marks),
        )
    assert e.dismissal_reason is not None  # guaranteed by Resolution.__post_init__
    detained = [a for a in state.accused.values() if a.custody is Custody.DETAINED]
    marks += [mark(M.RELEASE, e, a.position) for a in detained]
    return replace(
        state,
        precourt_stage=Stage.DISMISSED,
        resolution=e.disposition,
        prosecutor_outcome=_PROSECUTOR_OUTCOME[e.dismissal_reason],
        accused=put(state, [replace(a, custody=Custody.RELEASED, custody_since=e.occurred_on) for a in detained]),
        milestones=state.milestones + tuple(marks),
    )
