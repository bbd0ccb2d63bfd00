"""Handlers for side paths and loops, transfers and services."""

import datetime as dt

from msgspec.structs import replace

from cpc_prosecution.domain.clocks.deadlines import provisional_dismissal_lapses_on
from cpc_prosecution.domain.events.side import (
    Archiving,
    Dismissal,
    InformationWithdrawal,
    PermanentDismissal,
    ProvisionalDismissal,
    Refiling,
    Revival,
    ServicesDelivered,
    Transfer,
)
from cpc_prosecution.domain.lifecycle.kit import (
    after_accused,
    after_case_stage,
    court_accused,
    dismissed,
    disposal_marks,
    enter,
    illegal,
    invalid,
    mark,
    not_before,
    put,
    registered,
)
from cpc_prosecution.domain.lifecycle.permits import after_detection, any_accused, still_open
from cpc_prosecution.domain.lifecycle.registry import transition
from cpc_prosecution.domain.milestones import Milestone as M
from cpc_prosecution.domain.state import AccusedState, CaseState, MilestoneRecord
from cpc_prosecution.domain.vocab.case import Custody, RefilingForum, ResolutionDisposition, TransferReason
from cpc_prosecution.domain.vocab.court import ArchiveGround
from cpc_prosecution.domain.vocab.outcomes import CountOutcome, DismissalReason
from cpc_prosecution.domain.vocab.stages import BEFORE_JUDGMENT, BEFORE_SUBMISSION, SIDE_STAGES, Stage

_AWAY = frozenset({ArchiveGround.ACCUSED_AT_LARGE, ArchiveGround.BAIL_JUMPED_BEFORE_ARRAIGNMENT})
_COURT_OUTCOME = {
    DismissalReason.LACK_OF_PROBABLE_CAUSE: CountOutcome.DISMISSED_LACK_OF_PROBABLE_CAUSE,
    DismissalReason.SPEEDY_TRIAL_VIOLATION: CountOutcome.DISMISSED_SPEEDY_TRIAL,
}
_PI_EXTENSION_REASONS = frozenset({TransferReason.REASSIGNMENT, TransferReason.CONSOLIDATION})
_BEFORE_COURT = {Custody.DETAINED: M.BEFORE_COURT_DETAINED, Custody.ON_BAIL: M.BEFORE_COURT_AT_LIBERTY}


@transition(Archiving, permit=any_accused(*BEFORE_SUBMISSION))
def archiving(state: CaseState, e: Archiving) -> CaseState:
    """Archive as to these accused (they resume where they were when revived)."""
    accused = court_accused(state, e, e.accused, BEFORE_SUBMISSION)
    after_accused(e, accused)
    updated: list[AccusedState] = []
    for acc in accused:
        custody = acc.custody
        if e.ground is ArchiveGround.ACCUSED_AT_LARGE and custody is not Custody.AT_LARGE:
            raise invalid(e, f"{acc.position} is not at large")
        if e.ground is ArchiveGround.BAIL_JUMPED_BEFORE_ARRAIGNMENT:
            if acc.stage is not Stage.FILED_IN_COURT or custody is not Custody.ON_BAIL:
                raise invalid(e, f"{acc.position} was not on bail awaiting arraignment")
            custody = Custody.AT_LARGE
        updated.append(enter(acc, Stage.ARCHIVED, e, resume_stage=acc.stage, archive_ground=e.ground, custody=custody))
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + tuple(mark(M.ARCHIVING, e, a.position) for a in accused),
    )


@transition(Revival, permit=any_accused(*SIDE_STAGES))
def revival(state: CaseState, e: Revival) -> CaseState:
    """Archived accused (once arrested, if they were at large) or a provisional dismissal revived."""
    accused = court_accused(state, e, e.accused, SIDE_STAGES)
    after_accused(e, accused)
    updated: list[AccusedState] = []
    marks: list[MilestoneRecord] = []
    for acc in accused:
        counts = acc.counts
        if acc.stage is Stage.ARCHIVED and acc.archive_ground in _AWAY:
            if acc.custody is Custody.AT_LARGE:
                raise illegal(state, e, accused=acc, detail=f"{acc.position} is still at large: arrest first")
            not_before(e, acc.custody_since, f"arrest of {acc.position}")
        if acc.stage is Stage.PROVISIONALLY_DISMISSED:
            assert acc.since is not None
            lapse = provisional_dismissal_lapses_on(state, acc, acc.since)
            if e.occurred_on > lapse:
                raise illegal(
                    state,
                    e,
                    accused=acc,
                    detail=f"the provisional dismissal became permanent after {lapse.isoformat()}",
                )
            counts = tuple(replace(c, outcome=None) for c in counts)
        resume = acc.resume_stage or Stage.FILED_IN_COURT
        updated.append(enter(acc, resume, e, counts=counts, resume_stage=None, archive_ground=None))
        marks.append(mark(M.REVIVAL, e, acc.position))
        if resume is Stage.FILED_IN_COURT and state.raffled_on is not None and acc.custody in _BEFORE_COURT:
            marks.append(mark(_BEFORE_COURT[acc.custody], e, acc.position))
    return replace(state, accused=put(state, updated), milestones=state.milestones + tuple(marks))


