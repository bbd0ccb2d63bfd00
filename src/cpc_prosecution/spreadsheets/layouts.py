"""A whole sheet of either layout to lawful case histories plus an error report (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final, Literal

import msgspec

from cpc_prosecution.domain import CaseEvent
from cpc_prosecution.spreadsheets.cases_layout import read_case_row
from cpc_prosecution.spreadsheets.cells import Problem
from cpc_prosecution.spreadsheets.events_layout import read_event
from cpc_prosecution.spreadsheets.fields import Registry
from cpc_prosecution.spreadsheets.histories import CaseKey, Duplicates, ParsedCase, Sourced, case_key, fold_cases
from cpc_prosecution.spreadsheets.table import Row, RowSource

__all__ = ("ANCHOR", "Grouped", "Layout", "Parsed", "parse_sheet", "settle")

Layout = Literal["events", "cases"]
#: The column whose name marks the header row.
ANCHOR: Final = "docket_number"


class Parsed(msgspec.Struct, frozen=True, kw_only=True):
    cases: list[ParsedCase]
    """Lawful histories, one per case key, in the order first seen."""
    problems: list[Problem]
    rejected_rows: list[Row]
    """Every row of every case with a problem (each case all or nothing), and rows with no case."""


class Grouped(msgspec.Struct, frozen=True, kw_only=True):
    """Each case's events as read, before they are folded after what the database holds: all an import
    keeps of the sheet (the rows themselves are not kept; see `settle` for the rejected ones)."""

    sheet: RowSource
    grouped: dict[CaseKey, list[Sourced]]
    rows_of: dict[CaseKey, list[int]]
    bad: dict[CaseKey, list[Problem]]
    unkeyed: list[Problem]
    row_count: int = 0


def parse_sheet(
    sheet: RowSource, layout: Layout, registry: Registry, *, on_row: Callable[[int], None] | None = None
) -> Grouped:
    """Every cell read and checked, one row at a time; events grouped by case, wherever in the file a
    case's rows are (not folded yet: see `settle`). `on_row` is told each row's number (progress)."""
    grouped: dict[CaseKey, list[Sourced]] = {}
    rows_of: dict[CaseKey, list[int]] = {}
    bad: dict[CaseKey, list[Problem]] = {}
    unkeyed: list[Problem] = []
    twice = Duplicates()
    count = 0
    for row in sheet.stream():
        count += 1
        if on_row is not None:
            on_row(row.number)
        key, problems = case_key(row.number, row.cells)
        if key is None:
            unkeyed.extend(problems)
            continue
        rows_of.setdefault(key, []).append(row.number)
        grouped.setdefault(key, [])
        if layout == "events":
            event, problems = read_event(row, registry)
            events = [] if event is None else [Sourced(row=row.number, column="event_type", event=event)]
            if (repeated := twice.check(row.number, key, row.cells)) is not None:
                problems.append(repeated)
        else:
            events, problems = read_case_row(row, registry)
            if len(rows_of[key]) > 1:
                problems.append(
                    Problem(
                        row=row.number,
                        column="docket_number",
                        value="(hidden)",
                        message=f"this case is already on row {rows_of[key][0]}: one row per case",
                    )
                )
        grouped[key].extend(events)
        if problems:
            bad.setdefault(key, []).extend(problems)
    return Grouped(sheet=sheet, grouped=grouped, rows_of=rows_of, bad=bad, unkeyed=unkeyed, row_count=count)


def settle(grouped: Grouped, stored: Mapping[CaseKey, Sequence[CaseEvent]]) -> Parsed:
    """Fold each case after its `stored` history (empty for a new case): the lawful ones and the report.
    The rejected rows are read again from the sheet, only when there are some."""
    cases, problems = fold_cases(grouped.grouped, grouped.rows_of, grouped.bad, stored)
    problems = sorted([*grouped.unkeyed, *problems], key=lambda p: (p.row, p.column))
    accepted = {n for case in cases for n in case.rows}
    rejected: list[Row] = []
    if len(accepted) < grouped.row_count:
        rejected = [row for row in grouped.sheet.stream() if row.number not in accepted]
    return Parsed(cases=cases, problems=problems, rejected_rows=rejected)
