"""`FactEvent`: the union of every event that states a fact about the case (all but corrections).

Each event module declares its own types once, in its union (`PreCourtEvent`, `CourtEvent`, ...);
this module only joins them, and every list of fact types (`FACT_EVENT_TYPES`, the tags, the lifecycle
registry's check, the docs test) is read from here. Adding an event type to a module's union is the
whole of its declaration on this side; `lifecycle.registry` then refuses to start without its handler
and permit.
"""

from typing import Final, get_args

from cpc_prosecution.domain.events.court import CourtEvent
from cpc_prosecution.domain.events.judgment import JudgmentEvent
from cpc_prosecution.domain.events.precourt import PreCourtEvent
from cpc_prosecution.domain.events.side import SideEvent

FactEvent = PreCourtEvent | CourtEvent | JudgmentEvent | SideEvent

#: Every fact event type, in the order of domain brief §2.1.
FACT_EVENT_TYPES: Final[tuple[type[FactEvent], ...]] = get_args(FactEvent)