@transition(ProvisionalDismissal, permit=any_accused(*BEFORE_SUBMISSION))
def provisional_dismissal(state: CaseState, e: ProvisionalDismissal) -> CaseState:
    """Provisional dismissal (Rule 117 §8): revivable until it lapses."""
    accused = court_accused(state, e, e.accused, BEFORE_SUBMISSION)
    after_accused(e, accused)
    updated = [
        enter(
            a,
            Stage.PROVISIONALLY_DISMISSED,
            e,
            resume_stage=a.stage,
            counts=tuple(replace(c, outcome=CountOutcome.PROVISIONALLY_DISMISSED) for c in a.counts),
        )
        for a in accused
    ]
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + tuple(mark(M.PROVISIONAL_DISMISSAL, e, a.position) for a in accused),
    )


@transition(PermanentDismissal, permit=any_accused(Stage.PROVISIONALLY_DISMISSED))
def permanent_dismissal(state: CaseState, e: PermanentDismissal) -> CaseState:
    """The provisional dismissal lapsed: no earlier than the day after the 1- or 2-year bar."""
    accused = court_accused(state, e, e.accused, frozenset({Stage.PROVISIONALLY_DISMISSED}))
    for acc in accused:
        assert acc.since is not None
        lapse = provisional_dismissal_lapses_on(state, acc, acc.since)
        not_before(e, lapse + dt.timedelta(days=1), f"lapse of the provisional dismissal of {acc.position}")
    updated = [dismissed(a, e, CountOutcome.PERMANENTLY_DISMISSED, None, with_prejudice=True) for a in accused]
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + disposal_marks(e, [a.position for a in accused]),
    )


@transition(InformationWithdrawal, permit=any_accused(*BEFORE_SUBMISSION))
def information_withdrawal(state: CaseState, e: InformationWithdrawal) -> CaseState:
    """The Information is withdrawn as to these accused (a refiling may follow)."""
    accused = court_accused(state, e, e.accused, BEFORE_SUBMISSION)
    after_accused(e, accused)
    updated = [dismissed(a, e, CountOutcome.INFORMATION_WITHDRAWN, None, with_prejudice=False) for a in accused]
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + disposal_marks(e, [a.position for a in accused]),
    )


@transition(Dismissal, permit=any_accused(*BEFORE_JUDGMENT))
def dismissal(state: CaseState, e: Dismissal) -> CaseState:
    """Court dismissal; the coded reason decides the outcome code and whether refiling is barred."""
    accused = court_accused(state, e, e.accused, BEFORE_JUDGMENT)
    after_accused(e, accused)
    outcome = _COURT_OUTCOME.get(e.reason, CountOutcome.DISMISSED)
    updated = [dismissed(a, e, outcome, e.reason, with_prejudice=e.reason.with_prejudice) for a in accused]
    return replace(
        state,
        accused=put(state, updated),
        milestones=state.milestones + disposal_marks(e, [a.position for a in accused]),
    )


@transition(Refiling, permit=lambda s: s.refileable)
def refiling(state: CaseState, e: Refiling) -> CaseState:
    """After a dismissal without prejudice: a new PI, or a new Information filed directly."""
    after_case_stage(state, e)
    if e.forum is RefilingForum.PROSECUTOR:
        return replace(
            state,
            in_court=False,
            precourt_stage=Stage.PRELIM_INVESTIGATION,
            resolution=None,
            prosecutor_outcome=None,
            refilings=state.refilings + 1,
            last_refiled_on=e.occurred_on,
            milestones=(*state.milestones, mark(M.PI_STARTED, e)),
        )
    return replace(
        state,
        in_court=False,
        precourt_stage=Stage.RESOLUTION,
        resolution=ResolutionDisposition.FILE_INFORMATION,
        refilings=state.refilings + 1,
        last_refiled_on=e.occurred_on,
    )


@transition(Transfer, permit=still_open)
def transfer(state: CaseState, e: Transfer) -> CaseState:
    """The case moves to another office or court."""
    marks = [mark(M.TRANSFER, e)]
    if e.to_court is not None:
        if not state.in_court or state.raffled_on is None:
            raise invalid(e, "only a case raffled to a court can move to another court")
        not_before(e, state.raffled_on, "raffle")
        return replace(
            state,
            court=registered(e, e.to_court, "to_court"),
            transfers=state.transfers + 1,
            milestones=state.milestones + tuple(marks),
        )
    in_pi = not state.in_court and state.precourt_stage is Stage.PRELIM_INVESTIGATION
    if in_pi:
        after_case_stage(state, e)
        if e.reason in _PI_EXTENSION_REASONS:
            marks.append(mark(M.PI_REASSIGNED, e))
    office = registered(e, e.to_office, "to_office")
    return replace(state, office=office, transfers=state.transfers + 1, milestones=state.milestones + tuple(marks))


@transition(ServicesDelivered, permit=after_detection)
def services_delivered(state: CaseState, e: ServicesDelivered) -> CaseState:
    """Add a service count."""
    services = dict(state.services)
    services[e.service] = services.get(e.service, 0) + e.children
    return replace(state, services=services)
