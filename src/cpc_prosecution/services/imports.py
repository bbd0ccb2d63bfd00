"""Importing a spreadsheet: check everything, then write new cases in bulk and append to known ones.

1. Every cell is read and checked (`spreadsheets`); each row finds its case by the keyed hash of its
   NPS docket number in its office (`case_docket`), never by the number itself.
2. Each case is folded after the history the database already holds for it, keeping only the
   events it does not have yet: importing a file twice adds nothing; a later file with more
   milestones appends only those.
3. Only then is anything written, in one transaction: new cases through `case_import.import_cases`
   (the bulk COPY path) with their docket numbers registered, new events of known cases through
   `cases.append_events`. With problems, nothing is written unless `skip_invalid`; then the lawful
   cases go in and the rest are returned as rejected rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Final, Protocol

import msgspec

from cpc_prosecution.domain import CaseEvent
from cpc_prosecution.domain.dockets import DocketKind, docket_hash
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.case_commands import MAX_EVENTS_PER_APPEND, AppendEvents, DocketNumber
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder, append_events
from cpc_prosecution.services.docket_registry import register_new_cases
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.spreadsheets.cells import Problem
from cpc_prosecution.spreadsheets.fields import Registry
from cpc_prosecution.spreadsheets.histories import CaseKey, ParsedCase
from cpc_prosecution.spreadsheets.layouts import Layout, Parsed, parse_sheet, settle
from cpc_prosecution.spreadsheets.table import RowSource
from cpc_prosecution.store import case_events
from cpc_prosecution.store import dockets as docket_store
from cpc_prosecution.store import reference as reference_store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("ImportReport", "Progress", "import_sheet", "load_registry")

#: Who writes when the command line imports (the audit log names it; no API key is involved).
COMMAND_LINE = uuid.UUID(int=0)
#: Docket numbers looked up per query.
_LOOKUP_BATCH: Final = 5_000


class ImportReport(msgspec.Struct, frozen=True, kw_only=True):
    parsed: Parsed
    new_cases: int
    extended_cases: int
    events_added: int
    written: bool
    """False on a dry run, or when problems stopped the import."""
    rows_read: int = 0
    """Non-empty rows under the header."""


class Progress(Protocol):
    """What an import tells as it goes (the command line draws a bar; the API tells no one)."""

    def row_read(self, number: int) -> None: ...
    def writing(self, cases: int) -> None: ...
    def cases_written(self, count: int) -> None: ...


class _Known(msgspec.Struct, frozen=True):
    case_id: uuid.UUID
    version: int


async def load_registry(conn: Connection) -> Registry:
    return Registry(
        offices={o.office_id: o for o in await reference_store.list_offices(conn)},
        courts={c.court_id: c for c in await reference_store.list_courts(conn)},
        hotspots={h.hotspot_id: h for h in await reference_store.list_hotspots(conn)},
    )


def _hash(secret: bytes, key: CaseKey) -> bytes:
    return docket_hash(secret, DocketKind.NPS, key.office_id, key.docket_number)


async def _known_cases(
    conn: Connection, keys: list[CaseKey], secret: bytes
) -> tuple[dict[CaseKey, _Known], dict[CaseKey, list[CaseEvent]]]:
    """The cases already registered under these docket numbers (one query per 5,000), with their histories."""
    known: dict[CaseKey, _Known] = {}
    for start in range(0, len(keys), _LOOKUP_BATCH):
        batch = {(key.office_id, _hash(secret, key)): key for key in keys[start : start + _LOOKUP_BATCH]}
        found = await docket_store.find_cases_by_dockets(conn, DocketKind.NPS, list(batch))
        known.update({batch[at]: _Known(case_id, version) for at, (case_id, version) in found.items()})
    histories = await case_events.load_histories(conn, [k.case_id for k in known.values()])
    stored = {key: [r.event for r in histories[k.case_id]] for key, k in known.items()}
    return known, stored


def _scope_problems(
    grouped_rows: dict[CaseKey, list[int]], registry: Registry, principal: Principal | None
) -> dict[CaseKey, list[Problem]]:
    """Rows naming an office that is not registered, or not the caller's."""
    bad: dict[CaseKey, list[Problem]] = {}
    for key, rows in grouped_rows.items():
        if key.office_id not in registry.offices:
            message = "no registered office has this id (see /v1/offices)"
        elif principal is not None and principal.role is not Role.ADMIN and key.office_id not in principal.offices:
            message = "this key may not import cases of this office"
        else:
            continue
        bad[key] = [Problem(row=rows[0], column="office_id", value=key.office_id, message=message)]
    return bad


