"""The `cases` layout: one row per case, a date column per milestone, outcomes per accused position.

The importer builds the history from the dates it is given and nothing else: a milestone without
its date is not invented, a coded column without its date is reported, and so is a milestone whose
prerequisite is blank or dated later. Accused are positions A1 … An (`accused_count`), charged on
one count (`offence`); pleas and outcomes are per position (`a1_plea`, `a1_outcome`, …).
"""

from __future__ import annotations

from typing import Any, Final

import msgspec

from cpc_prosecution.domain.events.union import TYPE_OF
from cpc_prosecution.domain.reference import ProsecutionOffice
from cpc_prosecution.domain.vocab import CountOutcome, PenaltyBand, PleaKind
from cpc_prosecution.spreadsheets.cells import CellError, Problem, parse_code, parse_date, parse_int, text
from cpc_prosecution.spreadsheets.events_layout import PENDING_CASE_ID, event_fields
from cpc_prosecution.spreadsheets.fields import ColumnError, Registry, read_field
from cpc_prosecution.spreadsheets.histories import Sourced
from cpc_prosecution.spreadsheets.table import Row

__all__ = ("CASE_COLUMNS", "MILESTONES", "Milestone", "read_case_row")


class Milestone(msgspec.Struct, frozen=True, kw_only=False):
    date_column: str
    tag: str
    columns: dict[str, str]
    """Sheet column -> the event field it fills (coded values, read by that field's type)."""
    requires: tuple[str, ...] = ()
    """Date columns that must be filled, and dated no later, for this milestone to make sense."""
    per_accused: tuple[str, ...] = ()
    """Per-position columns (`a{n}_<name>`) this milestone reads."""
    needs: tuple[str, ...] = ()
    """Columns that must be filled when the date is."""


_ALL: Final = ("accused_count",)
MILESTONES: Final = (
    Milestone(
        "detection_date",
        "detection",
        {"case_type": "case_type", "referral_source": "referral_source", "place_psgc": "place_psgc"}
        | {"hotspot_id": "hotspot"},
        needs=("case_type", "referral_source", "place_psgc"),
    ),
    Milestone(
        "operation_date",
        "operation",
        {"operation_kind": "kind", "lead_agency": "lead_agency"},
        ("detection_date",),
        needs=("operation_kind", "lead_agency"),
    ),
    Milestone("arrest_date", "arrest", {"arrest_mode": "mode"}, ("detection_date",), needs=("arrest_mode", *_ALL)),
    Milestone("pi_date", "preliminary_investigation", {"pi_basis": "basis"}, ("detection_date",), needs=("pi_basis",)),
    Milestone(
        "resolution_date",
        "resolution",
        {"resolution": "disposition", "dismissal_reason": "dismissal_reason"},
        ("pi_date",),
        needs=("resolution",),
    ),
    Milestone("filing_date", "filing", {}, ("resolution_date",), needs=("offence", *_ALL)),
    Milestone("raffle_date", "raffle", {"court_id": "court"}, ("filing_date",), needs=("court_id",)),
    Milestone(
        "probable_cause_date",
        "probable_cause_determination",
        {"probable_cause": "finding"},
        ("raffle_date",),
        needs=("probable_cause",),
    ),
    Milestone("arraignment_date", "arraignment", {}, ("probable_cause_date", "arrest_date"), ("plea",), needs=_ALL),
    Milestone("pre_trial_date", "pre_trial", {}, ("arraignment_date",), needs=_ALL),
    Milestone("trial_start_date", "trial_setting", {}, ("pre_trial_date",), needs=_ALL),
    Milestone("submission_date", "submission_for_decision", {}, ("trial_start_date",), needs=_ALL),
    Milestone("judgment_date", "promulgation", {}, ("arraignment_date",), ("outcome", "sentence_band"), needs=_ALL),
    Milestone(
        "archive_date", "archiving", {"archive_ground": "ground"}, ("filing_date",), needs=("archive_ground", *_ALL)
    ),
    Milestone("revival_date", "revival", {}, ("archive_date",), needs=_ALL),
)
_CHILD_COLUMNS: Final = tuple(
    c
    for c in (
        "children.girls_0_5",
        "children.girls_6_11",
        "children.girls_12_14",
        "children.girls_15_17",
        "children.boys_0_5",
        "children.boys_6_11",
        "children.boys_12_14",
        "children.boys_15_17",
    )
)
#: Every column of the layout (per-accused columns shown for A1 … A3; the reader takes any An).
CASE_COLUMNS: Final = (
    "office_id",
    "docket_number",
    "accused_count",
    *_CHILD_COLUMNS,
    *dict.fromkeys(c for m in MILESTONES for c in (m.date_column, *m.columns, *m.needs) if c not in _ALL),
    *(f"a{n}_{name}" for n in (1, 2, 3) for m in MILESTONES for name in m.per_accused),
)


def _field_type(tag: str, name: str) -> Any:
    return next(f.type for f in event_fields(tag) if f.name == name)


_PER_ACCUSED_CODES: Final = {
    "plea": ("arraignment", "pleas", PleaKind),
    "outcome": ("promulgation", "judgments", CountOutcome),
    "sentence_band": ("promulgation", "judgments", PenaltyBand),
}


