"""Coded counts and dates the summary adds for metrics: postponements by reason, court dismissals by
reason, sentences by band, revivals and refilings, and the heaviest offence charged.

Each is derived from the state alone (no personal data: accused are positions, reasons are codes).
"""

import datetime as dt
from sys import intern
from typing import Any, Final

from cpc_prosecution.domain.milestones import Milestone
from cpc_prosecution.domain.offence_groups import heaviest_offence, offence_group
from cpc_prosecution.domain.state import AccusedState, CaseState
from cpc_prosecution.domain.vocab.court import PostponementReason
from cpc_prosecution.domain.vocab.outcomes import CONVICTIONS, AccusedOutcome, CountOutcome, DismissalReason
from cpc_prosecution.domain.vocab.penalties import PENALTY_ORDER, PenaltyBand

#: Why a dismissed accused's case ended in court: the court's coded reasons, a withdrawn
#: Information, a provisional dismissal that lapsed, or OTHER (any other coded reason).
DISMISSAL_CATEGORIES: Final = (
    DismissalReason.LACK_OF_PROBABLE_CAUSE.value,
    DismissalReason.SPEEDY_TRIAL_VIOLATION.value,
    DismissalReason.MOTION_TO_QUASH_GRANTED.value,
    DismissalReason.LACK_OF_JURISDICTION.value,
    DismissalReason.DEATH_OF_ACCUSED.value,
    DismissalReason.VICTIM_DESISTANCE.value,
    "INFORMATION_WITHDRAWN",
    "PROVISIONAL_DISMISSAL_LAPSED",
    DismissalReason.OTHER.value,
)
_BY_OUTCOME: Final = {
    CountOutcome.DISMISSED_LACK_OF_PROBABLE_CAUSE: DismissalReason.LACK_OF_PROBABLE_CAUSE.value,
    CountOutcome.DISMISSED_SPEEDY_TRIAL: DismissalReason.SPEEDY_TRIAL_VIOLATION.value,
    CountOutcome.INFORMATION_WITHDRAWN: "INFORMATION_WITHDRAWN",
    CountOutcome.PERMANENTLY_DISMISSED: "PROVISIONAL_DISMISSAL_LAPSED",
}
#: Sentence bands, lightest first (the categories of `accused_sentenced_*`).
SENTENCE_BANDS: Final = tuple(b.value for b in PenaltyBand)

# Names interned so that `CaseSummary(**fields)` matches them by identity (see summary.py).
POSTPONEMENT_FIELDS: Final = tuple((r, intern(f"postponements_{r.value.lower()}")) for r in PostponementReason)
DISMISSAL_FIELDS: Final = tuple((c, intern(f"accused_dismissed_{c.lower()}")) for c in DISMISSAL_CATEGORIES)
SENTENCE_FIELDS: Final = tuple((b, intern(f"accused_sentenced_{b.lower()}")) for b in SENTENCE_BANDS)


def dismissal_category(acc: AccusedState) -> str:
    """The dismissal category of a dismissed accused: the first coded reason among their counts, else
    the one their count outcome implies, else OTHER."""
    for c in acc.counts:
        if c.dismissal_reason is not None:
            code = c.dismissal_reason.value
            return code if code in DISMISSAL_CATEGORIES else DismissalReason.OTHER.value
    for c in acc.counts:
        if c.outcome in _BY_OUTCOME:
            return _BY_OUTCOME[c.outcome]
    return DismissalReason.OTHER.value


def sentence_band(acc: AccusedState) -> str:
    """The heaviest sentence band among the accused's convicted counts (UNSPECIFIED if none is coded)."""
    best: PenaltyBand | None = None
    for c in acc.counts:
        band = c.sentence_band
        if (
            c.outcome in CONVICTIONS
            and band is not None
            and (best is None or PENALTY_ORDER[band] > PENALTY_ORDER[best])
        ):
            best = band
    return (best or PenaltyBand.UNSPECIFIED).value


def _offences(state: CaseState, court: list[AccusedState]) -> list[str]:
    """Offences charged in court, or before filing those complained of in the PI."""
    charged = [c.offence for a in court for c in a.counts]
    return charged or list(state.pi_offences)


def metric_counts(state: CaseState, court: list[AccusedState], outcomes: list[AccusedOutcome]) -> dict[str, Any]:
    """The summary fields of this module, by name."""
    dismissed = [dismissal_category(a) for a, o in zip(court, outcomes, strict=True) if o is AccusedOutcome.DISMISSED]
    sentenced = [sentence_band(a) for a, o in zip(court, outcomes, strict=True) if o is AccusedOutcome.CONVICTED]
    revived: list[dt.date] = [m.on for m in state.milestones if m.kind is Milestone.REVIVAL]
    heaviest = heaviest_offence(_offences(state, court))
    group = offence_group(heaviest)
    fields: dict[str, Any] = {name: state.postponements_by_reason.get(r, 0) for r, name in POSTPONEMENT_FIELDS}
    fields |= {name: dismissed.count(c) for c, name in DISMISSAL_FIELDS}
    fields |= {name: sentenced.count(b) for b, name in SENTENCE_FIELDS}
    return fields | {
        "revivals": len(revived),
        "last_revived_on": max(revived, default=None),
        "last_refiled_on": state.last_refiled_on,
        "heaviest_offence": heaviest,
        "offence_group": group,
    }
