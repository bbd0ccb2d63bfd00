"""Importing whole case histories at once (spreadsheets, migrations from other systems, benchmarks).

Every history is folded first, so an import holds only legal histories; then cases, events and
summaries go in with binary COPY, all in one transaction: one bad history and nothing is stored.

The cases go in chunks (`CHUNK` cases): the COPY of one chunk runs on the connection while the next
chunk is folded, in worker processes when the import is large enough to pay for them (`FOLD_WORKERS`),
so PostgreSQL's work and Python's overlap, and only a chunk's rows are held at a time.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing
import os
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, Final

import msgspec
import structlog

from cpc_prosecution.domain import CaseEvent, Detection, event_tag
from cpc_prosecution.services.bulk_fold import FoldedChunk, fold_chunk, with_case_id
from cpc_prosecution.services.cases import Recorder
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.services.references_in_events import ReferenceCache, check_event_references
from cpc_prosecution.store.bulk import copy_cases, reserve_list_orders

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("CHUNK", "FOLD_WORKERS", "ImportedCase", "import_cases")

#: Cases per COPY: large enough that a COPY's fixed cost is small, small enough to bound memory.
CHUNK: Final = 500
#: Worker processes folding chunks by default (0: one thread of this process). On the 2-core benchmark
#: machine two workers made imports slower, not faster (docs/performance.md, "Import"), so they are
#: opt-in (`workers=`).
FOLD_WORKERS: Final = 0
Chunk = list[tuple[uuid.UUID, int, str, list[CaseEvent]]]
log = structlog.get_logger("cpc_prosecution.import")


class ImportedCase(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One case to import: its owning office and its whole history, detection first."""

    office_id: str
    events: list[CaseEvent]


def _copy_rows(chunk: Chunk, client: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The chunk's case_file and case_event rows (the summaries and clocks come from the fold)."""
    case_rows: list[tuple[Any, ...]] = []
    event_rows: list[tuple[Any, ...]] = []
    for case_id, order, office_id, history in chunk:
        detection = history[0]
        assert isinstance(detection, Detection)
        case_rows.append((case_id, order, office_id, detection.case_type, len(history), client))
        event_rows.extend(
            (case_id, seq, event_tag(event), event.occurred_on, event, client)
            for seq, event in enumerate(history, start=1)
        )
    return case_rows, event_rows


async def _checked(conn: Connection, cases: Sequence[ImportedCase]) -> list[list[CaseEvent]]:
    """Offices, first events and every named reference record and place (each looked up once); the
    histories with the registered records in place of the ids they name."""
    offices = {r["office_id"] for r in await conn.fetch("SELECT office_id FROM prosecution_office")}
    cache: ReferenceCache = {}
    places: dict[str, bool | None] = {}
    resolved: list[list[CaseEvent]] = []
    for i, case in enumerate(cases):
        path = f"cases[{i}]"
        if case.office_id not in offices:
            raise InvalidInput(f"{path}.office_id", f"{case.office_id} is not registered (see /v1/offices)")
        if not case.events or not isinstance(case.events[0], Detection):
            raise InvalidInput(f"{path}.events[0]", "a history starts with its detection")
        resolved.append(await check_event_references(conn, case.events, f"{path}.events", cache=cache, places=places))
    return resolved


def _executor(count: int, workers: int | None) -> tuple[Executor, int]:
    """Where chunks are folded, and how many chunks ahead of the COPY: worker processes for a large
    import; otherwise one thread, which still lets the event loop drive the previous chunk's COPY while
    the next is folded (the fold holds the GIL; PostgreSQL's share of the COPY does not need it).
    Enough chunks ahead to keep the folders busy, few enough that only a handful are ever held."""
    workers = FOLD_WORKERS if workers is None else min(workers, os.cpu_count() or 1, count)
    if workers < 1:
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-fold"), 1
    # forkserver: workers start from a clean process with the domain preloaded, never from a fork of
    # this one (which holds an event loop, a connection and maybe threads).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["cpc_prosecution.services.bulk_fold"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context), 2 * workers


async def _folded(pending: asyncio.Future[FoldedChunk], chunk: Chunk, first: int, today: dt.date) -> FoldedChunk:
    """The chunk folded by a worker, or here (no pool, or a pool that could not start: a script without
    the `if __name__ == "__main__"` guard multiprocessing needs; the import goes on, only slower)."""
    try:
        return await pending
    except BrokenProcessPool:
        log.warning("import_fold_workers_unavailable")
        return fold_chunk(chunk, first, today)


async def import_cases(
    conn: Connection,
    cases: Sequence[ImportedCase],
    *,
    recorder: Recorder,
    workers: int | None = None,
    chunk_size: int = CHUNK,
    on_chunk: Callable[[int], None] | None = None,
) -> list[uuid.UUID]:
    """Import every case or none; returns the new case ids in input order. `workers`: fold processes
    (default FOLD_WORKERS); `on_chunk` is told how many cases each written chunk held (progress)."""
    today = manila_today()
    resolved = await _checked(conn, cases)
    loop = asyncio.get_running_loop()
    async with AsyncExitStack() as stack, conn.transaction():
        orders = await reserve_list_orders(conn, len(cases))
        ids = [uuid.uuid4() for _ in cases]
        histories = [with_case_id(events, case_id) for events, case_id in zip(resolved, ids, strict=True)]
        entries = [(ids[i], orders[i], cases[i].office_id, histories[i]) for i in range(len(cases))]
        chunks: list[Chunk] = [entries[start : start + chunk_size] for start in range(0, len(entries), chunk_size)]
        executor, ahead = _executor(len(cases), workers)
        stack.callback(executor.shutdown, cancel_futures=True)
        folds: dict[int, asyncio.Future[FoldedChunk]] = {}
        for n, chunk in enumerate(chunks):
            for m in range(n, min(n + ahead + 1, len(chunks))):
                if m not in folds:
                    folds[m] = loop.run_in_executor(executor, fold_chunk, chunks[m], m * chunk_size, today)
            folded = await _folded(folds.pop(n), chunk, n * chunk_size, today)
            if folded.refusal is not None:
                raise InvalidInput(folded.refusal.field, folded.refusal.reason)
            await copy_cases(conn, *_copy_rows(chunk, recorder.client), folded.summary_rows, folded.clock_rows)
            if on_chunk is not None:
                on_chunk(len(chunk))
    return ids
