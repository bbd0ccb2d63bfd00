"""`CaseEvent`, the union of every event type, and tag helpers.

`msgspec.json.decode(data, type=list[CaseEvent])` decodes a whole history; the `type` field
selects the Struct.
"""

from typing import Final

from cpc_prosecution.domain.events.corrections import Retraction, Supersession
from cpc_prosecution.domain.events.facts import FACT_EVENT_TYPES, FactEvent

CaseEvent = FactEvent | Retraction | Supersession

EVENT_TYPES: Final[tuple[type[CaseEvent], ...]] = (*FACT_EVENT_TYPES, Retraction, Supersession)

#: Stable tag string of each event type ("detection", "arrest", ...).
TAG_OF: Final[dict[type[CaseEvent], str]] = {t: str(t.__struct_config__.tag) for t in EVENT_TYPES}
#: Event type by tag.
TYPE_OF: Final[dict[str, type[CaseEvent]]] = {tag: t for t, tag in TAG_OF.items()}
#: Tags of fact events, in the order of domain brief §2.1.
FACT_TAGS: Final[tuple[str, ...]] = tuple(TAG_OF[t] for t in FACT_EVENT_TYPES)


def event_tag(event: CaseEvent) -> str:
    """The stable tag of an event, e.g. `event_tag(Arraignment(...)) == "arraignment"`."""
    return TAG_OF[type(event)]


def is_correction(event: CaseEvent) -> bool:
    """Whether the event is a Retraction or a Supersession."""
    return isinstance(event, Retraction | Supersession)
