"""`RecordedEvent`: an event as stored, with its sequence number and the moment it was recorded.

`occurred_on` (business time) and `recorded_at` (system time) make the history bitemporal: the
state as of a date uses the first, the state as known at a moment uses the second.
"""

import msgspec

from cpc_prosecution.domain.events.union import CaseEvent
from cpc_prosecution.domain.types import AwareDatetime, SequenceNumber


class RecordedEvent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One stored event: 1-based `seq` within its case, the event, and when it was recorded."""

    seq: SequenceNumber
    event: CaseEvent
    recorded_at: AwareDatetime
