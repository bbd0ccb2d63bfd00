"""The summary's tallies of the accused charged in court and of their counts, in one pass each.

`summarize` runs on every append and every imported case; counting each field with its own
generator walked the accused and their counts some fifteen times. Each tally keeps the condition
it had as its own expression, so the fields mean what their names in `CaseSummary` say.
"""

import datetime as dt
from sys import intern
from typing import Any

from cpc_prosecution.domain.children import CELL_FIELDS, ChildCounts
from cpc_prosecution.domain.state import AccusedState
from cpc_prosecution.domain.summary_rules import convicted_by_plea
from cpc_prosecution.domain.vocab.case import Custody
from cpc_prosecution.domain.vocab.outcomes import ACQUITTALS, CONVICTIONS, AccusedOutcome, CountOutcome
from cpc_prosecution.domain.vocab.stages import TERMINAL_STAGES, Stage

# Interned so that `CaseSummary(**fields)` matches them by identity (see summary.py).
_CHILDREN_FIELDS = tuple(intern(f"children_{name}") for name in CELL_FIELDS)
_CUSTODY_FIELDS = tuple(intern(f"custody_{name}") for name in CELL_FIELDS)


def accused_tallies(court: list[AccusedState], outcomes: list[AccusedOutcome]) -> dict[str, Any]:
    """The `accused_*` and `counts_*` fields (and `first_conviction_on`, `archived`,
    `provisionally_dismissed`) of the accused in `court`, whose outcomes are `outcomes`."""
    convicted = by_plea = detained = acquitted = on_demurrer = dismissed = pending = 0
    archived = provisional = final = 0
    counts_charged = counts_convicted = counts_acquitted = counts_dismissed = counts_pending = 0
    first_conviction_on: dt.date | None = None
    for acc, outcome in zip(court, outcomes, strict=True):
        stage = acc.stage
        if outcome is AccusedOutcome.CONVICTED:
            convicted += 1
            by_plea += convicted_by_plea(acc)
            if acc.disposed_on is not None and (first_conviction_on is None or acc.disposed_on < first_conviction_on):
                first_conviction_on = acc.disposed_on
        elif outcome is AccusedOutcome.ACQUITTED:
            acquitted += 1
            on_demurrer += any(c.outcome is CountOutcome.ACQUITTED_ON_DEMURRER for c in acc.counts)
        elif outcome is AccusedOutcome.DISMISSED:
            dismissed += 1
        elif outcome is AccusedOutcome.PENDING:
            pending += 1
        # `AccusedState.pending`, spelled out: these are charged, so their stage is set.
        detained += acc.custody is Custody.DETAINED and stage is not None and stage not in TERMINAL_STAGES
        archived += stage is Stage.ARCHIVED
        provisional += stage is Stage.PROVISIONALLY_DISMISSED
        final += stage is Stage.FINAL
        for count in acc.counts:
            counts_charged += 1
            o = count.outcome
            if o is None or o is CountOutcome.PROVISIONALLY_DISMISSED:
                counts_pending += 1
            elif o in CONVICTIONS:
                counts_convicted += 1
            elif o in ACQUITTALS:
                counts_acquitted += 1
            else:
                counts_dismissed += 1
    return {
        "first_conviction_on": first_conviction_on,
        "archived": archived > 0,
        "provisionally_dismissed": provisional > 0,
        "accused_charged": len(court),
        "accused_pending": pending,
        "accused_detained": detained,
        "accused_convicted": convicted,
        "accused_convicted_by_plea": by_plea,
        "accused_convicted_after_trial": convicted - by_plea,
        "accused_acquitted": acquitted,
        "accused_acquitted_on_demurrer": on_demurrer,
        "accused_dismissed": dismissed,
        "accused_archived": archived,
        "accused_provisionally_dismissed": provisional,
        "accused_final": final,
        "counts_charged": counts_charged,
        "counts_convicted": counts_convicted,
        "counts_acquitted": counts_acquitted,
        "counts_dismissed": counts_dismissed,
        "counts_pending": counts_pending,
    }


def children_fields(identified: ChildCounts, rescued: ChildCounts, in_custody: ChildCounts) -> dict[str, Any]:
    """The `children_*` cells (per cell the larger of identified and rescued) and totals, and the
    `custody_*` cells and total; counted from the cells without building a `ChildCounts`."""
    children = [max(a, b) for a, b in zip(identified.cells(), rescued.cells(), strict=True)]
    custody = in_custody.cells()
    fields: dict[str, Any] = dict(zip(_CHILDREN_FIELDS, children, strict=True))
    fields |= zip(_CUSTODY_FIELDS, custody, strict=True)
    fields["children_total"] = sum(children)
    fields["children_rescued"] = rescued.total()
    fields["children_in_custody"] = sum(custody)
    return fields
