"""Checks on client-sent events that the domain's fold cannot make: they need the store's view.

- No event is dated after today (Manila): a future date is a typing error, and it would make clocks
  and metrics lie.
- A detection (first or, in a supersession, a corrected one) names this case's own id: the id is the
  store's, and an event naming another case must never reach that case's records.
Both apply to a supersession's replacement as well as to the event itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence

from cpc_prosecution.domain import CaseEvent, Detection, Supersession
from cpc_prosecution.services.errors import InvalidInput

__all__ = ("check_events",)


def _with_replacements(events: Sequence[CaseEvent], path: str) -> Iterator[tuple[str, CaseEvent]]:
    for i, event in enumerate(events):
        yield f"{path}[{i}]", event
        if isinstance(event, Supersession):
            yield f"{path}[{i}].replacement", event.replacement


def check_events(events: Sequence[CaseEvent], case_id: uuid.UUID, today: dt.date, path: str = "events") -> None:
    """InvalidInput naming the field for a future date or a detection of another case."""
    for field, event in _with_replacements(events, path):
        if event.occurred_on > today:
            raise InvalidInput(f"{field}.occurred_on", f"{event.occurred_on.isoformat()} is in the future")
        if isinstance(event, Detection) and event.case_id != str(case_id):
            raise InvalidInput(f"{field}.case_id", "a detection must carry this case's own id")
