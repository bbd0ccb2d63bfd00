"""Handlers for judgment and after: promulgation, motions, appeal, finality."""

from collections.abc import Iterable

from msgspec.structs import replace

from cpc_prosecution.domain.events.facts import FactEvent
from cpc_prosecution.domain.events.judgment import (
    Appeal,
    AppellateDecision,
    CountJudgment,
    Finality,
    MotionFiled,
    MotionRuling,
    Promulgation,
)
from cpc_prosecution.domain.lifecycle.kit import (
    after_accused,
    after_case_stage,
    court_accused,
    enter,
    illegal,
    invalid,
    mark,
    moved,
    not_before,
    put,
)
from cpc_prosecution.domain.lifecycle.permits import (
    MOTION_ACCUSED_STAGES,
    MOTION_CASE_STAGES,
    any_accused,
    motion_allowed,
)
from cpc_prosecution.domain.lifecycle.registry import transition
from cpc_prosecution.domain.milestones import Milestone as M
from cpc_prosecution.domain.offences import offence
from cpc_prosecution.domain.state import AccusedState, CaseState, CountRecord, MilestoneRecord, PendingMotion
from cpc_prosecution.domain.types import position_number
from cpc_prosecution.domain.vocab.court import AppellateCourt, AppellateOutcome, MotionKind, MotionRulingKind, PleaKind
from cpc_prosecution.domain.vocab.outcomes import CONVICTIONS, CountOutcome
from cpc_prosecution.domain.vocab.penalties import PENALTY_ORDER
from cpc_prosecution.domain.vocab.stages import Stage

Outcome = CountOutcome
#: Which judgments each stage allows (before trial only on a guilty plea to every count).
JUDGMENT_BY_STAGE: dict[Stage, frozenset[CountOutcome]] = {
    Stage.ARRAIGNMENT: frozenset({Outcome.CONVICTED_AS_CHARGED}),
    Stage.PRE_TRIAL: frozenset({Outcome.CONVICTED_AS_CHARGED}),
    Stage.PLEA_BARGAIN: frozenset({Outcome.CONVICTED_LESSER_OFFENSE_PLEA, Outcome.DISMISSED}),
    Stage.TRIAL: frozenset({Outcome.ACQUITTED_ON_DEMURRER}),
    Stage.DECISION: frozenset(
        {Outcome.CONVICTED_AS_CHARGED, Outcome.CONVICTED_LESSER_OFFENSE_AFTER_TRIAL, Outcome.ACQUITTED}
    ),
}
_JUDGEABLE = frozenset(JUDGMENT_BY_STAGE)
_SPECIFIC_MOTION = {
    MotionKind.MOTION_TO_QUASH: (M.MOTION_TO_QUASH_FILED, M.MOTION_TO_QUASH_RESOLVED),
    MotionKind.BILL_OF_PARTICULARS: (M.BILL_OF_PARTICULARS_FILED, M.BILL_OF_PARTICULARS_RESOLVED),
    MotionKind.PETITION_FOR_REVIEW_DOJ: (M.DOJ_REVIEW_FILED, M.DOJ_REVIEW_RESOLVED),
}
_AGAINST_JUDGMENT = frozenset({MotionKind.RECONSIDERATION, MotionKind.NEW_TRIAL})
_POST_JUDGMENT = frozenset({Stage.POST_JUDGMENT})


