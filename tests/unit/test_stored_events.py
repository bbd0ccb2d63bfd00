"""Stored events keep decoding: a golden stored payload of every event type decodes, strictly, with
the decoder every read of `case_event` uses (docs/domain.md "Event evolution").

The golden payloads are the lines of tests/fixtures/stored_events.jsonl, one stored payload a line
(a type may have several, e.g. one per shape it has had). Lines are only ever added: a line that no
longer decodes means a change broke stored histories. `python -m tests.unit.test_stored_events`
appends a line for each event type that has none (its `Event.sample`, dated `GOLDEN_DAY`) and never
touches the lines already there; a new event type's golden payload is that line.
"""

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

STORED = Path(__file__).parents[1] / "fixtures" / "stored_events.jsonl"
GOLDEN_DAY = dt.date(2024, 3, 1)
RUN = "python -m tests.unit.test_stored_events"


def _golden_lines(path: Path = STORED) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tag_of_line(line: str) -> str:
    return str(json.loads(line)["type"])


def _missing_tags(path: Path = STORED) -> list[str]:
    stored = {_tag_of_line(line) for line in _golden_lines(path)}
    return [TAG_OF[t] for t in EVENT_TYPES if TAG_OF[t] not in stored]


GOLDEN = _golden_lines()


def test_every_event_type_has_a_golden_stored_payload() -> None:
    """Each event type has at least one golden stored payload, and no payload names a type that is
    gone (its stored rows would no longer decode)."""
    assert _missing_tags() == [], f"run `{RUN}` to add the golden payload of a new event type"
    assert sorted({_tag_of_line(line) for line in GOLDEN} - set(TAG_OF.values())) == []


@pytest.mark.parametrize("line", GOLDEN, ids=[f"{n}-{_tag_of_line(line)}" for n, line in enumerate(GOLDEN, 1)])
def test_a_stored_payload_decodes_strictly_to_its_type_with_no_field_dropped(line: str) -> None:
    """The golden payload decodes (unknown fields are errors) to the event type of its tag, and every
    field it stored is still a field of that type, holding the value it stored."""
    raw = line.encode()
    event = decode_stored_event(raw)
    assert event_tag(event) == _tag_of_line(line)
    stored = json.loads(raw)
    current = json.loads(msgspec.json.encode(event))
    assert {k: current.get(k) for k in stored} == stored


def test_the_helper_adds_only_what_is_missing(tmp_path: Path) -> None:
    """`add_missing` appends the sample of each type without a golden payload and leaves every
    existing line as it was (byte for byte); with nothing missing it writes nothing."""
    partial = [line for line in GOLDEN if _tag_of_line(line) not in {"raffle", "retraction"}]
    fixture = tmp_path / "stored_events.jsonl"
    fixture.write_text("\n".join(partial) + "\n", encoding="utf-8")
    assert add_missing(fixture) == ["raffle", "retraction"]
    lines = fixture.read_text(encoding="utf-8").splitlines()
    assert lines[: len(partial)] == partial
    assert [_tag_of_line(line) for line in lines[len(partial) :]] == ["raffle", "retraction"]
    assert json.loads(lines[-1])["occurred_on"] == GOLDEN_DAY.isoformat()
    assert add_missing(fixture) == []
    assert len(fixture.read_text(encoding="utf-8").splitlines()) == len(partial) + 2


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


def add_missing(path: Path = STORED) -> list[str]:
    """Append to `path` the golden payload of each event type that has none; the tags added."""
    missing = _missing_tags(path)
    by_tag = {TAG_OF[t]: t for t in EVENT_TYPES}
    with path.open("a", encoding="utf-8") as out:
        for tag in missing:
            out.write(json.dumps(msgspec.to_builtins(by_tag[tag].sample(GOLDEN_DAY)), ensure_ascii=False) + "\n")
    return missing


if __name__ == "__main__":
    added = add_missing()
    print(f"added to {STORED}: {', '.join(added)}" if added else f"{STORED}: every event type has a payload")
