"""Handlers for court events before judgment: filing to submission for decision."""

from msgspec.structs import replace

from cpc_prosecution.domain.errors import DateOrderError
from cpc_prosecution.domain.events.court import (
    Arraignment,
    BailHearing,
    BailRuling,
    ChildTestimony,
    Filing,
    PleaBargain,
    PreTrial,
    ProbableCauseDetermination,
    Raffle,
    SubmissionForDecision,
    TrialSetting,
)
from cpc_prosecution.domain.lifecycle.kit import (
    after_accused,
    after_case_stage,
    court_accused,
    dismissed,
    disposal_marks,
    enter,
    first_dates,
    illegal,
    invalid,
    mark,
    not_before,
    put,
    registered,
)
from cpc_prosecution.domain.lifecycle.permits import any_accused, pre_court
from cpc_prosecution.domain.lifecycle.registry import transition
from cpc_prosecution.domain.milestones import Milestone as M
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.state import AccusedState, CaseState, CountRecord, MilestoneRecord
from cpc_prosecution.domain.vocab.case import Custody, ProsecutorOutcome, ResolutionDisposition
from cpc_prosecution.domain.vocab.court import BailDecision, ProbableCauseFinding
from cpc_prosecution.domain.vocab.outcomes import CountOutcome, DismissalReason
from cpc_prosecution.domain.vocab.penalties import PENALTY_ORDER
from cpc_prosecution.domain.vocab.stages import BEFORE_JUDGMENT, BEFORE_SUBMISSION, Stage
from cpc_prosecution.domain.vocab.victims import OUTSIDE_COURTROOM, ChildWitnessMeasure

S = Stage

_FILED = frozenset({Stage.FILED_IN_COURT})
_IN_CUSTODY = (Custody.DETAINED, Custody.ON_BAIL)
_BEFORE_COURT = {Custody.DETAINED: M.BEFORE_COURT_DETAINED, Custody.ON_BAIL: M.BEFORE_COURT_AT_LIBERTY}
_TESTIFYING = frozenset({Stage.PRE_TRIAL, Stage.TRIAL})


_at_resolution = pre_court(S.RESOLUTION)


@transition(Filing, permit=lambda s: _at_resolution(s) and s.resolution is ResolutionDisposition.FILE_INFORMATION)
def filing(state: CaseState, e: Filing) -> CaseState:
    """The Information is filed: every accused named in a count enters FILED_IN_COURT."""
    after_case_stage(state, e)
    for count in e.counts:
        if offence(count.offence).valid_from > e.occurred_on:
            raise invalid(e, f"count {count.count_no}: {count.offence} was not yet in force")
    updated: list[AccusedState] = []
    for position in e.accused_positions():
        acc = state.accused.get(position) or AccusedState(position=position)
        if acc.stage is not None and (acc.pending or acc.stage is Stage.FINAL or acc.dismissed_with_prejudice):
            raise invalid(e, f"{position} cannot be charged again (at {acc.stage})")
        detained = acc.custody is Custody.DETAINED
        counts = tuple(CountRecord(count_no=c.count_no, offence=c.offence) for c in e.counts if position in c.accused)
        fresh = replace(
            acc,
            custody=Custody.DETAINED if detained else Custody.AT_LARGE,
            counts=counts,
            first_on={},
            resume_stage=None,
            warrant_on=None,
            archive_ground=None,
            bail_hearing_on=None,
            demurrer_granted_on=None,
            appeal_pending=None,
            last_appellate_court=None,
            appellate_outcome=None,
            dismissed_with_prejudice=None,
            disposed_on=None,
            final_on=None,
        )
        updated.append(enter(fresh, Stage.FILED_IN_COURT, e))
    marks: list[MilestoneRecord] = [mark(M.FILING, e, None, e.occurred_at)]
    if any(a.custody is Custody.DETAINED for a in updated):
        marks.append(mark(M.FILING_WITH_DETAINED, e))
    return replace(
        state,
        in_court=True,
        filed_on=e.occurred_on,
        first_filed_on=state.first_filed_on or e.occurred_on,
        raffled_on=None,
        probable_cause=None,
        probable_cause_on=None,
        prosecutor_outcome=ProsecutorOutcome.INFORMATION_FILED,
        accused=put(state, updated),
        milestones=state.milestones + tuple(marks),
    )


