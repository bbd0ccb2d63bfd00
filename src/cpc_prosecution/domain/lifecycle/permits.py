"""Which event types the case allows next: one predicate per event tag (the transition table).

`evolve` refuses an event whose predicate is false with `IllegalTransition`, naming the current
stage and `allowed_events(state)`. A true predicate means "some event of this type can apply";
the handler then checks the details (which accused, which counts) itself.
"""

from collections.abc import Callable
from typing import Final

from cpc_prosecution.domain.state import CaseState
from cpc_prosecution.domain.vocab.case import Custody, ResolutionDisposition
from cpc_prosecution.domain.vocab.court import MotionKind, ProbableCauseFinding
from cpc_prosecution.domain.vocab.stages import (
    BEFORE_JUDGMENT,
    BEFORE_SUBMISSION,
    SIDE_STAGES,
    TERMINAL_STAGES,
    Stage,
)

S = Stage
Predicate = Callable[[CaseState], bool]


def _pre_court(*stages: Stage) -> Predicate:
    allowed = frozenset(stages)
    return lambda s: not s.in_court and s.precourt_stage in allowed


def _any_accused(*stages: Stage) -> Predicate:
    allowed = frozenset(stages)
    return lambda s: any(a.stage in allowed for a in s.accused.values())


def _open(s: CaseState) -> bool:
    return s.detected_on is not None and s.stage not in TERMINAL_STAGES


def _arrest(s: CaseState) -> bool:
    if not s.in_court:
        return s.precourt_stage in _WARRANTLESS_STAGES
    return any(
        a.stage in _ARRESTABLE_STAGES and a.custody in (Custody.AT_LARGE, Custody.RELEASED) for a in s.accused.values()
    )


_WARRANTLESS_STAGES = frozenset({S.DETECTION, S.CASE_BUILDUP, S.OPERATION, S.ARREST})
_ARRESTABLE_STAGES = frozenset({S.FILED_IN_COURT, S.ARCHIVED})


def _probable_cause(s: CaseState) -> bool:
    return (
        s.in_court
        and s.raffled_on is not None
        and s.probable_cause in (None, ProbableCauseFinding.MORE_EVIDENCE_REQUIRED)
        and any(a.stage is S.FILED_IN_COURT for a in s.accused.values())
    )


def _arraignment(s: CaseState) -> bool:
    return s.probable_cause is ProbableCauseFinding.FOUND and any(
        a.stage is S.FILED_IN_COURT and a.custody in (Custody.DETAINED, Custody.ON_BAIL) for a in s.accused.values()
    )


def _bail_hearing(s: CaseState) -> bool:
    return any(
        a.stage in BEFORE_JUDGMENT and a.custody is Custody.DETAINED and a.bail_hearing_on is None
        for a in s.accused.values()
    )


def _appeal(s: CaseState) -> bool:
    return any(a.stage is S.POST_JUDGMENT and a.appeal_pending is None for a in s.accused.values())


def _motion_filed(s: CaseState) -> bool:
    return any(motion_allowed(s, kind) for kind in MotionKind)


#: Accused stages at which a motion of each kind may be filed for that accused.
MOTION_ACCUSED_STAGES: Final[dict[MotionKind, frozenset[Stage]]] = {
    MotionKind.MOTION_TO_QUASH: frozenset({S.FILED_IN_COURT}),
    MotionKind.BILL_OF_PARTICULARS: frozenset({S.FILED_IN_COURT}),
    MotionKind.PETITION_FOR_REVIEW_DOJ: frozenset({S.FILED_IN_COURT}),
    MotionKind.REINVESTIGATION: frozenset({S.FILED_IN_COURT}),
    MotionKind.INHIBITION: BEFORE_JUDGMENT,
    MotionKind.DEMURRER_TO_EVIDENCE: frozenset({S.TRIAL}),
    MotionKind.RECONSIDERATION: frozenset({S.POST_JUDGMENT}),
    MotionKind.NEW_TRIAL: frozenset({S.POST_JUDGMENT}),
}
#: Case stages at which a motion of each kind may be filed without naming an accused.
MOTION_CASE_STAGES: Final[dict[MotionKind, frozenset[Stage]]] = {
    MotionKind.RECONSIDERATION: frozenset({S.RESOLUTION, S.DISMISSED}),
    MotionKind.PETITION_FOR_REVIEW_DOJ: frozenset({S.RESOLUTION, S.DISMISSED}),
    MotionKind.INHIBITION: BEFORE_JUDGMENT,
}


