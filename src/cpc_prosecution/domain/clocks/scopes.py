"""Run every rule of a catalogue over a case, each scope's milestones split out once.

`deadlines` and `clock_outcomes` evaluate about 15 rules for the case and for each accused, and
most rules never start in a given case. `run_clock` finds a rule's start by scanning the scope's
milestones, so knowing which (start milestone, accused) pairs occur at all lets a rule that cannot
start be skipped without running it: the result is the same `None` that `run_clock` would give.
"""

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence, Set

from cpc_prosecution.domain.clocks.counting import NO_HOLIDAYS
from cpc_prosecution.domain.clocks.engine import ClockRun, run_clock
from cpc_prosecution.domain.clocks.rules import ClockRule, ClockScope
from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.state import CaseState, MilestoneRecord
from cpc_prosecution.domain.types import position_number


class Scopes:
    """The milestones of a case split by scope: the case's own, and each accused's with the case's."""

    __slots__ = ("_per_accused", "_visible", "case", "kinds", "positions", "starts")

    def __init__(self, state: CaseState, visible: Sequence[MilestoneRecord]) -> None:
        self._visible = visible
        self._per_accused: dict[str, list[MilestoneRecord]] = {}
        self.case = [m for m in visible if m.accused is None]
        self.starts: Set[tuple[Milestone, str | None]] = {(m.kind, m.accused) for m in visible}
        """Every (milestone, accused) that occurs: a rule starts only at one of its own scope."""
        self.kinds: Set[Milestone] = {kind for kind, _ in self.starts}
        """Every milestone that occurs, for any accused or the case."""
        self.positions = sorted(state.accused, key=position_number)

    def of_accused(self, position: str) -> list[MilestoneRecord]:
        """The milestones an accused's clock sees: the case's and their own, in log order."""
        found = self._per_accused.get(position)
        if found is None:
            found = [m for m in self._visible if m.accused is None or m.accused == position]
            self._per_accused[position] = found
        return found


def scope_runs(
    state: CaseState,
    scopes: Scopes,
    today: dt.date,
    rules: Iterable[ClockRule],
    holidays: Set[dt.date] = NO_HOLIDAYS,
) -> Iterator[tuple[ClockRule, str | None, ClockRun]]:
    """`run_clock` of each rule for the case or for each accused (in position order) where it runs,
    in the order of `rules`; (rule, accused position or None, run)."""
    starts = scopes.starts
    kinds = scopes.kinds
    for rule in rules:
        if rule.start_event not in kinds:
            continue
        if rule.scope is ClockScope.CASE:
            if (rule.start_event, None) in starts:
                run = run_clock(rule, state, None, scopes.case, today, holidays)
                if run is not None:
                    yield rule, None, run
            continue
        for position in scopes.positions:
            if (rule.start_event, position) in starts:
                run = run_clock(rule, state, state.accused[position], scopes.of_accused(position), today, holidays)
                if run is not None:
                    yield rule, position, run


def run_again(
    state: CaseState, scopes: Scopes, rule: ClockRule, position: str | None, today: dt.date
) -> ClockRun | None:
    """`run_clock` of `rule` for the case (position None) or one accused, evaluated up to `today`."""
    if position is None:
        return run_clock(rule, state, None, scopes.case, today)
    return run_clock(rule, state, state.accused[position], scopes.of_accused(position), today)