@transition(Raffle, permit=lambda s: s.in_court and s.raffled_on is None)
def raffle(state: CaseState, e: Raffle) -> CaseState:
    """Raffle to a branch; accused already in custody are now before the court."""
    not_before(e, state.filed_on, "filing")
    marks = [mark(M.RAFFLE, e)]
    for acc in state.accused.values():
        if acc.stage is Stage.FILED_IN_COURT and acc.custody in _BEFORE_COURT:
            marks.append(mark(_BEFORE_COURT[acc.custody], e, acc.position))
    return replace(
        state,
        court=registered(e, e.court, "court"),
        raffled_on=e.occurred_on,
        milestones=state.milestones + tuple(marks),
    )


def _may_determine_probable_cause(s: CaseState) -> bool:
    return (
        s.in_court
        and s.raffled_on is not None
        and s.probable_cause in (None, ProbableCauseFinding.MORE_EVIDENCE_REQUIRED)
        and any(a.stage is S.FILED_IN_COURT for a in s.accused.values())
    )


@transition(ProbableCauseDetermination, permit=_may_determine_probable_cause)
def probable_cause_determination(state: CaseState, e: ProbableCauseDetermination) -> CaseState:
    """FOUND issues warrants for accused at large; NOT_FOUND dismisses; or more evidence is ordered."""
    not_before(e, state.raffled_on, "raffle")
    not_before(e, state.probable_cause_on, "probable_cause_determination")
    waiting = [a for a in state.accused.values() if a.stage is Stage.FILED_IN_COURT]
    marks: list[MilestoneRecord] = []
    updated: list[AccusedState] = []
    if e.finding is ProbableCauseFinding.MORE_EVIDENCE_REQUIRED:
        marks.append(mark(M.JDPC_MORE_EVIDENCE, e))
    elif e.finding is ProbableCauseFinding.FOUND:
        marks.append(mark(M.JDPC, e))
        for acc in waiting:
            if acc.custody not in _IN_CUSTODY:
                updated.append(replace(acc, warrant_on=e.occurred_on))
                marks.append(mark(M.WARRANT_ISSUED, e, acc.position))
    else:
        marks.append(mark(M.JDPC, e))
        for acc in waiting:
            updated.append(
                dismissed(
                    acc,
                    e,
                    CountOutcome.DISMISSED_LACK_OF_PROBABLE_CAUSE,
                    DismissalReason.LACK_OF_PROBABLE_CAUSE,
                    with_prejudice=False,
                )
            )
        marks += disposal_marks(e, [a.position for a in waiting])
    return replace(
        state,
        probable_cause=e.finding,
        probable_cause_on=e.occurred_on,
        accused=put(state, updated),
        milestones=state.milestones + tuple(marks),
    )


def _may_hear_bail(s: CaseState) -> bool:
    return any(
        a.stage in BEFORE_JUDGMENT and a.custody is Custody.DETAINED and a.bail_hearing_on is None
        for a in s.accused.values()
    )


@transition(BailHearing, permit=_may_hear_bail)
def bail_hearing(state: CaseState, e: BailHearing) -> CaseState:
    """First hearing of a petition for bail by detained accused."""
    accused = court_accused(state, e, e.accused, BEFORE_JUDGMENT)
    for acc in accused:
        if acc.custody is not Custody.DETAINED:
            raise illegal(state, e, accused=acc, detail=f"{acc.position} is not detained")
        if acc.bail_hearing_on is not None:
            raise invalid(e, f"a bail petition of {acc.position} is already being heard")
        not_before(e, acc.custody_since, f"arrest of {acc.position}")
        not_before(e, acc.bail_ruled_on, f"bail_ruling of {acc.position}")
    after_accused(e, accused)
    return replace(
        state,
        accused=put(state, [replace(a, bail_hearing_on=e.occurred_on) for a in accused]),
        stage_first_on=first_dates(state.stage_first_on, Stage.BAIL_HEARING, e.occurred_on),
        milestones=state.milestones + tuple(mark(M.BAIL_HEARING, e, a.position) for a in accused),
    )