@transition(Promulgation, permit=any_accused(*_JUDGEABLE))
def promulgation(state: CaseState, e: Promulgation) -> CaseState:
    """Judgment on every count of each accused named; convicts stay open for appeal, others are final."""
    updated: list[AccusedState] = []
    marks: list[MilestoneRecord] = []
    for position in e.accused_positions():
        (acc,) = court_accused(state, e, (position,), _JUDGEABLE)
        after_accused(e, [acc])
        judgments = {j.count_no: j for j in e.judgments if j.accused == position}
        if set(judgments) != {c.count_no for c in acc.counts}:
            raise invalid(e, f"the judgment must cover each count of {position}, and only those")
        stage = acc.stage
        assert stage is not None
        if stage in (Stage.ARRAIGNMENT, Stage.PRE_TRIAL) and any(c.plea is not PleaKind.GUILTY for c in acc.counts):
            raise illegal(state, e, accused=acc, detail="judgment before trial needs a guilty plea to every count")
        counts = tuple(_judged(state, e, acc, stage, c, judgments[c.count_no]) for c in acc.counts)
        convicted = any(c.outcome in CONVICTIONS for c in counts)
        if convicted:
            updated.append(enter(acc, Stage.POST_JUDGMENT, e, counts=counts, disposed_on=e.occurred_on))
            marks.append(mark(M.CONVICTION_PROMULGATED, e, position))
        else:
            updated.append(enter(acc, Stage.FINAL, e, counts=counts, disposed_on=e.occurred_on, final_on=e.occurred_on))
            marks.append(mark(M.FINALITY, e, position))
        marks += [mark(M.JUDGMENT, e, position), mark(M.DISPOSED, e, position)]
    return replace(state, accused=put(state, updated), milestones=state.milestones + tuple(marks))


def _judged(
    state: CaseState, e: Promulgation, acc: AccusedState, stage: Stage, count: CountRecord, j: CountJudgment
) -> CountRecord:
    if j.outcome not in JUDGMENT_BY_STAGE[stage]:
        raise illegal(state, e, accused=acc, detail=f"{j.outcome} is not a judgment possible at {stage}")
    if j.outcome is Outcome.CONVICTED_LESSER_OFFENSE_PLEA and not (count.bargained and count.plea_to == j.convicted_of):
        raise invalid(e, f"count {count.count_no}: the plea bargain of {acc.position} was to {count.plea_to}")
    if j.outcome is Outcome.DISMISSED and not (count.bargained and count.plea_to is None):
        raise invalid(e, f"count {count.count_no} of {acc.position} was not dropped under the plea bargain")
    if j.outcome is Outcome.CONVICTED_LESSER_OFFENSE_AFTER_TRIAL:
        assert j.convicted_of is not None
        lesser, charged = offence(j.convicted_of).penalty_band, offence(count.offence).penalty_band
        if j.convicted_of == count.offence or PENALTY_ORDER[lesser] > PENALTY_ORDER[charged]:
            raise invalid(e, f"count {count.count_no}: {j.convicted_of} is not lesser than {count.offence}")
    if j.outcome is Outcome.ACQUITTED_ON_DEMURRER:
        if acc.demurrer_granted_on is None:
            raise invalid(e, f"no demurrer to evidence of {acc.position} was granted")
        not_before(e, acc.demurrer_granted_on, f"demurrer ruling for {acc.position}")
    return replace(
        count,
        outcome=j.outcome,
        sentence_band=j.sentence_band,
        convicted_of=j.convicted_of,
        dismissal_reason=j.dismissal_reason,
    )


@transition(MotionFiled, permit=lambda s: any(motion_allowed(s, kind) for kind in MotionKind))
def motion_filed(state: CaseState, e: MotionFiled) -> CaseState:
    """A motion opens; some pause clocks (motion to quash, bill of particulars, DOJ review, MR)."""
    accused: list[AccusedState] = []
    if e.accused:
        accused = court_accused(state, e, e.accused, MOTION_ACCUSED_STAGES[e.kind])
        after_accused(e, accused)
    elif state.stage not in MOTION_CASE_STAGES.get(e.kind, frozenset()):
        raise illegal(state, e, detail=f"{e.kind} must name the accused it concerns at this stage")
    else:
        after_case_stage(state, e)
        not_before(e, state.case_motion_ruled_on, "motion_ruling (case)")
    key = _sorted(e.accused)
    if any(p.kind is e.kind and p.accused == key for p in state.pending_motions):
        raise invalid(e, f"a {e.kind} for {_who(key)} is already pending")
    scopes: list[str | None] = list(key) or [None]
    marks = [mark(M.MOTION_FILED, e, p) for p in scopes]
    if e.kind in _SPECIFIC_MOTION:
        marks += [mark(_SPECIFIC_MOTION[e.kind][0], e, p) for p in scopes]
    if e.kind in _AGAINST_JUDGMENT and accused:
        marks += [mark(M.JUDGMENT_MR_FILED, e, a.position) for a in accused]
    pending = PendingMotion(kind=e.kind, accused=key, filed_on=e.occurred_on)
    return replace(state, pending_motions=(*state.pending_motions, pending), milestones=state.milestones + tuple(marks))


