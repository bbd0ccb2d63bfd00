"""Where one append (and one bulk import) spends its time: the use case run in process on one
pooled connection, no HTTP, each step timed by wrapping the functions it calls (event_store.py's
"Where the time goes" tables)."""

from __future__ import annotations

import datetime as dt
import gc
import inspect
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Final

import asyncpg
from _caller import Caller

import cpc_prosecution.services.bulk_fold as bulk_fold
import cpc_prosecution.services.case_import as case_import
import cpc_prosecution.services.cases as case_service
import cpc_prosecution.services.prior_state as prior_state
import cpc_prosecution.services.projection as projection
import cpc_prosecution.store.case_events as case_event_store
from cpc_prosecution.domain import ServicesDelivered, VictimService
from cpc_prosecution.services.api_keys import authenticate
from cpc_prosecution.services.case_commands import AppendEvents
from cpc_prosecution.services.case_import import ImportedCase, import_cases


def append_events(today: dt.date) -> list[ServicesDelivered]:
    """The single events appended: legal at any point of a case once it exists (dated today)."""
    return [ServicesDelivered(occurred_on=today, service=service, children=1) for service in VictimService]


@contextmanager
def gc_paused() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_APPEND_STEPS: Final = (
    (case_event_store, "read_state_source", "read the case with its snapshot, or its history (one `SELECT`)"),
    (prior_state, "decode_snapshot", "decode the stored snapshot"),
    (prior_state, "encode_snapshot", "encode the new snapshot"),
    (case_event_store, "lock_case", "lock the case row (`SELECT … FOR UPDATE`, locked path only)"),
    (case_service, "check_event_references", "check references named by the event"),
    (prior_state, "fold", "fold the whole history"),
    (prior_state, "evolve_all", "evolve the stored state by the new event"),
    (projection, "summarize", "summarize"),
    (projection, "open_clock_due_on", "legal deadlines for `open_clock_due_on`"),
    (projection, "clock_outcomes", "legal clocks for `case_clock`"),
    (projection, "clock_views", "legal clocks and deadlines together (`clock_views`: the clock engine runs once)"),
    (
        case_service,
        "append_and_project",
        "one statement: `INSERT` event, `UPDATE` version, upsert summary, audit entry; clocks replaced if changed",
    ),
)
_IMPORT_STEPS: Final = (
    (case_import, "check_event_references", "check references named by each event"),
    (bulk_fold, "fold", "fold every history (a thread, beside the previous chunk's COPY)"),
    (bulk_fold, "project", "summarize + legal deadlines + legal clocks (`project`: the clock engine runs once)"),
    (case_import, "reserve_list_orders", "reserve list orders (one `nextval` per case)"),
)
_APPEND_REST: Final = "the rest of `append_events` (`summary_record`, event checks)"
_IMPORT_REST: Final = "`BEGIN`, `COMMIT` and the rest of `import_cases` (loops, `structs.replace`)"
_POOL: Final = "pool acquire + release (the pool skips asyncpg's reset query: `store.pool`)"
_ROUND_TRIP: Final = "one trivial round trip (`SELECT 1`)"
_AUTH: Final = "prove the API key (one `SELECT` of its `api_key` row, as every request does)"


@dataclass(frozen=True)
class Step:
    label: str
    wall: float
    """Seconds of wall-clock time."""
    cpu: float
    """Seconds of CPU time of this process (the rest of the wall time is spent waiting on PostgreSQL)."""


