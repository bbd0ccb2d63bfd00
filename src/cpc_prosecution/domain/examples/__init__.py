"""Documented example histories, one per outcome path, shared by docs, tests, the API and demos.

Every history is legal: `fold(history())` succeeds. Offices, courts and PSGC codes are
illustrative (well-formed, not taken from the PSA masterlist or an official court list).

| builder | path |
|---|---|
| `plea_bargain_history` | OSEC rescue, 2 accused plead to attempted trafficking, waive appeal |
| `conviction_after_trial_history` | child labour trafficking, trial with child witnesses, appeal affirmed |
| `acquittal_history` | A1 acquitted after trial, A2 acquitted on a demurrer to evidence |
| `provisional_dismissal_lapse_history` | provisionally dismissed, not revived within 2 years: permanent |
| `archive_and_revival_history` | accused at large, archived after 6 months, arrested, revived, pleads |
| `refiling_after_dismissal_history` | PI dismissed, more build-up, complaint refiled, convicted after trial |
| `mixed_speeds_history` | A1 convicted on a plea while A2 goes to trial and is convicted |
| `remand_after_appeal_history` | conviction, appeal, remand, second trial, conviction final |
| `bail_and_withdrawal_history` | bail, transfer, withdrawal, court dismissal, corrections (`ALL_EXAMPLES` only) |
"""

import datetime as dt
from collections.abc import Callable
from typing import Final, TypeVar

from cpc_prosecution.domain.events import CaseEvent, FactEvent
from cpc_prosecution.domain.examples.dismissals import (
    provisional_dismissal_lapse_history,
    refiling_after_dismissal_history,
)
from cpc_prosecution.domain.examples.pleas import (
    archive_and_revival_history,
    mixed_speeds_history,
    plea_bargain_history,
)
from cpc_prosecution.domain.examples.reference import (
    CITY_OFFICE,
    FAMILY_COURT,
    HOTSPOT,
    PROVINCIAL_OFFICE,
    REGULAR_COURT,
)
from cpc_prosecution.domain.examples.side_paths import bail_and_withdrawal_history
from cpc_prosecution.domain.examples.trials import (
    acquittal_history,
    conviction_after_trial_history,
    remand_after_appeal_history,
)

#: Every example by name.
EXAMPLES: Final[dict[str, Callable[[], list[CaseEvent]]]] = {
    "plea_bargain": plea_bargain_history,
    "conviction_after_trial": conviction_after_trial_history,
    "acquittal": acquittal_history,
    "provisional_dismissal_lapse": provisional_dismissal_lapse_history,
    "archive_and_revival": archive_and_revival_history,
    "refiling_after_dismissal": refiling_after_dismissal_history,
    "mixed_speeds": mixed_speeds_history,
    "remand_after_appeal": remand_after_appeal_history,
}
#: `EXAMPLES` and the side paths (bail, transfer, withdrawal, corrections: `side_paths`).
ALL_EXAMPLES: Final[dict[str, Callable[[], list[CaseEvent]]]] = {
    **EXAMPLES,
    "bail_and_withdrawal": bail_and_withdrawal_history,
}

E = TypeVar("E", bound=FactEvent)


def sample_event(event_type: type[E], day: dt.date) -> E:
    """The sample `event_type` declares beside its fields (`Event.sample`), dated `day`: one
    well-formed event of each type for tests, and for the generator's proposals of a type it has no
    weights of its own for. The example histories need not hold every type."""
    event = event_type.sample(day)
    assert isinstance(event, event_type)  # `E` is bound to a union: mypy reads the union back
    return event


__all__ = (
    "ALL_EXAMPLES",
    "CITY_OFFICE",
    "EXAMPLES",
    "FAMILY_COURT",
    "HOTSPOT",
    "PROVINCIAL_OFFICE",
    "REGULAR_COURT",
    "acquittal_history",
    "archive_and_revival_history",
    "bail_and_withdrawal_history",
    "conviction_after_trial_history",
    "mixed_speeds_history",
    "plea_bargain_history",
    "provisional_dismissal_lapse_history",
    "refiling_after_dismissal_history",
    "remand_after_appeal_history",
    "sample_event",
)