@transition(MotionRuling, permit=lambda s: bool(s.pending_motions))
def motion_ruling(state: CaseState, e: MotionRuling) -> CaseState:
    """A pending motion is ruled on; a granted demurrer or new trial changes the accused's course."""
    key = _sorted(e.accused)
    match = next((p for p in state.pending_motions if p.kind is e.kind and p.accused == key), None)
    if match is None:
        raise invalid(e, f"no {e.kind} for {_who(key)} is pending")
    not_before(e, match.filed_on, f"motion_filed ({e.kind})")
    scopes: list[str | None] = list(key) or [None]
    marks = [mark(M.MOTION_RESOLVED, e, p) for p in scopes]
    if e.kind in _SPECIFIC_MOTION:
        marks += [mark(_SPECIFIC_MOTION[e.kind][1], e, p) for p in scopes]
    updated: list[AccusedState] = []
    granted = e.ruling is MotionRulingKind.GRANTED
    for position in key:
        acc = moved(state.accused[position], e)
        if e.kind in _AGAINST_JUDGMENT and acc.stage is Stage.POST_JUDGMENT:
            marks.append(mark(M.JUDGMENT_MR_RESOLVED, e, position))
            if e.ruling is MotionRulingKind.DENIED:
                marks.append(mark(M.JUDGMENT_MR_DENIED, e, position))
        if granted and e.kind in (MotionKind.DEMURRER_TO_EVIDENCE, MotionKind.NEW_TRIAL):
            after_accused(e, [state.accused[position]])
        if granted and e.kind is MotionKind.DEMURRER_TO_EVIDENCE:
            if acc.stage is not Stage.TRIAL:
                raise illegal(state, e, accused=acc, detail="a demurrer is granted during trial")
            acc = replace(acc, demurrer_granted_on=e.occurred_on)
        elif granted and e.kind is MotionKind.NEW_TRIAL:
            if acc.stage is not Stage.POST_JUDGMENT or acc.appeal_pending is not None:
                raise illegal(state, e, accused=acc, detail="a new trial is granted before any appeal")
            acc = _back_to_trial(acc, e)
        updated.append(acc)
    return replace(
        state,
        case_motion_ruled_on=state.case_motion_ruled_on if key else e.occurred_on,
        pending_motions=tuple(p for p in state.pending_motions if p is not match),
        accused=put(state, updated),
        milestones=state.milestones + tuple(marks),
    )


def _back_to_trial(acc: AccusedState, e: FactEvent, **changes: object) -> AccusedState:
    counts = tuple(
        replace(c, outcome=None, sentence_band=None, convicted_of=None, dismissal_reason=None) for c in acc.counts
    )
    return enter(acc, Stage.TRIAL, e, counts=counts, disposed_on=None, demurrer_granted_on=None, **changes)


def _may_appeal(s: CaseState) -> bool:
    return any(a.stage is Stage.POST_JUDGMENT and a.appeal_pending is None for a in s.accused.values())


@transition(Appeal, permit=_may_appeal)
def appeal(state: CaseState, e: Appeal) -> CaseState:
    """Notice of appeal: to the CA from the RTC, then to the SC from the CA."""
    accused = court_accused(state, e, e.accused, _POST_JUDGMENT)
    after_accused(e, accused)
    for acc in accused:
        _no_motion_against_judgment(state, e, acc)
        if acc.appeal_pending is not None:
            raise invalid(e, f"an appeal of {acc.position} is already pending")
        needed = None if e.forum is AppellateCourt.CA else AppellateCourt.CA
        if acc.last_appellate_court is not needed:
            raise invalid(e, f"an appeal to the {e.forum} does not lie from where {acc.position}'s case stands")
    return replace(
        state,
        accused=put(state, [moved(a, e, appeal_pending=e.forum) for a in accused]),
        appeals_filed=state.appeals_filed + len(accused),
        milestones=state.milestones + tuple(mark(M.APPEAL_FILED, e, a.position) for a in accused),
    )


