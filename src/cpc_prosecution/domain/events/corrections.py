"""Corrections: retract or supersede an earlier event, addressed by its 1-based sequence number.

Histories are append-only; a mistake is fixed by a later correction event, never by editing.
`fold` applies corrections first (drops retracted events, swaps in replacements) and then
evolves the effective history, so a correction that would make the history illegal is rejected.
"""

import datetime as dt
from typing import Self

from cpc_prosecution.domain.events.base import Event
from cpc_prosecution.domain.events.facts import FactEvent
from cpc_prosecution.domain.events.side import ServicesDelivered
from cpc_prosecution.domain.types import SequenceNumber
from cpc_prosecution.domain.vocab.case import CorrectionReason


class Retraction(Event, frozen=True, tag="retraction"):
    """Event `target_seq` never happened (or was recorded in error). `occurred_on`: date of the fix."""

    target_seq: SequenceNumber
    reason: CorrectionReason

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(occurred_on=day, target_seq=13, reason=CorrectionReason.DUPLICATE_ENTRY)


class Supersession(Event, frozen=True, tag="supersession"):
    """Event `target_seq` is replaced by `replacement` (which keeps the target's position)."""

    target_seq: SequenceNumber
    replacement: FactEvent
    reason: CorrectionReason

    @classmethod
    def sample(cls, day: dt.date) -> Self:
        return cls(
            occurred_on=day,
            target_seq=12,
            replacement=ServicesDelivered.sample(day),
            reason=CorrectionReason.DATA_ENTRY_ERROR,
        )


__all__ = ("Retraction", "Supersession")
