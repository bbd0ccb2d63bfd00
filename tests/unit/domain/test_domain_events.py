"""Events as data: tagged msgspec Structs that round-trip as JSON and cannot carry personal data."""

import datetime as dt

import msgspec
import msgspec.inspect as mi
import pytest

from cpc_prosecution.domain import (
    EVENT_TYPES,
    TAG_OF,
    Agency,
    Arrest,
    ArrestMode,
    CaseEvent,
    CaseState,
    CaseSummary,
    ChargeCount,
    ChildCounts,
    Filing,
    Operation,
    OperationKind,
    RecordedEvent,
    Resolution,
    ResolutionDisposition,
)
from cpc_prosecution.domain.examples import EXAMPLES

DECODER = msgspec.json.Decoder(list[CaseEvent])
FORBIDDEN_WORDS = ("name", "birth", "address", "phone", "narrative", "text", "note", "comment", "remark", "desc")


def test_every_event_type_has_a_stable_snake_case_tag() -> None:
    """Tags are snake_case strings in the `type` field, one per event type."""
    tags = list(TAG_OF.values())
    assert len(set(tags)) == len(EVENT_TYPES)
    for event_type, tag in TAG_OF.items():
        assert tag == tag.lower()
        assert tag.replace("_", "").isalpha()
        assert event_type.__struct_config__.tag_field == "type"


def test_events_are_frozen_keyword_only_and_strict() -> None:
    """Every event type is frozen, kw_only and forbids unknown fields."""
    for event_type in EVENT_TYPES:
        config = event_type.__struct_config__
        assert config.frozen
        assert config.forbid_unknown_fields
        assert "occurred_on" in event_type.__struct_fields__


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_histories_round_trip_as_json(name: str) -> None:
    """`msgspec.json.decode(..., type=list[CaseEvent])` gives back the same history."""
    history = EXAMPLES[name]()
    assert DECODER.decode(msgspec.json.encode(history)) == history


def test_unknown_fields_are_rejected() -> None:
    """Nobody can smuggle a victim's name into an event."""
    raw = (
        b'[{"type":"services_delivered","occurred_on":"2024-01-02","service":"MEDICAL","children":1,"victim_name":"x"}]'
    )
    with pytest.raises(msgspec.ValidationError, match="victim_name"):
        DECODER.decode(raw)


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        (
            '{"type":"detection","occurred_on":"2024-01-02","case_id":"C1","case_type":"OSEC",'
            '"referral_source":"HOTLINE","place_psgc":"07022"}',
            "place_psgc",
        ),
        ('{"type":"pre_trial","occurred_on":"2024-01-02","accused":["Juan"]}', "accused"),
        ('{"type":"services_delivered","occurred_on":"2024-01-02","service":"MEDICAL","children":0}', "children"),
        (
            '{"type":"operation","occurred_on":"2024-01-02","kind":"RESCUE","lead_agency":"PNP_WCPC",'
            '"children_rescued":{"girls_0_5":-1}}',
            "girls_0_5",
        ),
        ('{"type":"trial_setting","occurred_on":"2024-01-02","accused":["A1"],"held":false}', "postponement_reason"),
        (
            '{"type":"arrest","occurred_on":"2024-01-02","accused":["A1"],"mode":"WARRANTLESS",'
            '"occurred_at":"2024-01-02T10:00:00"}',
            "timezone",
        ),
        (
            '{"type":"filing","occurred_on":"2024-01-02","counts":[{"count_no":1,"offence":"RA0000-1","accused":["A1"]}]}',
            "offence",
        ),
    ],
    ids=["psgc", "position", "zero-children", "negative-cell", "postponed-without-reason", "naive-time", "offence"],
)
def test_constraints_apply_on_decode(payload: str, complaint: str) -> None:
    """Meta constraints and __post_init__ checks reject bad input while decoding."""
    with pytest.raises(msgspec.ValidationError, match=complaint):
        DECODER.decode(f"[{payload}]".encode())


def test_rules_meta_cannot_express_hold_when_constructing_in_python() -> None:
    """`Meta` constraints run on decode only; what msgspec cannot express (repeats, rules between
    fields) is in __post_init__ and holds for events built in Python too."""
    day = dt.date(2024, 1, 2)
    with pytest.raises(ValueError, match="listed twice"):
        Arrest(occurred_on=day, accused=("A1", "A1"), mode=ArrestMode.WARRANTLESS)
    with pytest.raises(ValueError, match="integer >= 0"):
        ChildCounts(girls_0_5=-1)
    with pytest.raises(ValueError, match="exceeds"):
        Operation(
            occurred_on=day,
            kind=OperationKind.RESCUE,
            lead_agency=Agency.PNP_WCPC,
            children_into_custody=ChildCounts(boys_6_11=1),
        )
    with pytest.raises(ValueError, match="dismissal_reason"):
        Resolution(occurred_on=day, disposition=ResolutionDisposition.DISMISS)
    with pytest.raises(ValueError, match="listed twice"):
        Filing(
            occurred_on=day,
            counts=(
                ChargeCount(count_no=1, offence="RA9208-6", accused=("A1",)),
                ChargeCount(count_no=1, offence="RA9208-4", accused=("A1",)),
            ),
        )
    with pytest.raises(ValueError, match="Philippine time"):
        Arrest(
            occurred_on=day,
            accused=("A1",),
            mode=ArrestMode.WARRANTLESS,
            occurred_at=dt.datetime(2024, 1, 2, 20, 0, tzinfo=dt.UTC),
        )


