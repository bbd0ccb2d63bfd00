"""Events name offices, courts and hotspots by registered id; `resolve_references` puts the records in.

Table-driven over the five fields that name a reference: an id becomes the registered record, a near
miss is refused with the closest id, an identical record passes, a record differing in any sub-field
is refused naming that sub-field, and a supersession's replacement is resolved too. The fold refuses
an id left unresolved.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpc_prosecution.domain import (
    CaseEvent,
    Detection,
    Inquest,
    InvalidEvent,
    PreliminaryInvestigation,
    Raffle,
    ServicesDelivered,
    Supersession,
    Transfer,
    fold,
)
from cpc_prosecution.domain.examples import ALL_EXAMPLES, CITY_OFFICE, FAMILY_COURT, HOTSPOT, PROVINCIAL_OFFICE
from cpc_prosecution.domain.examples.reference import REGULAR_COURT
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.domain.reference_book import (
    DifferingRecord,
    ReferenceBook,
    ReferenceProblem,
    UnknownReference,
    by_id,
    reference_id,
    references_named,
    resolve_references,
)
from cpc_prosecution.domain.vocab import (
    CorrectionReason,
    PiBasis,
    TransferReason,
    VictimService,
)

DAY = dt.date(2024, 3, 1)
BOOK = ReferenceBook([CITY_OFFICE, PROVINCIAL_OFFICE, FAMILY_COURT, REGULAR_COURT, HOTSPOT])


def _with(field: str, value: Any) -> CaseEvent:
    """An event of the type that has `field`, naming `value` there."""
    if field == "hotspot":
        return msgspec.structs.replace(Detection.sample(DAY), hotspot=value)
    if field == "office":
        return Inquest(occurred_on=DAY, accused=("A1",), office=value)
    if field == "pi_office":
        return PreliminaryInvestigation(occurred_on=DAY, office=value, basis=PiBasis.COMPLAINT)
    if field == "court":
        return Raffle(occurred_on=DAY, court=value)
    if field == "to_office":
        return Transfer(occurred_on=DAY, reason=TransferReason.REASSIGNMENT, to_office=value)
    return Transfer(occurred_on=DAY, reason=TransferReason.INHIBITION, to_court=value)


#: (field as in `_with`, its name in the event, the registered record it names)
FIELDS = [
    ("hotspot", "hotspot", HOTSPOT),
    ("office", "office", CITY_OFFICE),
    ("pi_office", "office", PROVINCIAL_OFFICE),
    ("court", "court", FAMILY_COURT),
    ("to_office", "to_office", PROVINCIAL_OFFICE),
    ("to_court", "to_court", REGULAR_COURT),
]
_IDS = [f[0] for f in FIELDS]


@pytest.mark.parametrize(("kind", "name", "record"), FIELDS, ids=_IDS)
def test_an_id_is_replaced_by_the_registered_record(kind: str, name: str, record: Any) -> None:
    """Sent by id, the event comes back naming the registered record (and equals the event sent with it)."""
    [resolved] = resolve_references([_with(kind, reference_id(record))], BOOK)
    assert getattr(resolved, name) == record
    assert resolved == _with(kind, record)


@pytest.mark.parametrize(("kind", "name", "record"), FIELDS, ids=_IDS)
def test_the_identical_record_is_accepted_as_it_is(kind: str, name: str, record: Any) -> None:
    """The whole record, as registered, is still accepted (older clients): the event is returned unchanged."""
    event = _with(kind, record)
    assert resolve_references([ServicesDelivered.sample(DAY), event], BOOK)[1] is event


@pytest.mark.parametrize(("kind", "name", "record"), FIELDS, ids=_IDS)
def test_a_near_miss_id_is_refused_naming_the_field_and_the_closest_id(kind: str, name: str, record: Any) -> None:
    """A mistyped id (last two characters swapped) is refused at its JSON path, with the registered id meant."""
    ident = reference_id(record)
    typo = ident[:-2] + ident[-1] + ident[-2]
    with pytest.raises(UnknownReference) as refused:
        resolve_references([ServicesDelivered.sample(DAY), _with(kind, typo)], BOOK)
    assert refused.value.field == f"events[1].{name}"
    assert refused.value.closest == ident
    assert f"did you mean `{ident}`" in refused.value.reason


def test_an_id_like_no_registered_one_is_refused_without_a_guess() -> None:
    """An id that resembles nothing registered gets no suggestion; an unknown id in a record names `court_id`."""
    with pytest.raises(UnknownReference) as refused:
        resolve_references([_with("court", "RTC-R7-NOPE")], BOOK)
    assert (refused.value.field, refused.value.closest) == ("events[0].court", None)
    assert refused.value.reason == "RTC-R7-NOPE is not a registered court id"
    stranger = msgspec.structs.replace(FAMILY_COURT, court_id="RTC-R7-LLC-FC55")
    with pytest.raises(UnknownReference) as refused:
        resolve_references([_with("court", stranger)], BOOK)
    assert (refused.value.field, refused.value.closest) == ("events[0].court.court_id", "RTC-R7-LLC-FC54")


_OTHER_VALUES: dict[str, Any] = {
    "office_type": "PROVINCIAL",
    "psgc": "0730600000",
    "judicial_region": "R6",
    "station_psgc": "0730600000",
    "branch_label": "Branch 9",
    "designation": "REGULAR",
    "designated_by": "NBI",
    "basis": "OTHER",
    "valid_from": dt.date(2017, 1, 1),
    "valid_to": dt.date(2030, 1, 1),
}
DIFFERING = [
    (kind, name, record, sub)
    for kind, name, record in FIELDS
    for sub in type(record).__struct_fields__
    if not sub.endswith("_id") and getattr(record, sub) != _OTHER_VALUES[sub]
]


@pytest.mark.parametrize(("kind", "name", "record", "sub"), DIFFERING, ids=[f"{d[0]}.{d[3]}" for d in DIFFERING])
def test_a_record_differing_in_one_subfield_is_refused_naming_it(kind: str, name: str, record: Any, sub: str) -> None:
    """A whole record unlike the registered one brings a fact the register contradicts: refused at
    `events[i].<field>.<sub-field>`, saying the registered value and that the id alone is the form to send."""
    altered = msgspec.convert(
        {**msgspec.to_builtins(record), sub: msgspec.to_builtins(_OTHER_VALUES[sub])}, type(record)
    )
    with pytest.raises(DifferingRecord) as refused:
        resolve_references([_with(kind, altered)], BOOK)
    assert refused.value.field == f"events[0].{name}.{sub}"
    registered = msgspec.to_builtins(getattr(record, sub))
    assert f"{sub} {registered!r} (sent {msgspec.to_builtins(_OTHER_VALUES[sub])!r})" in refused.value.reason
    assert f'send the id alone ("{reference_id(record)}")' in refused.value.reason
    assert refused.value.registered == record


def test_a_supersession_replacement_is_resolved_and_its_errors_name_the_replacement() -> None:
    """The replacement a supersession carries names references too: resolved in place; an unknown id
    there is named at `events[i].replacement.<field>`."""
    by_id_raffle = Raffle(occurred_on=DAY, court="RTC-R7-LLC-FC54")
    correction = Supersession(occurred_on=DAY, target_seq=5, replacement=by_id_raffle, reason=CorrectionReason.OTHER)
    [resolved] = resolve_references([correction], BOOK)
    assert isinstance(resolved, Supersession)
    assert resolved.replacement == Raffle(occurred_on=DAY, court=FAMILY_COURT)
    wrong = msgspec.structs.replace(correction, replacement=Raffle(occurred_on=DAY, court="RTC-R7-LLC-FC45"))
    with pytest.raises(UnknownReference) as refused:
        resolve_references([ServicesDelivered.sample(DAY), wrong], BOOK)
    assert refused.value.field == "events[1].replacement.court"


def test_a_hotspot_named_by_id_must_cover_the_detection_date() -> None:
    """The hotspot designation (from 2018-01-01) must stand on the detection date, checked once resolved."""
    early = msgspec.structs.replace(_with("hotspot", HOTSPOT.hotspot_id), occurred_on=dt.date(2017, 6, 1))
    with pytest.raises(ReferenceProblem) as refused:
        resolve_references([early], BOOK, "first_event")
    assert refused.value.field == "first_event[0].hotspot"
    assert "does not cover the detection date" in refused.value.reason


def test_events_naming_no_reference_are_returned_as_they_are() -> None:
    """Nothing to look up: the same objects come back and none is named."""
    events = [ServicesDelivered(occurred_on=DAY, service=VictimService.MEDICAL, children=1)]
    assert references_named(events) == []
    assert resolve_references(events, ReferenceBook())[0] is events[0]


def _history_naming(kind: str, name: str) -> tuple[list[CaseEvent], int]:
    """A legal history with an event of `kind`'s type naming a record in `name`, and that event's index:
    from the example histories, else from generated ones (fixed seeds)."""
    wanted = type(_with(kind, "X"))
    candidates = [build() for build in ALL_EXAMPLES.values()]
    candidates += [generate_history(random.Random(seed), max_events=45) for seed in range(300)]
    for history in candidates:
        for i, event in enumerate(history):
            if type(event) is wanted and getattr(event, name, None) is not None:
                return history, i
    raise AssertionError(f"no history names {name}")


@pytest.mark.parametrize(("kind", "name", "record"), FIELDS, ids=_IDS)
def test_the_fold_refuses_an_id_left_unresolved(kind: str, name: str, record: Any) -> None:
    """Folding needs the record (place, region, designation): an id is refused, naming the field and
    the resolver to call; resolved, the same history folds."""
    history, index = _history_naming(kind, name)
    state = fold(history)
    ident = reference_id(getattr(history[index], name))
    sent = [*history[:index], by_id(history[index]), *history[index + 1 :]]
    with pytest.raises(InvalidEvent) as refused:
        fold(sent)
    assert refused.value.seq == index + 1
    assert f"{name} names {ident} by its id" in str(refused.value)
    assert "resolve_references" in str(refused.value)
    book = ReferenceBook(r.sent for r in references_named(history) if not isinstance(r.sent, str))
    assert fold(resolve_references(sent, book)) == state


@pytest.mark.parametrize("name", sorted(ALL_EXAMPLES))
def test_every_example_history_sent_by_id_folds_to_the_same_state_once_resolved(name: str) -> None:
    """by_id is the inverse of resolve_references: the history as a client sends it, resolved against the
    register, is the history and folds to the same state."""
    history = ALL_EXAMPLES[name]()
    sent = [by_id(e) for e in history]
    assert not any(isinstance(r.sent, ProsecutionOffice | Court | Hotspot) for r in references_named(sent))
    assert resolve_references(sent, BOOK) == history
    assert fold(resolve_references(sent, BOOK)) == fold(history)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_generated_histories_round_trip_through_ids(rng: Any) -> None:
    """For generated histories (transfers to offices and courts, corrections included), resolving the
    id form against a book of the records they name gives the history back."""
    history = generate_history(rng, max_events=45)
    book = ReferenceBook(r.sent for r in references_named(history) if not isinstance(r.sent, str))
    assert resolve_references([by_id(e) for e in history], book) == history
