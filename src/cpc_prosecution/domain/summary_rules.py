"""Rules the summary applies to the accused: each accused's outcome, the case outcome, the closing dates."""

import datetime as dt

from cpc_prosecution.domain.state import AccusedState, CaseState
from cpc_prosecution.domain.vocab.court import PleaKind
from cpc_prosecution.domain.vocab.outcomes import (
    ACQUITTALS,
    CONVICTIONS,
    AccusedOutcome,
    CaseOutcome,
    CountOutcome,
)
from cpc_prosecution.domain.vocab.stages import Stage

Day = dt.date | None


def accused_outcome(acc: AccusedState) -> AccusedOutcome:
    """Outcome of one accused: convicted on any count, else pending, acquitted or dismissed."""
    outcomes = [c.outcome for c in acc.counts]
    if any(o in CONVICTIONS for o in outcomes):
        return AccusedOutcome.CONVICTED
    if acc.pending:
        return AccusedOutcome.PENDING
    if any(o in ACQUITTALS for o in outcomes):
        return AccusedOutcome.ACQUITTED
    return AccusedOutcome.DISMISSED


def convicted_by_plea(acc: AccusedState) -> bool:
    """Convicted on a plea: a plea bargain, or a guilty plea as charged."""
    return any(
        c.outcome is CountOutcome.CONVICTED_LESSER_OFFENSE_PLEA
        or (c.outcome is CountOutcome.CONVICTED_AS_CHARGED and c.plea is PleaKind.GUILTY)
        for c in acc.counts
    )


def case_outcome(state: CaseState, court: list[AccusedState], outcomes: list[AccusedOutcome]) -> CaseOutcome:
    if not state.in_court and state.precourt_stage is Stage.DISMISSED and not court:
        return CaseOutcome.DISMISSED
    if AccusedOutcome.CONVICTED in outcomes:
        return CaseOutcome.CONVICTED
    if not state.in_court and state.precourt_stage is not Stage.DISMISSED:
        return CaseOutcome.PENDING
    if AccusedOutcome.PENDING in outcomes:
        return CaseOutcome.PENDING
    if AccusedOutcome.ACQUITTED in outcomes:
        return CaseOutcome.ACQUITTED
    return CaseOutcome.DISMISSED


def closing_dates(state: CaseState, court: list[AccusedState]) -> tuple[bool, Day, Day]:
    """(disposed, disposed_on, final_on)."""
    if not state.in_court:
        if state.precourt_stage is Stage.DISMISSED and not any(a.pending for a in court):
            return True, state.stage_since, None
        return False, None, None
    disposed = all(a.disposed_on is not None for a in court)
    disposed_on = max((a.disposed_on for a in court if a.disposed_on), default=None) if disposed else None
    closed = all(a.stage in (Stage.FINAL, Stage.DISMISSED) for a in court)
    ends = [a.final_on or a.disposed_on for a in court]
    final_on = max((d for d in ends if d is not None), default=None)
    return disposed, disposed_on, final_on if closed else None