class Stopwatch:
    """Wall-clock and CPU seconds per label, accumulated."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    @contextmanager
    def measure(self, label: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.wall[label] += time.perf_counter() - wall
            self.cpu[label] += time.process_time() - cpu

    def steps(self, labels: Sequence[str], total: str, rest: str, per: int) -> list[Step]:
        """The labelled steps plus `rest` (= `total` minus the steps), each divided by `per`."""
        steps = [Step(label, self.wall[label] / per, self.cpu[label] / per) for label in labels]
        rest_wall = self.wall[total] / per - sum(s.wall for s in steps)
        rest_cpu = self.cpu[total] / per - sum(s.cpu for s in steps)
        return [*steps, Step(rest, rest_wall, rest_cpu)]


def _timed(watch: Stopwatch, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(func):

        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            with watch.measure(label):
                return await func(*args, **kwargs)

        return timed_async

    def timed_sync(*args: Any, **kwargs: Any) -> Any:
        with watch.measure(label):
            return func(*args, **kwargs)

    return timed_sync


@contextmanager
def patched(replacements: Sequence[tuple[ModuleType, str, Callable[..., Any]]]) -> Iterator[None]:
    """Replace module attributes for the duration (this process only), then restore them."""
    originals = [(module, name, getattr(module, name)) for module, name, _ in replacements]
    try:
        for module, name, replacement in replacements:
            setattr(module, name, replacement)
        yield
    finally:
        for module, name, original in originals:
            setattr(module, name, original)


def timing(watch: Stopwatch, steps: Sequence[tuple[ModuleType, str, str]]) -> Any:
    """Wrap each named function of a use case with a timer."""
    return patched([(module, name, _timed(watch, label, getattr(module, name))) for module, name, label in steps])


def append_steps() -> list[tuple[ModuleType, str, str]]:
    """The timed steps of `append_events` (an audit record once the code writes one)."""
    return list(_APPEND_STEPS)


@dataclass(frozen=True)
class Breakdown:
    """Mean time per append by step on the two paths: a case with no snapshot (fold the history), and a
    case with the snapshot its previous append stored."""

    fold: list[Step]
    snapshot: list[Step]
    round_trip: Step


async def append_breakdown(
    pool: asyncpg.Pool, cases: Sequence[list[Any]], count: int, today: dt.date, caller: Caller
) -> Breakdown:
    """Time per single-event append for each step, sequentially on one pooled connection, as the API
    does it: acquire a connection, prove the key, run the use case. Two appends to each of `count`
    freshly imported cases: the first finds no snapshot (an imported case: read and fold the history),
    the second reads the snapshot the first one stored."""
    events = append_events(today)
    steps = append_steps()
    labels = [label for _, _, label in steps]
    token = caller.token
    if token is None:
        raise RuntimeError("the breakdown needs API keys")

    async def one(i: int, watch: Stopwatch) -> None:
        case = cases[i]
        command = AppendEvents(expected_version=case[1], events=[events[i % len(events)]])
        with watch.measure("outer"):
            async with pool.acquire() as conn:
                with watch.measure(_AUTH):
                    principal = await authenticate(conn, token)
                with watch.measure("service"):
                    result = await case_service.append_events(conn, case[0], command, principal=principal)
        case[1] = result.version

    warm = Stopwatch()
    for i in range(count, min(count + 50, len(cases))):  # warm-up: statements prepared (other cases)
        await one(i, warm)

    def measured(watch: Stopwatch) -> list[Step]:
        pool_wall = (watch.wall["outer"] - watch.wall["service"] - watch.wall[_AUTH]) / count
        pool_cpu = (watch.cpu["outer"] - watch.cpu["service"] - watch.cpu[_AUTH]) / count
        return [
            *watch.steps(labels, "service", _APPEND_REST, count),
            Step(_AUTH, watch.wall[_AUTH] / count, watch.cpu[_AUTH] / count),
            Step(_POOL, pool_wall, pool_cpu),
        ]

    passes = []
    for _ in ("no snapshot", "snapshot"):
        watch = Stopwatch()
        with timing(watch, steps), gc_paused():
            for i in range(count):
                await one(i, watch)
        passes.append(measured(watch))
    watch = Stopwatch()
    async with pool.acquire() as conn:
        with gc_paused():
            for _ in range(count):
                with watch.measure(_ROUND_TRIP):
                    await conn.fetchval("SELECT 1")
    round_trip = Step(_ROUND_TRIP, watch.wall[_ROUND_TRIP] / count, watch.cpu[_ROUND_TRIP] / count)
    return Breakdown(fold=passes[0], snapshot=passes[1], round_trip=round_trip)


class _TimedCopies:
    """A connection whose `copy_records_to_table` is timed per table."""

    def __init__(self, conn: Any, watch: Stopwatch) -> None:
        self._conn = conn
        self._watch = watch

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)

    async def copy_records_to_table(self, table: str, **kwargs: Any) -> Any:
        with self._watch.measure(f"binary COPY into `{table}`"):
            return await self._conn.copy_records_to_table(table, **kwargs)


async def import_breakdown(conn: Any, cases: Sequence[ImportedCase], caller: Caller) -> list[Step]:
    """Time of one `import_cases` batch, per step (the fold runs in a thread beside the COPY of the
    chunk before, so the steps overlap: their sum exceeds the total)."""
    watch = Stopwatch()
    copy_cases = case_import.copy_cases

    async def timed_copy_cases(conn: Any, *rows: Any) -> None:
        await copy_cases(_TimedCopies(conn, watch), *rows)

    copies = patched([(case_import, "copy_cases", timed_copy_cases)])
    with timing(watch, _IMPORT_STEPS), copies, gc_paused(), watch.measure("total"):
        await import_cases(conn, cases, **caller.identity(import_cases))
    labels = [label for _, _, label in _IMPORT_STEPS]
    labels += [f"binary COPY into `{table}`" for table in ("case_file", "case_event", "case_summary", "case_clock")]
    return watch.steps(labels, "total", _IMPORT_REST, 1)