def motion_allowed(s: CaseState, kind: MotionKind) -> bool:
    """Whether a motion of `kind` could be filed now (for the case or for some accused)."""
    if s.stage in MOTION_CASE_STAGES.get(kind, frozenset()):
        return True
    stages = MOTION_ACCUSED_STAGES[kind]
    return any(a.stage in stages for a in s.accused.values())


# Built once: the predicates below would otherwise build them (and their frozensets) on every call.
_at_resolution = _pre_court(S.RESOLUTION)
_before_submission = _any_accused(*BEFORE_SUBMISSION)

#: The transition table: event tag -> "can an event of this type apply now?".
PERMITS: Final[dict[str, Predicate]] = {
    "detection": lambda s: s.detected_on is None,
    "case_build_up": _pre_court(S.DETECTION, S.CASE_BUILDUP),
    "operation": _pre_court(S.DETECTION, S.CASE_BUILDUP, S.OPERATION),
    "arrest": _arrest,
    "inquest": _pre_court(S.ARREST),
    "preliminary_investigation": _pre_court(S.DETECTION, S.CASE_BUILDUP, S.OPERATION, S.INQUEST),
    "resolution": _pre_court(S.INQUEST, S.PRELIM_INVESTIGATION),
    "filing": lambda s: _at_resolution(s) and s.resolution is ResolutionDisposition.FILE_INFORMATION,
    "raffle": lambda s: s.in_court and s.raffled_on is None,
    "probable_cause_determination": _probable_cause,
    "bail_hearing": _bail_hearing,
    "bail_ruling": lambda s: any(a.bail_hearing_on is not None for a in s.accused.values()),
    "arraignment": _arraignment,
    "plea_bargain": _any_accused(S.ARRAIGNMENT, S.PRE_TRIAL),
    "pre_trial": _any_accused(S.ARRAIGNMENT),
    "trial_setting": _any_accused(S.PRE_TRIAL, S.TRIAL),
    "child_testimony": lambda s: s.in_court and _before_submission(s),
    "submission_for_decision": _any_accused(S.TRIAL),
    "promulgation": _any_accused(S.ARRAIGNMENT, S.PRE_TRIAL, S.PLEA_BARGAIN, S.TRIAL, S.DECISION),
    "motion_filed": _motion_filed,
    "motion_ruling": lambda s: bool(s.pending_motions),
    "appeal": _appeal,
    "appellate_decision": lambda s: any(a.appeal_pending is not None for a in s.accused.values()),
    "finality": _appeal,
    "archiving": _any_accused(*BEFORE_SUBMISSION),
    "revival": _any_accused(*SIDE_STAGES),
    "provisional_dismissal": _any_accused(*BEFORE_SUBMISSION),
    "permanent_dismissal": _any_accused(S.PROVISIONALLY_DISMISSED),
    "information_withdrawal": _any_accused(*BEFORE_SUBMISSION),
    "dismissal": _any_accused(*BEFORE_JUDGMENT),
    "refiling": lambda s: s.refileable,
    "transfer": _open,
    "services_delivered": lambda s: s.detected_on is not None,
    "retraction": lambda s: s.detected_on is not None,
    "supersession": lambda s: s.detected_on is not None,
}


def allowed_events(state: CaseState) -> tuple[str, ...]:
    """Tags of the event types that may come next, in the order of `PERMITS`."""
    return tuple(tag for tag, permitted in PERMITS.items() if permitted(state))
