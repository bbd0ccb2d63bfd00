"""A whole sheet of either layout to lawful case histories plus an error report (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final, Literal

import msgspec

from cpc_prosecution.domain import CaseEvent
from cpc_prosecution.spreadsheets.cells import Problem
from cpc_prosecution.spreadsheets.events_layout import read_event
from cpc_prosecution.spreadsheets.fields import Registry
from cpc_prosecution.spreadsheets.histories import CaseKey, ParsedCase, Sourced, case_key, duplicates, fold_cases
from cpc_prosecution.spreadsheets.table import Row, Sheet

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
    """Each case's events as read, before they are folded after what the database holds."""

    sheet: Sheet
    grouped: dict[CaseKey, list[Sourced]]
    rows_of: dict[CaseKey, list[int]]
    bad: dict[CaseKey, list[Problem]]
    unkeyed: list[Problem]


def parse_sheet(sheet: Sheet, layout: Layout, registry: Registry) -> Grouped:
    """Every cell read and checked; events grouped by case (not folded yet: see `settle`)."""
    grouped: dict[CaseKey, list[Sourced]] = {}
    rows_of: dict[CaseKey, list[int]] = {}
    bad: dict[CaseKey, list[Problem]] = {}
    unkeyed: list[Problem] = []
    keyed: list[tuple[int, CaseKey, dict[str, object]]] = []
    for row in sheet.rows:
        key, problems = case_key(row.number, row.cells)
        if key is None:
            unkeyed.extend(problems)
            continue
        keyed.append((row.number, key, row.cells))
        rows_of.setdefault(key, []).append(row.number)
        grouped.setdefault(key, [])
        if layout == "events":
            event, problems = read_event(row, registry)
            events = [] if event is None else [Sourced(row=row.number, column="event_type", event=event)]
        else:
            from cpc_prosecution.spreadsheets.cases_layout import read_case_row

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
    if layout == "events":
        for problem in duplicates(keyed):
            key = next(k for n, k, _ in keyed if n == problem.row)
            bad.setdefault(key, []).append(problem)
    return Grouped(sheet=sheet, grouped=grouped, rows_of=rows_of, bad=bad, unkeyed=unkeyed)


def settle(grouped: Grouped, stored: Mapping[CaseKey, Sequence[CaseEvent]]) -> Parsed:
    """Fold each case after its `stored` history (empty for a new case): the lawful ones and the report."""
    cases, problems = fold_cases(grouped.grouped, grouped.rows_of, grouped.bad, stored)
    problems = sorted([*grouped.unkeyed, *problems], key=lambda p: (p.row, p.column))
    accepted = {n for case in cases for n in case.rows}
    rejected = [row for row in grouped.sheet.rows if row.number not in accepted]
    return Parsed(cases=cases, problems=problems, rejected_rows=rejected)