def _future_dates(cases: list[ParsedCase], today: dt.date) -> dict[CaseKey, list[Problem]]:
    """Events dated after today (Manila), which an append refuses too."""
    bad: dict[CaseKey, list[Problem]] = {}
    for case in cases:
        for source in case.sources:
            if source.event.occurred_on > today:
                day = source.event.occurred_on.isoformat()
                problem = Problem(row=source.row, column=source.column, value=day, message="in the future")
                bad.setdefault(case.key, []).append(problem)
    return bad


async def import_sheet(
    conn: Connection,
    sheet: RowSource,
    layout: Layout,
    secret: bytes,
    *,
    principal: Principal | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the whole sheet, then (unless told not to) write it; see the module docstring.

    `principal` None is the command line (every office). Otherwise admins may import for any office and
    liaison keys for their own offices; every call is audited (`ImportSpreadsheet`). `progress` is told
    each row read and each case written (the command line's progress bar)."""
    if principal is not None:
        require_role(principal, Role.ADMIN, Role.LIAISON)
    registry = await load_registry(conn)
    grouped = parse_sheet(sheet, layout, registry, on_row=None if progress is None else progress.row_read)
    grouped.bad.update(_scope_problems(grouped.rows_of, registry, principal))
    known, stored = await _known_cases(conn, list(grouped.grouped), secret)
    parsed = settle(grouped, stored)
    late = _future_dates(parsed.cases, manila_today())
    if late:
        grouped.bad.update(late)
        parsed = settle(grouped, stored)
    fresh = [c for c in parsed.cases if c.key not in known]
    extended = [c for c in parsed.cases if c.key in known and c.events]
    counts = {
        "new_cases": len(fresh),
        "extended_cases": len(extended),
        "events_added": sum(len(c.events) for c in [*fresh, *extended]),
        "rows_read": grouped.row_count,
    }
    if dry_run or (parsed.problems and not skip_invalid):
        if principal is not None:
            result = "dry_run" if dry_run else "refused"
            await audit.record_read(conn, principal, "ImportSpreadsheet", None, result=result)
        return ImportReport(parsed=parsed, written=False, **counts)
    # The appends run as a liaison of every office the import may touch (checked above, per row).
    key_id = COMMAND_LINE if principal is None else principal.key_id
    writer = Principal(key_id=key_id, role=Role.LIAISON, offices=frozenset(registry.offices))
    recorder = Recorder(client="import" if principal is None else str(principal.key_id))
    if progress is not None:
        progress.writing(len(fresh) + len(extended))
    on_chunk = None if progress is None else progress.cases_written
    async with conn.transaction():
        ids = await import_cases(
            conn,
            [ImportedCase(office_id=c.key.office_id, events=list(c.events)) for c in fresh],
            recorder=recorder,
            on_chunk=on_chunk,
        )
        dockets = [
            (DocketNumber(kind=DocketKind.NPS, scope_id=c.key.office_id, number=c.key.docket_number), case_id)
            for c, case_id in zip(fresh, ids, strict=True)
        ]
        await register_new_cases(conn, dockets, secret)
        for case in extended:
            at = known[case.key]
            version = at.version
            for start in range(0, len(case.events), MAX_EVENTS_PER_APPEND):
                chunk = list(case.events[start : start + MAX_EVENTS_PER_APPEND])
                command = AppendEvents(expected_version=version, events=chunk)
                version = (await append_events(conn, at.case_id, command, principal=writer)).version
            if on_chunk is not None:
                on_chunk(1)
        await audit.record(conn, principal, "ImportSpreadsheet", None)
    return ImportReport(parsed=parsed, written=True, **counts)