def _struct_types(root: object) -> list[mi.StructType]:
    found: dict[type, mi.StructType] = {}

    def walk(info: mi.Type) -> None:
        if isinstance(info, mi.StructType):
            if info.cls in found:
                return
            found[info.cls] = info
            for field in info.fields:
                walk(field.type)
        for attr in ("types", "item_type", "key_type", "value_type"):
            inner = getattr(info, attr, None)
            if isinstance(inner, tuple):
                for item in inner:
                    walk(item)
            elif isinstance(inner, mi.Type):
                walk(inner)

    walk(mi.type_info(root))  # type: ignore[arg-type]
    return list(found.values())


@pytest.mark.parametrize("root", [list[CaseEvent], RecordedEvent, CaseState, CaseSummary], ids=lambda r: str(r))
def test_no_field_can_hold_personal_data(root: object) -> None:
    """No field is named like personal data (name, birth date, address, phone, narrative, free text)."""
    for struct in _struct_types(root):
        for field in struct.fields:
            assert not any(word in field.name for word in FORBIDDEN_WORDS), (struct.cls.__name__, field.name)


def _strings(info: mi.Type) -> list[mi.StrType]:
    if isinstance(info, mi.StrType):
        return [info]
    if isinstance(info, mi.UnionType):
        return [s for t in info.types for s in _strings(t)]
    if isinstance(info, mi.VarTupleType | mi.ListType):
        return _strings(info.item_type)
    return []


def test_every_string_in_an_event_is_a_pattern_not_free_text() -> None:
    """Event strings are codes (enums) or pattern-constrained identifiers: nowhere to write prose."""
    for struct in _struct_types(list[CaseEvent]):
        for field in struct.fields:
            for string in _strings(field.type):
                assert string.pattern is not None, (struct.cls.__name__, field.name)


def test_recorded_event_carries_seq_and_recorded_at() -> None:
    """RecordedEvent wraps an event with its 1-based sequence number and an aware timestamp."""
    history = EXAMPLES["plea_bargain"]()
    stamp = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    records = [RecordedEvent(seq=i, event=e, recorded_at=stamp) for i, e in enumerate(history, start=1)]
    raw = msgspec.json.encode(records)
    assert msgspec.json.decode(raw, type=list[RecordedEvent]) == records
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(raw.replace(b'"seq":1,', b'"seq":0,', 1), type=list[RecordedEvent])


def test_field_constraints_are_meta_shown_in_the_schema() -> None:
    """Shapes, bounds and lengths are msgspec `Meta`, so the JSON schema (and the OpenAPI) states them:
    an accused list needs one position of the form A1.., a filing one count, counts start at 1."""
    _, defs = msgspec.json.schema_components([CaseEvent])
    pre_trial = defs["PreTrial"]["properties"]["accused"]
    assert pre_trial["minItems"] == 1
    assert pre_trial["items"]["pattern"] == "^A[1-9][0-9]{0,2}$"
    assert defs["Filing"]["properties"]["counts"]["minItems"] == 1
    assert defs["ChargeCount"]["properties"]["count_no"]["minimum"] == 1
    assert defs["Detection"]["properties"]["place_psgc"]["pattern"]
    assert "minItems" not in defs["MotionFiled"]["properties"]["accused"]


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ('{"type":"pre_trial","occurred_on":"2024-01-02","accused":[]}', "length >= 1 - at `$[0].accused`"),
        ('{"type":"arraignment","occurred_on":"2024-01-02","pleas":[]}', "length >= 1 - at `$[0].pleas`"),
        ('{"type":"pre_trial","occurred_on":"2024-01-02","accused":["A1","A1"]}', "accused: A1 listed twice"),
        (
            '{"type":"retraction","occurred_on":"2024-01-02","target_seq":0,"reason":"OTHER"}',
            ">= 1 - at `$[0].target_seq`",
        ),
    ],
    ids=["no-accused", "no-pleas", "repeated-accused", "seq-zero"],
)
def test_decode_names_the_field_and_the_reason(payload: str, complaint: str) -> None:
    """A rule in `Meta` or in __post_init__ is refused on decode with the field's path and the reason."""
    with pytest.raises(msgspec.ValidationError) as refused:
        DECODER.decode(f"[{payload}]".encode())
    assert complaint in str(refused.value)