def _per(cells: dict[str, Any], accused: list[str], name: str) -> dict[str, str]:
    """The coded per-position values given on the row, by position (blank positions left out)."""
    codes = [str(m.value) for m in _PER_ACCUSED_CODES[name][2]]
    found: dict[str, str] = {}
    for a in accused:
        column = f"{a.lower()}_{name}"
        if column in cells:
            try:
                found[a] = parse_code(cells[column], codes)
            except CellError as exc:
                raise ColumnError(column, exc) from None
    return found


def _event(milestone: Milestone, data: dict[str, Any], accused: list[str], cells: dict[str, Any]) -> dict[str, Any]:
    """The event's fields beyond the ones read from its coded columns."""
    tag = milestone.tag
    if tag == "detection":
        return {"case_id": PENDING_CASE_ID, **data}
    if tag == "preliminary_investigation":
        return {"respondents": accused, **data}
    if tag == "filing":
        offence = text(cells["offence"]).upper()
        return {"counts": [{"count_no": 1, "offence": offence, "accused": accused}], **data}
    if tag == "arraignment":
        pleas = _per(cells, accused, "plea")
        if not pleas:
            raise ColumnError("a1_plea", CellError("arraignment_date needs the plea of at least one accused"))
        return {"pleas": [{"accused": a, "count_no": 1, "plea": p} for a, p in pleas.items()], **data}
    if tag == "promulgation":
        outcomes, bands = _per(cells, accused, "outcome"), _per(cells, accused, "sentence_band")
        if not outcomes:
            raise ColumnError("a1_outcome", CellError("judgment_date needs the outcome of at least one accused"))
        judgments = [
            {"accused": a, "count_no": 1, "outcome": o, **({"sentence_band": bands[a]} if a in bands else {})}
            for a, o in outcomes.items()
        ]
        return {"judgments": judgments, **data}
    if tag in {"arrest", "pre_trial", "trial_setting", "submission_for_decision", "archiving", "revival"}:
        return {"accused": accused, **({"held": True} if tag == "trial_setting" else {}), **data}
    return data


def read_case_row(row: Row, registry: Registry) -> tuple[list[Sourced], list[Problem]]:
    """The row's events in milestone order, or every problem found on it."""
    cells = row.cells
    problems: list[Problem] = []

    def problem(column: str, message: str, suggestion: str | None = None) -> None:
        problems.append(
            Problem(
                row=row.number, column=column, value=text(cells.get(column)), message=message, suggestion=suggestion
            )
        )

    dates: dict[str, Any] = {}
    for m in MILESTONES:
        if m.date_column in cells:
            try:
                dates[m.date_column] = parse_date(cells[m.date_column])
            except CellError as exc:
                problem(m.date_column, str(exc))
    if "detection_date" not in cells:
        problem("detection_date", "required: every history starts with its detection")
    accused: list[str] = []
    if "accused_count" in cells:
        try:
            accused = [f"A{n}" for n in range(1, parse_int(cells["accused_count"]) + 1)]
        except CellError as exc:
            problem("accused_count", str(exc))
    events: list[Sourced] = []
    for m in MILESTONES:
        given = [c for c in m.columns if c in cells]
        if m.date_column not in cells:
            for column in given:
                problem(column, f"given, but {m.date_column} is empty: the importer fills no date")
            continue
        missing = [c for c in m.needs if c not in cells]
        for column in missing:
            problem(column, f"required when {m.date_column} is given, but empty")
        for needed in m.requires:
            if needed not in cells:
                problem(m.date_column, f"{m.date_column} needs {needed}, which is empty")
            elif needed in dates and m.date_column in dates and dates[needed] > dates[m.date_column]:
                problem(m.date_column, f"out of order: dated before {needed} ({dates[needed].isoformat()})")
        if m.date_column not in dates or missing:
            continue
        data: dict[str, Any] = {"occurred_on": dates[m.date_column].isoformat()}
        try:
            for column, name in m.columns.items():
                value = read_field(cells, column, _field_type(m.tag, name), registry)
                if value is not None:
                    data[name] = value
            if m.tag == "detection":
                children = read_field(cells, "children", _field_type("detection", "children"), registry)
                if children is not None:
                    data["children"] = children
            if m.tag == "preliminary_investigation":
                data["office"] = registry.find(ProsecutionOffice, text(cells.get("office_id")))
            data = _event(m, data, accused, cells)
        except ColumnError as exc:
            problem(exc.column, str(exc.error), exc.error.suggestion)
            continue
        except CellError as exc:
            problem("office_id", str(exc))
            continue
        try:
            event = msgspec.convert(data, TYPE_OF[m.tag], strict=False)
        except msgspec.ValidationError as exc:
            problem(m.date_column, f"{m.tag} cannot be built: {str(exc).split(' - at ')[0]}")
            continue
        events.append(Sourced(row=row.number, column=m.date_column, event=event))
    # One row gives no order but the dates' (milestones of one day keep the layout's order).
    return ([] if problems else sorted(events, key=lambda s: s.event.occurred_on)), problems
