"""What each column of each layout means, where its value comes from and which codes it takes.

Pure data, read by the template writer (the Columns sheet and the drop-downs) and by the docs.
"""

from __future__ import annotations

from typing import Final

import msgspec
import msgspec.inspect as mi

from cpc_prosecution.domain.events.union import FACT_TAGS, TYPE_OF
from cpc_prosecution.domain.vocab import CountOutcome, PenaltyBand, PleaKind
from cpc_prosecution.spreadsheets.cases_layout import CASE_COLUMNS, MILESTONES
from cpc_prosecution.spreadsheets.events_layout import EVENT_KEY_COLUMNS, event_columns, event_fields
from cpc_prosecution.spreadsheets.fields import codes_of, field_columns, unwrap
from cpc_prosecution.spreadsheets.layouts import Layout

__all__ = ("EXAMPLES", "ColumnDoc", "column_docs")

_KEY_DOCS: Final = {
    "office_id": ("The owning prosecution office's id, as registered (GET /v1/offices).", "registry", True),
    "docket_number": (
        "The case's NPS docket number in that office. Stored only as a keyed hash; finds the case again.",
        "office case list",
        True,
    ),
    "event_type": ("What happened (one event type per row).", "domain/events", True),
    "occurred_on": ("When: yyyy-mm-dd, dd/mm/yyyy or an Excel date.", "office case list", True),
    "accused_count": ("How many accused: positions A1 … An (never names).", "office case list", False),
    "offence": ("The offence charged on count 1 (code, e.g. RA9208-6; GET /v1/offence-codes).", "Information", False),
    "court_id": ("The RTC branch the case was raffled to (GET /v1/courts).", "registry", False),
    "hotspot_id": ("A designated hotspot covering the detection date, if any.", "registry", False),
}


class ColumnDoc(msgspec.Struct, frozen=True, kw_only=True):
    column: str
    meaning: str
    source: str
    required: str
    codes: tuple[str, ...] = ()
    drop_down: bool = True
    """False for a cell holding a list of codes ("A, B"), which a drop-down would refuse."""


def _per_accused_codes(column: str) -> tuple[str, ...]:
    for suffix, enum in (("_plea", PleaKind), ("_outcome", CountOutcome), ("_sentence_band", PenaltyBand)):
        if column.endswith(suffix):
            return tuple(str(m.value) for m in enum)
    return ()


def _event_docs() -> list[ColumnDoc]:
    docs = [
        ColumnDoc(column=c, meaning=_KEY_DOCS[c][0], source=_KEY_DOCS[c][1], required="always")
        for c in EVENT_KEY_COLUMNS
    ]
    docs[2] = msgspec.structs.replace(docs[2], codes=FACT_TAGS)
    users: dict[str, list[str]] = {}
    codes: dict[str, tuple[str, ...]] = {}
    required: dict[str, list[str]] = {}
    lists: set[str] = set()
    for tag in FACT_TAGS:
        for field in event_fields(tag):
            for column in field_columns(field.name, field.type):
                users.setdefault(column, []).append(tag)
                # A column shared by several event types (`kind`) takes the codes of each.
                codes[column] = tuple(dict.fromkeys((*codes.get(column, ()), *(codes_of(field.type) or ()))))
                if isinstance(unwrap(field.type), mi.VarTupleType):
                    lists.add(column)
                if field.required:
                    required.setdefault(column, []).append(tag)
    for column in event_columns()[len(EVENT_KEY_COLUMNS) :]:
        kinds = ", ".join(users[column])
        source = ", ".join(f"{TYPE_OF[t].__name__}.{column.split('.')[0]}" for t in users[column][:3])
        docs.append(
            ColumnDoc(
                column=column,
                meaning=f"Field of: {kinds}.",
                source=f"domain event field {source}",
                required=", ".join(required.get(column, [])) or "optional",
                codes=codes[column] if codes.get(column) else (),
            )
        )
    return docs


def _case_docs() -> list[ColumnDoc]:
    docs: list[ColumnDoc] = []
    for column in CASE_COLUMNS:
        milestone = next((m for m in MILESTONES if column == m.date_column or column in m.columns), None)
        codes: tuple[str, ...] = _per_accused_codes(column)
        if column in _KEY_DOCS:
            meaning, source, always = _KEY_DOCS[column]
            required = "always" if always else "with the milestones that need it"
        elif column.startswith("children."):
            meaning, source, required = f"Children at detection, {column[9:]} (a count).", "detection", "optional"
        elif milestone is not None and column == milestone.date_column:
            after = f" after {', '.join(milestone.requires)}" if milestone.requires else ""
            meaning = (
                f"Date of the {milestone.tag.replace('_', ' ')}{after}; blank = not happened (nothing is invented)."
            )
            source, required = f"the {milestone.tag} event", "always" if column == "detection_date" else "optional"
        elif milestone is not None:
            field = milestone.columns[column]
            codes = codes_of(next(f.type for f in event_fields(milestone.tag) if f.name == field)) or ()
            meaning = f"The {milestone.tag.replace('_', ' ')}'s {field.replace('_', ' ')}."
            source = f"{TYPE_OF[milestone.tag].__name__}.{field}"
            required = f"with {milestone.date_column}" if column in milestone.needs else "optional"
        else:
            meaning = f"Accused position {column.split('_')[0].upper()}: {column.split('_', 1)[1].replace('_', ' ')}."
            source, required = "arraignment / promulgation, per accused", "with its date, for each accused concerned"
        docs.append(ColumnDoc(column=column, meaning=meaning, source=source, required=required, codes=codes))
    return docs


def column_docs(layout: Layout) -> list[ColumnDoc]:
    return _event_docs() if layout == "events" else _case_docs()


#: One example row per layout (an illustrative, not a real, case).
EXAMPLES: Final[dict[str, list[dict[str, object]]]] = {
    "events": [
        {"office_id": "OCP-0702-LLC", "docket_number": "NPS-VII-07-INV-24A-0001", "event_type": "detection"}
        | {"occurred_on": "2024-01-05", "case_type": "OSEC", "referral_source": "NCMEC_CYBERTIP"}
        | {"place_psgc": "0702260000", "children.girls_12_14": 2},
    ],
    "cases": [
        {"office_id": "OCP-0702-LLC", "docket_number": "NPS-VII-07-INV-24A-0001", "accused_count": 1}
        | {"detection_date": "2024-01-05", "case_type": "OSEC", "referral_source": "NCMEC_CYBERTIP"}
        | {"place_psgc": "0702260000", "pi_date": "2024-01-10", "pi_basis": "COMPLAINT"}
        | {"resolution_date": "2024-01-30", "resolution": "FILE_INFORMATION", "filing_date": "2024-02-02"}
        | {"offence": "RA9208-6"},
    ],
}
