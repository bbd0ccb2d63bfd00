"""Building API request bodies from the domain's example histories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec

from cpc_prosecution.domain import CaseEvent, Detection
from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT, HOTSPOT, PROVINCIAL_OFFICE, REGULAR_COURT

OFFICES = (CITY_OFFICE, PROVINCIAL_OFFICE)
COURTS = (FAMILY_COURT, REGULAR_COURT)
HOTSPOTS = (HOTSPOT,)


def open_body(history: Sequence[CaseEvent], office_id: str = CITY_OFFICE.office_id, **extra: Any) -> dict[str, Any]:
    detection = history[0]
    assert isinstance(detection, Detection)
    first = msgspec.to_builtins(detection)
    del first["case_id"], first["type"]
    return {"office_id": office_id, "first_event": first, **extra}


def events_body(events: Sequence[CaseEvent], expected_version: int) -> dict[str, Any]:
    return {"expected_version": expected_version, "events": msgspec.to_builtins(list(events))}
