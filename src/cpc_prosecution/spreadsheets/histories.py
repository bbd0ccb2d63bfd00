"""Rows grouped into cases and folded through the lifecycle rules: a lawful history, or the reasons not.

A case is keyed by its owning office and NPS docket number (normalised, so "nps xv-07" and
"NPS XV-07" are one case). Its events keep the order of its rows in the file (a history's order is
its sequence, which dates alone do not fix: two events of one day, an event recorded late) and are
folded with `domain.fold`, exactly as an append would; the first illegal event is reported on
the row and column it came from. Each case is all or nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence

import msgspec

from cpc_prosecution.domain import CaseEvent, Detection, DomainError, event_tag, fold
from cpc_prosecution.domain.dockets import InvalidDocketNumber, normalise_docket
from cpc_prosecution.spreadsheets.cells import Problem, text
from cpc_prosecution.spreadsheets.events_layout import PENDING_CASE_ID

__all__ = ("CaseKey", "Duplicates", "ParsedCase", "Sourced", "case_key", "fold_cases", "new_events")


class CaseKey(msgspec.Struct, frozen=True, order=True):
    office_id: str
    docket_number: str
    """Normalised; it leaves this process only as a keyed hash."""


class Sourced(msgspec.Struct, frozen=True, kw_only=True):
    """An event with the row and column it was read from (for the error report)."""

    row: int
    column: str
    event: CaseEvent


class ParsedCase(msgspec.Struct, frozen=True, kw_only=True):
    key: CaseKey
    rows: tuple[int, ...]
    events: tuple[CaseEvent, ...]
    """The events to add, in history order (a new case's start with its detection; may be empty)."""
    sources: tuple[Sourced, ...] = ()
    """Where each of `events` was read from."""


def case_key(number: int, cells: dict[str, object]) -> tuple[CaseKey | None, list[Problem]]:
    """The row's case key, or why it has none (both columns are required)."""
    problems = [
        Problem(row=number, column=column, value="", message="required, but empty")
        for column in ("office_id", "docket_number")
        if column not in cells
    ]
    if problems:
        return None, problems
    try:
        docket = normalise_docket(text(cells["docket_number"]))
    except InvalidDocketNumber as exc:
        # The docket number is never echoed back, even in an error report.
        return None, [Problem(row=number, column="docket_number", value="(hidden)", message=str(exc))]
    return CaseKey(text(cells["office_id"]), docket), []


def _same(event: CaseEvent) -> CaseEvent:
    """The event as a sheet would give it (a stored detection carries its case id; a sheet's does not)."""
    if isinstance(event, Detection):
        return msgspec.structs.replace(event, case_id=PENDING_CASE_ID)
    return event


def new_events(stored: Sequence[CaseEvent], sourced: Sequence[Sourced]) -> list[Sourced]:
    """The sheet's events the case does not have yet (so importing a file twice adds nothing)."""
    have = Counter(_same(e) for e in stored)
    fresh: list[Sourced] = []
    for item in sourced:
        if have[item.event] > 0:
            have[item.event] -= 1
        else:
            fresh.append(item)
    return fresh


def fold_cases(
    grouped: dict[CaseKey, list[Sourced]],
    rows_of: dict[CaseKey, list[int]],
    bad: dict[CaseKey, list[Problem]],
    stored: Mapping[CaseKey, Sequence[CaseEvent]],
) -> tuple[list[ParsedCase], list[Problem]]:
    """Fold each case with no problem yet after what is `stored` for it (known cases); returns the cases
    with their new events (possibly none) and every problem, by row."""
    cases: list[ParsedCase] = []
    problems: list[Problem] = [p for found in bad.values() for p in found]
    for key, sourced in grouped.items():
        if key in bad:
            continue
        before = list(stored.get(key, ()))
        ordered = new_events(before, sourced)
        events = [s.event for s in ordered]
        try:
            fold([*before, *events])
        except DomainError as exc:
            at = ordered[max((exc.seq or 1) - 1 - len(before), 0)] if ordered else sourced[0]
            problems.append(
                Problem(
                    row=at.row,
                    column=at.column,
                    value=at.event.occurred_on.isoformat(),
                    message=f"{event_tag(at.event)} cannot come here: {exc.message}",
                )
            )
            continue
        cases.append(
            ParsedCase(key=key, rows=tuple(sorted(set(rows_of[key]))), events=tuple(events), sources=tuple(ordered))
        )
    problems.sort(key=lambda p: (p.row, p.column))
    return cases, problems


class Duplicates:
    """Rows identical to an earlier row of the same case (an event typed twice), found as rows stream
    by: each row is remembered by a 16-byte digest of its cells, not by the cells."""

    def __init__(self) -> None:
        self._seen: dict[tuple[CaseKey, bytes], int] = {}

    def check(self, number: int, key: CaseKey, cells: dict[str, object]) -> Problem | None:
        content = repr(sorted((k, text(v)) for k, v in cells.items())).encode()
        fingerprint = (key, hashlib.blake2b(content, digest_size=16).digest())
        first = self._seen.setdefault(fingerprint, number)
        if first == number:
            return None
        return Problem(
            row=number,
            column="(row)",
            value="",
            message=f"same as row {first}: delete one, or correct it if both happened",
        )
