"""The CPU half of a bulk import, for one chunk of cases: check, fold, project (pure; no database).

It runs in the importing process for small imports and in worker processes for large ones, so the
fold of one chunk overlaps the COPY of the one before (`case_import`). It returns only what the
importer does not already have: each case's summary row and clock rows, or the first problem.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import msgspec

from cpc_prosecution.domain import CaseEvent, Detection, DomainError, fold
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.event_checks import check_events
from cpc_prosecution.services.projection import project
from cpc_prosecution.store.case_clocks import clock_records

__all__ = ("FoldedChunk", "Refusal", "fold_chunk", "with_case_id")


class Refusal(msgspec.Struct, frozen=True):
    """The first case of the chunk that cannot be imported: the field and the reason (InvalidInput)."""

    field: str
    reason: str


class FoldedChunk(msgspec.Struct, frozen=True, kw_only=True):
    summary_rows: list[tuple[Any, ...]]
    clock_rows: list[tuple[Any, ...]]
    refusal: Refusal | None = None


def with_case_id(events: list[CaseEvent], case_id: uuid.UUID) -> list[CaseEvent]:
    """The history with its detection naming the new case."""
    first = events[0]
    assert isinstance(first, Detection)
    return [msgspec.structs.replace(first, case_id=str(case_id)), *events[1:]]


def fold_chunk(
    chunk: list[tuple[uuid.UUID, int, str, list[CaseEvent]]], first_index: int, today: dt.date
) -> FoldedChunk:
    """(case id, list order, owning office, history with its detection) per case -> the rows to COPY."""
    summary_rows: list[tuple[Any, ...]] = []
    clock_rows: list[tuple[Any, ...]] = []
    for i, (case_id, order, office_id, events) in enumerate(chunk, start=first_index):
        path = f"cases[{i}].events"
        try:
            check_events(events, case_id, today, path)
            state = fold(events)
        except InvalidInput as exc:
            return FoldedChunk(summary_rows=[], clock_rows=[], refusal=Refusal(exc.field, exc.reason))
        except DomainError as exc:
            refusal = Refusal(f"{path}[{(exc.seq or 1) - 1}]", str(exc))
            return FoldedChunk(summary_rows=[], clock_rows=[], refusal=refusal)
        # `project` runs the clock engine once for the row's open due date and the clocks.
        projected = project(
            state, case_id=case_id, list_order=order, owner_office_id=office_id, version=len(events), today=today
        )
        summary_rows.append(projected.row)
        clock_rows.extend(clock_records(case_id, projected.clocks))
    return FoldedChunk(summary_rows=summary_rows, clock_rows=clock_rows)