@transition(BailRuling, permit=lambda s: any(a.bail_hearing_on is not None for a in s.accused.values()))
def bail_ruling(state: CaseState, e: BailRuling) -> CaseState:
    """Bail granted (the accused is then on bail) or denied."""
    updated: list[AccusedState] = []
    for position in e.accused:
        acc = state.accused.get(position)
        if acc is None or acc.bail_hearing_on is None:
            raise invalid(e, f"no bail petition of {position} is being heard")
        not_before(e, acc.bail_hearing_on, f"bail_hearing of {position}")
        if e.decision is BailDecision.GRANTED:
            acc = replace(acc, custody=Custody.ON_BAIL, custody_since=e.occurred_on)
        updated.append(replace(acc, bail_hearing_on=None, bail_ruled_on=e.occurred_on))
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + tuple(mark(M.BAIL_RULING, e, p) for p in e.accused),
    )


def _may_arraign(s: CaseState) -> bool:
    return s.probable_cause is ProbableCauseFinding.FOUND and any(
        a.stage is S.FILED_IN_COURT and a.custody in _IN_CUSTODY for a in s.accused.values()
    )


@transition(Arraignment, permit=_may_arraign)
def arraignment(state: CaseState, e: Arraignment) -> CaseState:
    """Accused in the court's custody plead to every one of their counts."""
    accused = court_accused(state, e, e.accused_positions(), _FILED)
    updated: list[AccusedState] = []
    for acc in accused:
        if acc.custody not in _IN_CUSTODY:
            raise illegal(state, e, accused=acc, detail=f"{acc.position} is at large: arrest or surrender first")
        pleas = {p.count_no: p.plea for p in e.pleas if p.accused == acc.position}
        if set(pleas) != {c.count_no for c in acc.counts}:
            raise invalid(e, f"{acc.position} must plead to each of their counts, and only those")
        not_before(e, acc.custody_since, f"arrest of {acc.position}")
        not_before(e, state.probable_cause_on, "probable_cause_determination")
        counts = tuple(replace(c, plea=pleas[c.count_no]) for c in acc.counts)
        updated.append(enter(acc, Stage.ARRAIGNMENT, e, counts=counts))
    after_accused(e, accused)
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + tuple(mark(M.ARRAIGNMENT, e, a.position) for a in accused),
    )


@transition(PleaBargain, permit=any_accused(S.ARRAIGNMENT, S.PRE_TRIAL))
def plea_bargain(state: CaseState, e: PleaBargain) -> CaseState:
    """Plea to lesser offences (or counts dropped) under an approved agreement; judgment follows."""
    (acc,) = court_accused(state, e, (e.accused,), frozenset({Stage.ARRAIGNMENT, Stage.PRE_TRIAL}))
    after_accused(e, [acc])
    by_count = {p.count_no: p.plea_to for p in e.pleas}
    if set(by_count) != {c.count_no for c in acc.counts}:
        raise invalid(e, f"a plea bargain covers each count of {acc.position}, and only those")
    for count in acc.counts:
        lesser = by_count[count.count_no]
        if lesser is not None and not _lesser(lesser, count.offence):
            raise invalid(e, f"count {count.count_no}: {lesser} is not lesser than {count.offence}")
    counts = tuple(replace(c, bargained=True, plea_to=by_count[c.count_no]) for c in acc.counts)
    return replace(
        state,
        accused=put(state, [enter(acc, Stage.PLEA_BARGAIN, e, counts=counts)]),
        milestones=(*state.milestones, mark(M.PLEA_BARGAIN, e, acc.position)),
    )


def _lesser(lesser: str, charged: str) -> bool:
    return lesser != charged and (
        PENALTY_ORDER[offence(lesser).penalty_band] <= PENALTY_ORDER[offence(charged).penalty_band]
    )


