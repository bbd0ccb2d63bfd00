"""What a field allows, in words a person can act on, for the 400 answers of `errors.py`.

msgspec and Litestar say "Invalid enum value 'FILE_INFORMATON'", "Invalid RFC3339 encoded date" or
"Expected `str` matching regex '^A[1-9][0-9]{0,2}$'". Given the field's path, this module finds the
type the request expected there (the handler's body type, walked along the path, a tagged union
resolved by the tag the client sent; or the query parameter's annotation) and says what it allows:
the valid codes and the closest one to a near miss, the date form, the pattern in words, the range.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Sequence
from typing import Any, Final

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.near_miss import closest
from cpc_prosecution.domain.psgc import PSGC_VERSION_PATTERN
from cpc_prosecution.domain.reference import CourtId, HotspotId, OfficeId
from cpc_prosecution.domain.reference_book import NOUN, REFERENCE_TYPES
from cpc_prosecution.domain.types import (
    BRANCH_LABEL_PATTERN,
    IDENTIFIER_PATTERN,
    OFFENCE_CODE_PATTERN,
    POSITION_PATTERN,
    PSGC_PATTERN,
)

__all__ = (
    "DATETIME_FORM",
    "DATE_FORM",
    "PATTERN_WORDS",
    "TAG_VALUE",
    "allowed",
    "parse_path",
    "sent_body",
    "type_at",
    "value_at",
)

DATE_FORM: Final = "a date as YYYY-MM-DD (e.g. 2024-12-14)"
DATETIME_FORM: Final = "a date and time with its UTC offset, YYYY-MM-DDTHH:MM:SS+08:00 (e.g. 2024-12-14T09:30:00+08:00)"

#: The patterns the API checks, in words.
PATTERN_WORDS: Final[dict[str, str]] = {
    POSITION_PATTERN: "an accused position: A followed by a number from 1 to 999 (A1, A2, ...), never a name",
    PSGC_PATTERN: "a PSGC code of 10 digits (e.g. 0702260000)",
    IDENTIFIER_PATTERN: (
        "an id of 1 to 64 characters: letters, digits, '_', '.' or '-', starting with a letter or digit "
        "(e.g. OCP-0702-LLC)"
    ),
    OFFENCE_CODE_PATTERN: "an offence code: 2 or 3 capital letters, digits, '-', then the section (e.g. RA9208-4A)",
    BRANCH_LABEL_PATTERN: "a branch label of 1 to 40 letters, digits, spaces, '.' or '-' (e.g. Branch 54)",
    PSGC_VERSION_PATTERN: "a PSGC release: the year, Q and the quarter (e.g. 2024Q4)",
    "^(json|csv)$": "json or csv",
}

_SEGMENT: Final = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_ENUM_VALUE: Final = re.compile(r"^Invalid enum value '(?P<value>.*)'$")
TAG_VALUE: Final = re.compile(r"^Invalid value '(?P<value>.*)'$")
_REGEX: Final = re.compile(r"^Expected `str` matching regex '(?P<pattern>.*)'$")
_DAY_MONTH_YEAR: Final = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")


def parse_path(path: str) -> list[str | int]:
    """`events[5].disposition` -> ['events', 5, 'disposition'] (a leading `$` is dropped)."""
    text = path[1:] if path.startswith("$") else path
    return [int(index) if index else name for name, index in _SEGMENT.findall(text)]


def _unwrap(info: mi.Type) -> mi.Type:
    while isinstance(info, mi.Metadata):
        info = info.type
    return info


def _variants(info: mi.Type) -> list[mi.Type]:
    info = _unwrap(info)
    if isinstance(info, mi.UnionType):
        return [_unwrap(t) for t in info.types if not isinstance(_unwrap(t), mi.NoneType)]
    return [info]


def type_at(root: Any, path: Sequence[str | int], sent: Any) -> mi.Type | None:
    """The msgspec type expected at `path` of a body of type `root`, given the body `sent` (used to
    pick a tagged union's variant); None when the path leaves the type."""
    infos: list[mi.Type] = [mi.type_info(root)]
    value = sent
    for segment in path:
        following: list[mi.Type] = []
        for info in (v for i in infos for v in _variants(i)):
            if isinstance(segment, int) and isinstance(info, mi.ListType | mi.VarTupleType | mi.SetType):
                following.append(info.item_type)
            elif isinstance(segment, str) and isinstance(info, mi.StructType):
                tag = value.get(info.tag_field) if isinstance(value, dict) and info.tag_field else None
                if tag is not None and tag != info.tag:
                    continue
                following += [f.type for f in info.fields if f.encode_name == segment]
            elif isinstance(segment, str) and isinstance(info, mi.DictType):
                following.append(info.value_type)
        if not following:
            return None
        infos = following
        value = _step(value, segment)
    if len(infos) == 1:
        return infos[0]
    return mi.UnionType(types=tuple(infos))


def _step(value: Any, segment: str | int) -> Any:
    if isinstance(segment, int):
        return value[segment] if isinstance(value, list) and -len(value) <= segment < len(value) else None
    return value.get(segment) if isinstance(value, dict) else None


def value_at(sent: Any, path: Sequence[str | int]) -> Any:
    """The value the client sent at `path` (None when absent)."""
    for segment in path:
        sent = _step(sent, segment)
    return sent


def _codes(info: mi.Type) -> list[str]:
    """The codes an enum or literal field accepts (empty for other types)."""
    codes: list[str] = []
    for variant in _variants(info):
        if isinstance(variant, mi.EnumType):
            codes += [str(m.value) for m in variant.cls if isinstance(m, enum.Enum)]
        elif isinstance(variant, mi.LiteralType):
            codes += [str(v) for v in variant.values]
    return codes


def _tags(info: mi.Type) -> list[str]:
    """The `type` tags a tagged union accepts."""
    return [str(v.tag) for v in _variants(info) if isinstance(v, mi.StructType) and v.tag is not None]


def _one_of(sent: Any, codes: Sequence[str], what: str) -> str:
    near = closest(sent, codes)
    hint = f"did you mean `{near}`? " if near is not None and near != sent else ""
    return f"{hint}allowed {what}: {', '.join(codes)}"


def _date_hint(sent: Any) -> str:
    if isinstance(sent, str) and (m := _DAY_MONTH_YEAR.match(sent.strip())):
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return ""
        return f"; read as day/month/year, send {day.isoformat()}"
    return ""


#: How each kind of reference is named in an event: the description of its id type.
def _description(id_type: Any) -> str:
    info = mi.type_info(id_type)
    assert isinstance(info, mi.Metadata)
    assert info.extra_json_schema is not None
    return str(info.extra_json_schema["description"])


_ID_WORDS: Final = {
    kind: _description(id_type) for kind, id_type in zip(REFERENCE_TYPES, (OfficeId, CourtId, HotspotId), strict=True)
}


def _reference_form(info: mi.Type | None) -> str | None:
    """What a field naming an office, court or hotspot takes (None for other fields)."""
    kinds = [v.cls for v in _variants(info) if isinstance(v, mi.StructType)] if info is not None else []
    kind = next((k for k in kinds if k in REFERENCE_TYPES), None)
    if kind is None:
        return None
    return f"expected {_ID_WORDS[kind]}, as a string (the whole {NOUN[kind]} record is accepted only as registered)"


def allowed(reason: str, info: mi.Type | None, sent: Any, *, tag_field: bool = False) -> str:
    """`reason` followed by what the field allows, when the type or the message says it."""
    if reason.startswith("Expected `str | object`") and (form := _reference_form(info)):
        return f"{reason}: {form}"
    codes = _codes(info) if info is not None else []
    if tag_field and info is not None and (tags := _tags(info)):
        return f"{reason}: {_one_of(sent, tags, 'event types')}"
    if codes and (_ENUM_VALUE.match(reason) or reason.startswith("Expected `str`")):
        return f"{reason}: {_one_of(sent, codes, 'codes')}"
    if reason == "Invalid RFC3339 encoded date" or (info is not None and isinstance(_unwrap(info), mi.DateType)):
        return f"{reason}: expected {DATE_FORM}{_date_hint(sent)}"
    if reason == "Invalid RFC3339 encoded datetime" or (
        info is not None and isinstance(_unwrap(info), mi.DateTimeType)
    ):
        return f"{reason}: expected {DATETIME_FORM}"
    if match := _REGEX.match(reason):
        words = PATTERN_WORDS.get(match["pattern"])
        return f"expected {words}" if words else reason
    if reason == "Expected `bool`, got `str`":
        return f"{reason}: expected true or false"
    if reason.startswith("Expected `int`, got"):
        return f"{reason}: expected a whole number"
    if reason.startswith("Expected `float`, got") or reason.startswith("Expected `number`"):
        return f"{reason}: expected a number"
    return reason


def sent_body(raw: object) -> Any:
    """The request body as JSON (None when it is not JSON or was not read)."""
    if not isinstance(raw, bytes | bytearray) or not raw:
        return None
    try:
        return msgspec.json.decode(raw)
    except (msgspec.DecodeError, RecursionError):  # a body refused for its depth recurses past the limit
        return None
