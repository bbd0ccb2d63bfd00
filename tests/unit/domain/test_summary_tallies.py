"""`accused_tallies` and `children_fields` count in one pass what each summary field defines on its
own; over generated states they give what the field-by-field definitions give."""

from __future__ import annotations

from typing import Any

import pytest
from tests.support.histories import prefix_states

from cpc_prosecution.domain import CaseState
from cpc_prosecution.domain.children import CELL_FIELDS
from cpc_prosecution.domain.state import AccusedState
from cpc_prosecution.domain.summary_rules import accused_outcome, convicted_by_plea
from cpc_prosecution.domain.summary_tallies import accused_tallies, children_fields
from cpc_prosecution.domain.vocab.case import Custody
from cpc_prosecution.domain.vocab.outcomes import ACQUITTALS, CONVICTIONS, AccusedOutcome, CountOutcome
from cpc_prosecution.domain.vocab.stages import Stage


def _field_by_field(court: list[AccusedState], outcomes: list[AccusedOutcome]) -> dict[str, Any]:
    """Each field as its own expression over the accused or their counts."""
    counts = [c for a in court for c in a.counts]
    convicted = [a for a, o in zip(court, outcomes, strict=True) if o is AccusedOutcome.CONVICTED]
    by_plea = sum(1 for a in convicted if convicted_by_plea(a))
    return {
        "first_conviction_on": min((a.disposed_on for a in convicted if a.disposed_on is not None), default=None),
        "archived": any(a.stage is Stage.ARCHIVED for a in court),
        "provisionally_dismissed": any(a.stage is Stage.PROVISIONALLY_DISMISSED for a in court),
        "accused_charged": len(court),
        "accused_pending": outcomes.count(AccusedOutcome.PENDING),
        "accused_detained": sum(1 for a in court if a.custody is Custody.DETAINED and a.pending),
        "accused_convicted": len(convicted),
        "accused_convicted_by_plea": by_plea,
        "accused_convicted_after_trial": len(convicted) - by_plea,
        "accused_acquitted": outcomes.count(AccusedOutcome.ACQUITTED),
        "accused_acquitted_on_demurrer": sum(
            1
            for a, o in zip(court, outcomes, strict=True)
            if o is AccusedOutcome.ACQUITTED and any(c.outcome is CountOutcome.ACQUITTED_ON_DEMURRER for c in a.counts)
        ),
        "accused_dismissed": outcomes.count(AccusedOutcome.DISMISSED),
        "accused_archived": sum(1 for a in court if a.stage is Stage.ARCHIVED),
        "accused_provisionally_dismissed": sum(1 for a in court if a.stage is Stage.PROVISIONALLY_DISMISSED),
        "accused_final": sum(1 for a in court if a.stage is Stage.FINAL),
        "counts_charged": len(counts),
        "counts_convicted": sum(1 for c in counts if c.outcome in CONVICTIONS),
        "counts_acquitted": sum(1 for c in counts if c.outcome in ACQUITTALS),
        "counts_dismissed": sum(
            1
            for c in counts
            if c.outcome is not None
            and c.outcome not in CONVICTIONS
            and c.outcome not in ACQUITTALS
            and c.outcome is not CountOutcome.PROVISIONALLY_DISMISSED
        ),
        "counts_pending": sum(
            1 for c in counts if c.outcome is None or c.outcome is CountOutcome.PROVISIONALLY_DISMISSED
        ),
    }


@pytest.fixture(scope="module")
def states() -> list[CaseState]:
    return prefix_states(20_261_128, histories=400, max_events=45, every=3)


def test_accused_tallies_equal_the_field_by_field_counts(states: list[CaseState]) -> None:
    """Every tally, for every generated state; and the states reach each outcome, so no branch is idle."""
    reached: set[AccusedOutcome] = set()
    for state in states:
        court = state.court_accused()
        outcomes = [accused_outcome(a) for a in court]
        reached |= set(outcomes)
        tallies = accused_tallies(court, outcomes)
        assert tallies == _field_by_field(court, outcomes)
        assert [type(v) for v in tallies.values()] == [type(v) for v in _field_by_field(court, outcomes).values()]
    assert reached == set(AccusedOutcome)


def test_children_fields_equal_the_cellwise_maximum_and_totals(states: list[CaseState]) -> None:
    """The children cells are the cellwise maximum of identified and rescued; custody cells as held."""
    for state in states:
        fields = children_fields(state.children_identified, state.children_rescued, state.children_in_custody)
        children = state.children_identified.cellwise_max(state.children_rescued)
        assert [fields[f"children_{name}"] for name in CELL_FIELDS] == list(children.cells())
        assert [fields[f"custody_{name}"] for name in CELL_FIELDS] == list(state.children_in_custody.cells())
        assert len(fields) == 2 * len(CELL_FIELDS) + 3
        assert fields["children_total"] == children.total()
        assert fields["children_rescued"] == state.children_rescued.total()
        assert fields["children_in_custody"] == state.children_in_custody.total()