@transition(AppellateDecision, permit=lambda s: any(a.appeal_pending is not None for a in s.accused.values()))
def appellate_decision(state: CaseState, e: AppellateDecision) -> CaseState:
    """Affirmed or modified (judgment stands), reversed (acquitted, final), remanded (back to trial)."""
    updated: list[AccusedState] = []
    marks: list[MilestoneRecord] = []
    for position in e.accused:
        acc = state.accused.get(position)
        if acc is None or acc.appeal_pending is not e.forum:
            raise invalid(e, f"no appeal of {position} is pending before the {e.forum}")
        after_accused(e, [acc])
        marks.append(mark(M.APPELLATE_DECISION, e, position))
        if e.outcome is AppellateOutcome.REVERSED:
            counts = tuple(
                replace(c, outcome=Outcome.ACQUITTED, sentence_band=None, convicted_of=None)
                if c.outcome in CONVICTIONS
                else c
                for c in acc.counts
            )
            fields = {"appeal_pending": None, "last_appellate_court": e.forum, "appellate_outcome": e.outcome}
            updated.append(enter(acc, Stage.FINAL, e, counts=counts, final_on=e.occurred_on, **fields))
            marks.append(mark(M.FINALITY, e, position))
        elif e.outcome is AppellateOutcome.REMANDED:
            updated.append(
                _back_to_trial(acc, e, appeal_pending=None, last_appellate_court=None, appellate_outcome=e.outcome)
            )
        else:
            counts = acc.counts
            if e.sentence_band is not None:
                counts = tuple(
                    replace(c, sentence_band=e.sentence_band) if c.outcome in CONVICTIONS else c for c in counts
                )
            updated.append(
                moved(
                    acc,
                    e,
                    counts=counts,
                    appeal_pending=None,
                    last_appellate_court=e.forum,
                    appellate_outcome=e.outcome,
                )
            )
    reversed_now = len(e.accused) if e.outcome is AppellateOutcome.REVERSED else 0
    remanded_now = len(e.accused) if e.outcome is AppellateOutcome.REMANDED else 0
    return replace(
        state,
        accused=put(state, updated),
        appeals_reversed=state.appeals_reversed + reversed_now,
        remands=state.remands + remanded_now,
        milestones=state.milestones + tuple(marks),
    )


@transition(Finality, permit=_may_appeal)
def finality(state: CaseState, e: Finality) -> CaseState:
    """The judgment of conviction became final."""
    accused = court_accused(state, e, e.accused, _POST_JUDGMENT)
    for acc in accused:
        _no_motion_against_judgment(state, e, acc)
        if acc.appeal_pending is not None:
            raise invalid(e, f"an appeal of {acc.position} is still pending")
    after_accused(e, accused)
    return replace(
        state,
        accused=put(state, [enter(a, Stage.FINAL, e, final_on=e.occurred_on) for a in accused]),
        milestones=state.milestones + tuple(mark(M.FINALITY, e, a.position) for a in accused),
    )


def _no_motion_against_judgment(state: CaseState, e: FactEvent, acc: AccusedState) -> None:
    """A judgment is not final, nor appealed, while an MR or new-trial motion against it is pending."""
    for motion in state.pending_motions:
        if motion.kind in _AGAINST_JUDGMENT and acc.position in motion.accused:
            raise invalid(e, f"a {motion.kind} of {acc.position} against the judgment is pending")


def _sorted(positions: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(positions, key=position_number))


def _who(key: tuple[str, ...]) -> str:
    return ", ".join(key) if key else "the case"