@transition(PreTrial, permit=any_accused(S.ARRAIGNMENT))
def pre_trial(state: CaseState, e: PreTrial) -> CaseState:
    """Pre-trial held for arraigned accused."""
    accused = court_accused(state, e, e.accused, frozenset({Stage.ARRAIGNMENT}))
    after_accused(e, accused)
    return replace(
        state,
        accused=put(state, [enter(a, Stage.PRE_TRIAL, e) for a in accused]),
        milestones=state.milestones + tuple(mark(M.PRE_TRIAL, e, a.position) for a in accused),
    )


@transition(TrialSetting, permit=any_accused(S.PRE_TRIAL, S.TRIAL))
def trial_setting(state: CaseState, e: TrialSetting) -> CaseState:
    """A trial setting; the first one held moves the accused from pre-trial to trial."""
    accused = court_accused(state, e, e.accused, _TESTIFYING)
    after_accused(e, accused)
    updated: list[AccusedState] = []
    marks: list[MilestoneRecord] = []
    if e.held:
        for acc in accused:
            if acc.stage is Stage.PRE_TRIAL:
                updated.append(enter(acc, Stage.TRIAL, e))
                marks.append(mark(M.TRIAL_STARTED, e, acc.position))
    by_reason = state.postponements_by_reason
    # CourTools M5 counts the settings until the trial begins (the first held one included).
    before_trial = Stage.TRIAL not in state.stage_first_on
    if e.postponement_reason is not None:
        by_reason = {**by_reason, e.postponement_reason: by_reason.get(e.postponement_reason, 0) + 1}
    return replace(
        state,
        accused=put(state, updated),
        trial_settings=state.trial_settings + 1,
        trial_settings_held=state.trial_settings_held + (1 if e.held else 0),
        postponements=state.postponements + (0 if e.held else 1),
        trial_settings_before_trial=state.trial_settings_before_trial + before_trial,
        postponements_before_trial=state.postponements_before_trial + (before_trial and not e.held),
        postponements_by_reason=by_reason,
        milestones=state.milestones + tuple(marks),
    )


_before_submission = any_accused(*BEFORE_SUBMISSION)


@transition(ChildTestimony, permit=lambda s: s.in_court and _before_submission(s))
def child_testimony(state: CaseState, e: ChildTestimony) -> CaseState:
    """A child testified (in pre-trial or trial, or earlier by videotaped deposition)."""
    deposition = ChildWitnessMeasure.VIDEOTAPED_DEPOSITION in e.measures
    stages = BEFORE_SUBMISSION if deposition else _TESTIFYING
    eligible = [a for a in state.accused.values() if a.stage in stages]
    if not eligible:
        raise illegal(state, e, detail="a child testifies at pre-trial or trial, or earlier by videotaped deposition")
    floor = min(a.since for a in eligible if a.since is not None)
    if e.occurred_on < floor:
        raise DateOrderError(
            event_type="child_testimony",
            occurred_on=e.occurred_on,
            depends_on="the earliest accused entering " + ("court" if deposition else "pre-trial or trial"),
            depends_on_date=floor,
        )
    measures = dict(state.measures)
    for measure in e.measures:
        measures[measure] = measures.get(measure, 0) + 1
    in_courtroom = not OUTSIDE_COURTROOM.intersection(e.measures)
    return replace(
        state,
        testimonies=state.testimonies + 1,
        testimonies_in_courtroom=state.testimonies_in_courtroom + (1 if in_courtroom else 0),
        measures=measures,
    )


@transition(SubmissionForDecision, permit=any_accused(S.TRIAL))
def submission_for_decision(state: CaseState, e: SubmissionForDecision) -> CaseState:
    """Trial over for these accused; the 90-day decision clock starts."""
    accused = court_accused(state, e, e.accused, frozenset({Stage.TRIAL}))
    after_accused(e, accused)
    return replace(
        state,
        accused=put(state, [enter(a, Stage.DECISION, e) for a in accused]),
        milestones=state.milestones + tuple(mark(M.SUBMISSION, e, a.position) for a in accused),
    )
