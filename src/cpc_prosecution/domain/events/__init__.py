"""Case events: frozen, tagged msgspec Structs (tag field `type`), and their union `CaseEvent`."""

from cpc_prosecution.domain.events import corrections, court, judgment, precourt, side
from cpc_prosecution.domain.events.base import Event
from cpc_prosecution.domain.events.corrections import *  # noqa: F403
from cpc_prosecution.domain.events.court import *  # noqa: F403
from cpc_prosecution.domain.events.facts import FACT_EVENT_TYPES, FactEvent
from cpc_prosecution.domain.events.judgment import *  # noqa: F403
from cpc_prosecution.domain.events.precourt import *  # noqa: F403
from cpc_prosecution.domain.events.recorded import RecordedEvent
from cpc_prosecution.domain.events.side import *  # noqa: F403
from cpc_prosecution.domain.events.union import (
    EVENT_TYPES,
    FACT_TAGS,
    TAG_OF,
    TYPE_OF,
    CaseEvent,
    event_tag,
    is_correction,
)

# The event types are named once, in their modules' `__all__`; this package re-exports them.
__all__ = [
    "EVENT_TYPES",
    "FACT_EVENT_TYPES",
    "FACT_TAGS",
    "TAG_OF",
    "TYPE_OF",
    "CaseEvent",
    "Event",
    "FactEvent",
    "RecordedEvent",
    "event_tag",
    "is_correction",
]
__all__ += corrections.__all__
__all__ += precourt.__all__
__all__ += court.__all__
__all__ += judgment.__all__
__all__ += side.__all__
