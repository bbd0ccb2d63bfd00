"""Stored events keep decoding: a golden stored payload of every event type decodes, strictly, with
the decoder every read of `case_event` uses (docs/domain.md "Event evolution")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import msgspec
import pytest

from cpc_prosecution.domain import ServicesDelivered, VictimService
from cpc_prosecution.domain.events.union import EVENT_TYPES, TAG_OF, event_tag
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_events import decode_stored_event

STORED = Path(__file__).parents[1] / "fixtures" / "stored_events"
TAGS = sorted(TAG_OF[t] for t in EVENT_TYPES)


def test_every_event_type_has_a_golden_stored_payload() -> None:
    """A new event type comes with its stored payload fixture; no fixture names a type that is gone
    (its stored rows would no longer decode)."""
    assert sorted(p.stem for p in STORED.glob("*.json")) == TAGS


@pytest.mark.parametrize("tag", TAGS)
def test_a_stored_payload_decodes_strictly_to_its_type_with_no_field_dropped(tag: str) -> None:
    """The golden payload decodes (unknown fields are errors) to the event type of its tag, and every
    field it stored is still a field of that type, holding the value it stored."""
    raw = (STORED / f"{tag}.json").read_bytes()
    event = decode_stored_event(raw)
    assert event_tag(event) == tag
    stored = json.loads(raw)
    current = json.loads(msgspec.json.encode(event))
    assert {k: current.get(k) for k in stored} == stored


def test_an_upcasting_function_turns_an_old_shape_into_the_current_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A payload of an older shape (here a field once called `kids`) decodes through the upcaster of
    its tag; without one it is refused, never silently read."""
    old = b'{"type": "services_delivered", "occurred_on": "2024-05-02", "service": "MEDICAL", "kids": 3}'
    with pytest.raises(msgspec.ValidationError):
        decode_stored_event(old)

    def rename_kids(payload: dict[str, object]) -> dict[str, object]:
        payload = dict(payload)
        payload["children"] = payload.pop("kids")
        return payload

    monkeypatch.setitem(case_events.UPCASTERS, "services_delivered", rename_kids)
    expected = ServicesDelivered(occurred_on=dt.date(2024, 5, 2), service=VictimService.MEDICAL, children=3)
    assert decode_stored_event(old) == expected
