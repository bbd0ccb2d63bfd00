"""Importing whole case histories at once (spreadsheets, migrations from other systems, benchmarks).

Every history is folded first, so an import holds only legal histories; then cases, events and
summaries go in with binary COPY, all in one transaction: one bad history and nothing is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import msgspec

from cpc_prosecution.domain import CaseEvent, Detection, DomainError, event_tag, fold
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.event_checks import check_events
from cpc_prosecution.services.projection import manila_today, project
from cpc_prosecution.services.references_in_events import ReferenceCache, check_event_references
from cpc_prosecution.store.bulk import copy_cases, reserve_list_orders
from cpc_prosecution.store.case_clocks import clock_records

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("ImportedCase", "import_cases")


class ImportedCase(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One case to import: its owning office and its whole history, detection first."""

    office_id: str
    events: list[CaseEvent]


async def import_cases(conn: Connection, cases: Sequence[ImportedCase], *, recorder: Recorder) -> list[uuid.UUID]:
    """Import every case or none; returns the new case ids in input order."""
    today = manila_today()
    offices = {r["office_id"] for r in await conn.fetch("SELECT office_id FROM prosecution_office")}
    cache: ReferenceCache = {}
    async with conn.transaction():
        orders = await reserve_list_orders(conn, len(cases))
        case_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        summary_rows: list[tuple[Any, ...]] = []
        clock_rows: list[tuple[Any, ...]] = []
        ids: list[uuid.UUID] = []
        for i, (case, order) in enumerate(zip(cases, orders, strict=True)):
            path = f"cases[{i}]"
            if case.office_id not in offices:
                raise InvalidInput(f"{path}.office_id", f"{case.office_id} is not registered (see /v1/offices)")
            first = case.events[0] if case.events else None
            if not isinstance(first, Detection):
                raise InvalidInput(f"{path}.events[0]", "a history starts with its detection")
            case_id = uuid.uuid4()
            events = [msgspec.structs.replace(first, case_id=str(case_id)), *case.events[1:]]
            check_events(events, case_id, today, f"{path}.events")
            events = await check_event_references(conn, events, f"{path}.events", cache=cache)
            try:
                state = fold(events)
            except DomainError as exc:
                raise InvalidInput(f"{path}.events[{(exc.seq or 1) - 1}]", str(exc)) from None
            ids.append(case_id)
            case_rows.append((case_id, order, case.office_id, first.case_type, len(events), recorder.client))
            event_rows.extend(
                (case_id, seq, event_tag(event), event.occurred_on, event, recorder.client)
                for seq, event in enumerate(events, start=1)
            )
            # `project` runs the clock engine once for the row's open due date and the clocks.
            projected = project(
                state,
                case_id=case_id,
                list_order=order,
                owner_office_id=case.office_id,
                version=len(events),
                today=today,
            )
            summary_rows.append(projected.row)
            clock_rows.extend(clock_records(case_id, projected.clocks))
        await copy_cases(conn, case_rows, event_rows, summary_rows, clock_rows)
    return ids
