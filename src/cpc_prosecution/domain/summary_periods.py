"""Inactive periods and per-accused dates: what the summary adds for CourTools M2-M4 and for counting
per accused (the State Court Guide's criminal unit of count).

Inactive statuses (NCSC State Court Guide; CourTools M3/M4): an accused is *parked* from an archiving
(A.M. 15-06-10-SC III.6: any ground, the accused at large among them) or a provisional dismissal (Rule
117 §8) until revived. A *case* is inactive while it has pending accused in court and every one of them
is parked; it is placed inactive on the day that becomes true and reactivated on the day a revival makes
it false (an inactive period that ends because the case is disposed ends on its disposition date and is
no reactivation). Read from the fold's milestone log, so each date is the event's own date.
"""

import datetime as dt
import itertools
from typing import Any, Final

from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.state import AccusedState, CaseState
from cpc_prosecution.domain.vocab.stages import Stage

__all__ = ("period_fields",)

_PARKING: Final = frozenset({Milestone.ARCHIVING, Milestone.PROVISIONAL_DISMISSAL})
_READ: Final = _PARKING | {Milestone.REVIVAL, Milestone.DISPOSED}


def period_fields(state: CaseState, court: list[AccusedState]) -> dict[str, Any]:
    """The summary fields of this module, by name. `court`: the accused charged in court, in position order."""
    positions = [a.position for a in court]
    index = {p: i for i, p in enumerate(positions)}
    marks = sorted(
        (m for m in state.milestones if m.kind in _READ and m.accused in index),
        key=lambda m: m.on,  # stable: events of one day keep their order
    )
    parked: set[str] = set()
    disposed: set[str] = set()
    inactive = False
    placed: list[dt.date] = []
    reactivated: list[dt.date] = []
    open_period: dict[str, int] = {}
    of: list[int] = []
    starts: list[dt.date] = []
    ends: list[dt.date | None] = []
    for day, group in itertools.groupby(marks, key=lambda m: m.on):
        for m in group:
            who = m.accused
            assert who is not None
            if m.kind in _PARKING and who not in parked:
                parked.add(who)
                open_period[who] = len(starts)
                of.append(index[who])
                starts.append(day)
                ends.append(None)
            elif m.kind is Milestone.REVIVAL and who in parked:
                parked.discard(who)
                ends[open_period.pop(who)] = day
            elif m.kind is Milestone.DISPOSED:
                disposed.add(who)
                parked.discard(who)  # a lapsed provisional dismissal: the period ends with the disposition
                open_period.pop(who, None)
        pending = set(positions) - disposed
        now = bool(pending) and pending <= parked
        if now and not inactive:
            placed.append(day)
        elif inactive and not now and pending:
            reactivated.append(day)
        inactive = now
    return {
        "placed_inactive_on": tuple(placed),
        "reactivated_on": tuple(reactivated),
        "accused_filed_on": tuple(a.first_on.get(Stage.FILED_IN_COURT) for a in court),
        "accused_disposed_on": tuple(a.disposed_on for a in court),
        "accused_inactive_of": tuple(of),
        "accused_inactive_from": tuple(starts),
        "accused_inactive_until": tuple(ends),
    }
