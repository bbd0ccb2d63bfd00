"""Building blocks of the permits (when an event type may come), shared by the lifecycle modules.

Each event type's permit is registered beside its handler (`registry.transition`); this module holds
the predicate builders they share, the motion tables, and the corrections' permits.
"""

from collections.abc import Callable
from typing import Final

from cpc_prosecution.domain.events.corrections import Retraction, Supersession
from cpc_prosecution.domain.lifecycle.registry import allowed_events, register_correction
from cpc_prosecution.domain.state import CaseState
from cpc_prosecution.domain.vocab.court import MotionKind
from cpc_prosecution.domain.vocab.stages import BEFORE_JUDGMENT, TERMINAL_STAGES, Stage

S = Stage
Predicate = Callable[[CaseState], bool]

__all__ = (
    "MOTION_ACCUSED_STAGES",
    "MOTION_CASE_STAGES",
    "after_detection",
    "allowed_events",
    "any_accused",
    "motion_allowed",
    "pre_court",
    "still_open",
)


def pre_court(*stages: Stage) -> Predicate:
    """Before filing, at one of `stages`."""
    allowed = frozenset(stages)
    return lambda s: not s.in_court and s.precourt_stage in allowed


def any_accused(*stages: Stage) -> Predicate:
    """Some accused is at one of `stages`."""
    allowed = frozenset(stages)
    return lambda s: any(a.stage in allowed for a in s.accused.values())


def still_open(s: CaseState) -> bool:
    """Detected and not at a terminal stage."""
    return s.detected_on is not None and s.stage not in TERMINAL_STAGES


def after_detection(s: CaseState) -> bool:
    """Any time after detection."""
    return s.detected_on is not None


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


register_correction(Retraction, permit=after_detection)
register_correction(Supersession, permit=after_detection)
