"""The event store against PostgreSQL: append-only, summaries always equal to their events,
bulk imports equal to one-by-one appends."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest
from tests.support.cases import open_body
from tests.support.histories import recordable_history
from tests.support.keys import seed_access

from cpc_prosecution.domain import (
    CaseSummary,
    ServicesDelivered,
    VictimService,
    event_tag,
    fold,
    is_correction,
    summarize,
)
from cpc_prosecution.domain.clocks import clock_outcomes
from cpc_prosecution.domain.examples import CITY_OFFICE
from cpc_prosecution.services.access import Principal, Role
from cpc_prosecution.services.case_commands import AppendEvents, OpenCase, detection_from
from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.cases import Recorder, append_events, open_case
from cpc_prosecution.services.errors import InvalidInput, VersionConflict
from cpc_prosecution.services.state_snapshot import StateSnapshot, decode_snapshot, encode_snapshot, snapshot_format
from cpc_prosecution.services.summaries import rebuild_summaries
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_clocks import read_clocks
from cpc_prosecution.store.case_summaries import SUMMARY_FIELDS, read_summary
from cpc_prosecution.store.pool import create_pool

pytestmark = pytest.mark.db

RECORDER = Recorder(client="test")
SECRET = b"s" * 32


@pytest.fixture(scope="module")
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    await seed_access(database_url)
    pool = await create_pool(database_url, max_size=4)
    yield pool
    await pool.close()


@pytest.fixture(scope="module")
def liaison() -> Principal:
    """A liaison of the examples' city office (services trust the principal they are given)."""
    return Principal(key_id=uuid.uuid4(), role=Role.LIAISON, offices=frozenset({CITY_OFFICE.office_id}))


def _open_command(history: list[object]) -> OpenCase:
    return msgspec.convert(open_body(history), OpenCase)  # type: ignore[arg-type]


async def test_case_event_refuses_update_delete_and_truncate(pool: asyncpg.Pool, liaison: Principal) -> None:
    """Corrections are events: the table itself refuses to change a stored event."""
    history = recordable_history(random.Random(7))
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        for statement in (
            "UPDATE case_event SET occurred_on = occurred_on - 1 WHERE case_id = $1",
            "DELETE FROM case_event WHERE case_id = $1",
        ):
            with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
                await conn.execute(statement, opened.case_id)
        with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
            await conn.execute("TRUNCATE case_event")
        assert await conn.fetchval("SELECT count(*) FROM case_event WHERE case_id = $1", opened.case_id) == 1


async def test_after_1000_random_appends_every_stored_summary_equals_the_rebuilt_one(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """Histories appended in random chunks, interleaved across cases, each from the snapshot the
    previous append stored: the projection written with each append is exactly what folding the stored
    events gives (rebuild --check finds nothing), so evolving a stored state equals folding the history."""
    rng = random.Random(2024)
    pending: dict[uuid.UUID, list[object]] = {}
    versions: dict[uuid.UUID, int] = {}
    full: dict[uuid.UUID, list[object]] = {}
    appends = 0
    async with pool.acquire() as conn:
        while appends < 1000:
            if len(pending) < 12:
                history = recordable_history(rng)
                opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
                pending[opened.case_id], versions[opened.case_id] = list(history[1:]), 1
                full[opened.case_id] = history
                appends += 1
                continue
            case_id = rng.choice(sorted(pending))
            size = rng.randint(1, 3)
            chunk, pending[case_id] = pending[case_id][:size], pending[case_id][size:]
            if chunk:
                command = AppendEvents(expected_version=versions[case_id], events=chunk)  # type: ignore[arg-type]
                result = await append_events(conn, case_id, command, principal=liaison)
                versions[case_id] = result.version
                appends += 1
            if not pending[case_id]:
                del pending[case_id]
        report = await rebuild_summaries(conn, check_only=True)
        sample = rng.sample(sorted(full), 20)
        stored = {case_id: await read_summary(conn, case_id) for case_id in sample}
    assert report.differing == []
    assert report.cases >= len(full)
    for case_id in sample:
        got = stored[case_id]
        assert got is not None
        done = versions[case_id]
        history = [detection_from_first(full[case_id], case_id), *full[case_id][1:done]]
        assert got.summary == summarize(fold(history))  # type: ignore[arg-type]


def detection_from_first(history: list[object], case_id: uuid.UUID) -> object:
    first = _open_command(history).first_event
    return detection_from(first, case_id)


async def test_rebuild_repairs_a_summary_that_drifted(pool: asyncpg.Pool, liaison: Principal) -> None:
    """A summary row changed behind the store's back is reported by --check and rewritten by rebuild."""
    history = recordable_history(random.Random(11))
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        await conn.execute("UPDATE case_summary SET operations = operations + 5 WHERE case_id = $1", opened.case_id)
        checked = await rebuild_summaries(conn, check_only=True)
        rebuilt = await rebuild_summaries(conn)
        again = await rebuild_summaries(conn, check_only=True)
    assert [(d.case_id, d.columns) for d in checked.differing] == [(opened.case_id, ["operations"])]
    assert rebuilt.rewritten == 1
    assert again.differing == []


async def test_rebuild_reports_and_removes_a_snapshot_that_is_not_the_fold(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """A snapshot this code can read but whose state is not the fold of the case's events is reported
    by --check and removed by rebuild; the next append folds the history and stores a true snapshot."""
    history = recordable_history(random.Random(12))
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        stored = [r.event for r in await case_events.load_events(conn, opened.case_id)]
        forged = StateSnapshot(
            state=msgspec.structs.replace(fold(stored), operations=999),
            clocks=clock_outcomes(fold(stored)),
            day=history[0].occurred_on,  # type: ignore[attr-defined]
            open_clock_due_on=None,
        )
        await conn.execute(
            "UPDATE case_file SET state_snapshot = $2, snapshot_format = $3 WHERE case_id = $1",
            opened.case_id,
            encode_snapshot(forged),
            snapshot_format(),
        )
        checked = await rebuild_summaries(conn, check_only=True)
        rebuilt = await rebuild_summaries(conn)
        again = await rebuild_summaries(conn, check_only=True)
        removed = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
        command = AppendEvents(expected_version=1, events=[history[1]])  # type: ignore[list-item]
        await append_events(conn, opened.case_id, command, principal=liaison)
        after = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
        events = [r.event for r in await case_events.load_events(conn, opened.case_id)]
    assert [(d.case_id, d.columns) for d in checked.differing] == [(opened.case_id, ["state_snapshot"])]
    assert rebuilt.rewritten == 1
    assert again.differing == []
    assert removed is not None
    assert removed.snapshot is None
    assert after is not None
    rewritten = decode_snapshot(after.snapshot, snapshot_format())
    assert rewritten is not None
    assert rewritten.state == fold(events)


async def test_rebuild_repairs_legal_clocks_that_drifted(pool: asyncpg.Pool, liaison: Principal) -> None:
    """The case_clock rows are checked and rewritten with the summary: a deleted and a changed clock
    are reported as "case_clock" and restored; appends replace (never duplicate) a case's clocks."""
    rng = random.Random(12)
    history = recordable_history(rng)
    while len(clock_outcomes(fold(history))) < 2:  # type: ignore[arg-type]
        history = recordable_history(rng)
    cases = [ImportedCase(office_id=CITY_OFFICE.office_id, events=history)]  # type: ignore[arg-type]
    async with pool.acquire() as conn:
        [case_id] = await import_cases(conn, cases, recorder=RECORDER)
        before = await read_clocks(conn, case_id)
        await conn.execute(
            "DELETE FROM case_clock WHERE ctid = (SELECT ctid FROM case_clock WHERE case_id = $1 LIMIT 1)", case_id
        )
        await conn.execute("UPDATE case_clock SET on_time = NOT coalesce(on_time, false) WHERE case_id = $1", case_id)
        checked = await rebuild_summaries(conn, check_only=True)
        await rebuild_summaries(conn)
        after = await read_clocks(conn, case_id)
    assert len(before) >= 2
    assert [(d.case_id, d.columns) for d in checked.differing] == [(case_id, ["case_clock"])]
    assert after == before


async def test_a_bulk_import_stores_what_one_by_one_appends_would(pool: asyncpg.Pool, liaison: Principal) -> None:
    """COPY-imported cases have the same events and summaries as the fold of their histories."""
    rng = random.Random(99)
    histories = [recordable_history(rng) for _ in range(40)]
    cases = [ImportedCase(office_id=CITY_OFFICE.office_id, events=h) for h in histories]  # type: ignore[arg-type]
    async with pool.acquire() as conn:
        ids = await import_cases(conn, cases, recorder=RECORDER)
        report = await rebuild_summaries(conn, check_only=True)
        counts = {
            r["case_id"]: r["n"]
            for r in await conn.fetch(
                "SELECT case_id, count(*) AS n FROM case_event WHERE case_id = any($1) GROUP BY case_id", ids
            )
        }
        summary = await read_summary(conn, ids[0])
    assert report.differing == []
    assert [counts[i] for i in ids] == [len(h) for h in histories]
    assert summary is not None
    assert summary.version == len(histories[0])


async def test_an_import_with_one_illegal_history_stores_nothing(pool: asyncpg.Pool, liaison: Principal) -> None:
    """All or nothing: the error names the case and event; no case of the batch is stored."""
    rng = random.Random(5)
    good = recordable_history(rng)
    bad = [*good, good[0]]  # a second detection is never legal
    async with pool.acquire() as conn:
        before = await conn.fetchval("SELECT count(*) FROM case_file")
        with pytest.raises(InvalidInput) as caught:
            await import_cases(
                conn,
                [
                    ImportedCase(office_id=CITY_OFFICE.office_id, events=good),
                    ImportedCase(office_id=CITY_OFFICE.office_id, events=bad),
                ],  # type: ignore[arg-type]
                recorder=RECORDER,
            )
        after = await conn.fetchval("SELECT count(*) FROM case_file")
    assert caught.value.field.startswith(f"cases[1].events[{len(good)}]")
    assert before == after


async def test_the_summary_table_has_a_column_for_every_summary_field(pool: asyncpg.Pool, liaison: Principal) -> None:
    """case_summary mirrors CaseSummary: a field added to the domain needs its migration."""
    async with pool.acquire() as conn:
        columns = {
            r["column_name"]
            for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'case_summary'"
            )
        }
    assert set(SUMMARY_FIELDS) <= columns
    assert set(msgspec.structs.fields(CaseSummary)[i].name for i in range(len(SUMMARY_FIELDS))) == set(SUMMARY_FIELDS)


async def _clock_rows(conn: object, case_id: uuid.UUID) -> list[tuple[object, ...]]:
    """The case's clock rows with their physical identity (a rewritten row gets a new ctid and xmin)."""
    rows = await conn.fetch(  # type: ignore[attr-defined]
        "SELECT ctid::text, xmin::text, * FROM case_clock WHERE case_id = $1 ORDER BY rule_id, accused", case_id
    )
    return [tuple(r) for r in rows]


async def _differences_of(conn: object, case_id: uuid.UUID) -> list[list[str]]:
    report = await rebuild_summaries(conn, check_only=True)  # type: ignore[arg-type]
    return [d.columns for d in report.differing if d.case_id == case_id]


def _history_with_clocks(rng: random.Random, *, more_than: int = 0) -> list[object]:
    while True:
        history = recordable_history(rng)
        if len(history) > more_than and clock_outcomes(fold(history)):  # type: ignore[arg-type]
            return history  # type: ignore[return-value]


async def test_an_append_that_changes_no_clock_leaves_the_case_clock_rows_untouched(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """Once an append has stored a case's clocks with its snapshot, the next append whose clocks come out
    the same does not touch case_clock at all (same physical rows), and the rows still equal the
    rebuild's."""
    rng = random.Random(31)
    while True:
        history = _history_with_clocks(rng)
        service = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.MEDICAL, children=1)  # type: ignore[attr-defined]
        if clock_outcomes(fold([*history, service, service])) == clock_outcomes(fold(history)):  # type: ignore[list-item]
            break
    async with pool.acquire() as conn:
        [case_id] = await import_cases(
            conn, [ImportedCase(office_id=CITY_OFFICE.office_id, events=history)], recorder=RECORDER
        )  # type: ignore[list-item]
        first = AppendEvents(expected_version=len(history), events=[service])
        await append_events(conn, case_id, first, principal=liaison)
        written = await _clock_rows(conn, case_id)
        snapshot = await case_events.read_state_source(conn, case_id, snapshot_format())
        second = AppendEvents(expected_version=len(history) + 1, events=[service])
        await append_events(conn, case_id, second, principal=liaison)
        kept = await _clock_rows(conn, case_id)
        differences = await _differences_of(conn, case_id)
    assert snapshot is not None
    assert snapshot.snapshot is not None  # the second append started from it
    assert written
    assert kept == written
    assert differences == []


async def test_an_append_that_changes_a_clock_rewrites_the_case_clock_rows(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """An append from the stored snapshot whose event starts, stops or moves a legal clock replaces the
    case's clock rows with the new clocks, which equal the rebuild's."""
    rng = random.Random(32)
    found = None
    while found is None:
        history = recordable_history(rng)
        for k in range(3, len(history)):
            before, after = fold(history[:k]), fold(history[: k + 1])  # type: ignore[arg-type]
            if clock_outcomes(after) != clock_outcomes(before) and not is_correction(history[k]):  # type: ignore[arg-type]
                found = history, k
                break
    history, k = found
    async with pool.acquire() as conn:
        imported = [ImportedCase(office_id=CITY_OFFICE.office_id, events=history[: k - 1])]  # type: ignore[arg-type]
        [case_id] = await import_cases(conn, imported, recorder=RECORDER)
        warm = AppendEvents(expected_version=k - 1, events=[history[k - 1]])  # type: ignore[list-item]
        await append_events(conn, case_id, warm, principal=liaison)
        written = await _clock_rows(conn, case_id)
        snapshot = await case_events.read_state_source(conn, case_id, snapshot_format())
        moving = AppendEvents(expected_version=k, events=[history[k]])  # type: ignore[list-item]
        await append_events(conn, case_id, moving, principal=liaison)
        rewritten = await _clock_rows(conn, case_id)
        stored = await read_clocks(conn, case_id)
        differences = await _differences_of(conn, case_id)
    assert snapshot is not None
    assert snapshot.snapshot is not None  # the second append started from it
    assert {r[1] for r in rewritten}.isdisjoint({r[1] for r in written})  # every row is new
    assert sorted(stored, key=_clock_order) == sorted(clock_outcomes(fold(history[: k + 1])), key=_clock_order)  # type: ignore[arg-type]
    assert differences == []


def _clock_order(clock: object) -> tuple[str, str]:
    return (clock.rule_id, clock.accused or "")  # type: ignore[attr-defined]


async def test_an_append_without_a_snapshot_rewrites_its_clocks(pool: asyncpg.Pool, liaison: Principal) -> None:
    """Without a stored snapshot (an imported case) an append cannot know which clocks are stored, so
    it rewrites them even when they did not change: a clock row changed behind the store's back is
    repaired."""
    rng = random.Random(33)
    history = _history_with_clocks(rng)
    service = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.LEGAL_ASSISTANCE, children=1)  # type: ignore[attr-defined]
    async with pool.acquire() as conn:
        [case_id] = await import_cases(
            conn, [ImportedCase(office_id=CITY_OFFICE.office_id, events=history)], recorder=RECORDER
        )  # type: ignore[list-item]
        await conn.execute("UPDATE case_clock SET paused = NOT paused WHERE case_id = $1", case_id)
        drifted = await _differences_of(conn, case_id)
        command = AppendEvents(expected_version=len(history), events=[service])
        await append_events(conn, case_id, command, principal=liaison)
        repaired = await _differences_of(conn, case_id)
    assert drifted == [["case_clock"]]
    assert repaired == []


async def test_concurrent_appends_at_one_version_never_overwrite_each_other(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """Eight connections append at the same version at once, without idempotency keys (each reads the
    case in one statement and writes without a transaction): exactly one wins, the others get a version
    conflict naming the new version, and the stored projection equals the fold."""
    history = recordable_history(random.Random(34))
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
    event = ServicesDelivered(occurred_on=history[0].occurred_on, service=VictimService.MEDICAL, children=1)

    async def one() -> object:
        async with pool.acquire() as conn:
            try:
                return await append_events(
                    conn,
                    opened.case_id,
                    AppendEvents(expected_version=1, events=[event]),
                    principal=liaison,
                )
            except VersionConflict as conflict:
                return conflict

    results = await asyncio.gather(*(one() for _ in range(8)))
    conflicts = [r for r in results if isinstance(r, VersionConflict)]
    async with pool.acquire() as conn:
        differences = await _differences_of(conn, opened.case_id)
        stored = await conn.fetchval("SELECT count(*) FROM case_event WHERE case_id = $1", opened.case_id)
    assert len(conflicts) == 7
    assert all(c.current_version == 2 for c in conflicts)
    assert stored == 2
    assert differences == []


async def test_one_read_gives_a_case_head_and_exactly_its_stored_history(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """What an append reads when the case has no snapshot (an imported case): the case
    row and every stored event in seq order, from one statement (as `lock_case` and `load_events` give
    them); nothing for an unknown case."""
    history = recordable_history(random.Random(35))
    async with pool.acquire() as conn:
        [case_id] = await import_cases(
            conn, [ImportedCase(office_id=CITY_OFFICE.office_id, events=history)], recorder=RECORDER
        )  # type: ignore[list-item]
        read = await case_events.read_state_source(conn, case_id, snapshot_format())
        head = await case_events.read_case_head(conn, case_id)
        events = await case_events.load_events(conn, case_id)
        unknown = await case_events.read_state_source(conn, uuid.uuid4(), snapshot_format())
    assert read is not None
    assert (read.head, read.snapshot, read.events) == (head, None, [r.event for r in events])
    assert [r.seq for r in events] == list(range(1, len(history) + 1))
    assert unknown is None


async def test_an_append_stores_the_folded_state_and_clocks_as_its_snapshot(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """After every append the stored snapshot is the fold of the stored history and its clock results;
    a read that finds it skips the history, unless the history is asked for (a correction)."""
    rng = random.Random(36)
    checked = 0
    async with pool.acquire() as conn:
        for _ in range(4):
            history = recordable_history(rng)
            opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
            for k in range(1, len(history)):
                if k > 1:
                    command = AppendEvents(expected_version=k - 1, events=[history[k - 1]])  # type: ignore[list-item]
                    await append_events(conn, opened.case_id, command, principal=liaison)
                source = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
                both = await case_events.read_state_source(conn, opened.case_id, snapshot_format(), history=True)
                stored = [r.event for r in await case_events.load_events(conn, opened.case_id)]
                assert source is not None
                assert both is not None
                snapshot = decode_snapshot(source.snapshot, snapshot_format())
                assert snapshot is not None
                assert source.events is None
                assert snapshot.state == fold(stored)
                assert snapshot.clocks == clock_outcomes(fold(stored))
                assert both.snapshot == source.snapshot
                assert both.events == stored
                checked += 1
    assert checked > 20


async def test_a_snapshot_from_other_code_is_ignored_and_the_history_folded(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """A snapshot written under another snapshot version (before an upgrade) is never trusted:
    the read returns the history, the append folds it, the projection equals the fold, and the append
    stores this code's snapshot."""
    history = recordable_history(random.Random(37))
    event = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.MEDICAL, children=1)  # type: ignore[attr-defined]
    async with pool.acquire() as conn:
        [case_id] = await import_cases(
            conn, [ImportedCase(office_id=CITY_OFFICE.office_id, events=history)], recorder=RECORDER
        )  # type: ignore[list-item]
        stored = [r.event for r in await case_events.load_events(conn, case_id)]
        # Well-formed, but from "other code": the fold's result with one field changed.
        forged = StateSnapshot(
            state=msgspec.structs.replace(fold(stored), operations=999),
            clocks=(),
            day=history[0].occurred_on,  # type: ignore[attr-defined]
            open_clock_due_on=None,
        )
        await conn.execute(
            "UPDATE case_file SET state_snapshot = $2, snapshot_format = $3 WHERE case_id = $1",
            case_id,
            encode_snapshot(forged),
            bytes(16),
        )
        read = await case_events.read_state_source(conn, case_id, snapshot_format())
        command = AppendEvents(expected_version=len(history), events=[event])
        await append_events(conn, case_id, command, principal=liaison)
        differences = await _differences_of(conn, case_id)
        after = await case_events.read_state_source(conn, case_id, snapshot_format())
    assert read is not None
    assert read.snapshot is None
    assert read.events == stored
    assert differences == []
    assert after is not None
    rewritten = decode_snapshot(after.snapshot, snapshot_format())
    assert rewritten is not None
    assert rewritten.state == fold([*stored, event])


async def test_a_snapshot_left_behind_by_code_that_does_not_write_one_is_not_trusted(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """Code from before snapshots (a worker not yet upgraded) appends by moving `version` on and leaves
    the snapshot one version behind: the next append folds the history instead of
    evolving that snapshot, so what its append stores (summary, clocks, new snapshot) is the fold of
    every event, the old code's included."""
    history = recordable_history(random.Random(38))
    service = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.MEDICAL, children=1)  # type: ignore[attr-defined]
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        first = AppendEvents(expected_version=1, events=[history[1]])  # type: ignore[list-item]
        await append_events(conn, opened.case_id, first, principal=liaison)
        old_code_event = history[2]
        await conn.execute(
            """INSERT INTO case_event (case_id, seq, type, occurred_on, payload, recorded_by)
               VALUES ($1, 3, $2, $3, $4, 'old-code')""",
            opened.case_id,
            event_tag(old_code_event),  # type: ignore[arg-type]
            old_code_event.occurred_on,  # type: ignore[attr-defined]
            old_code_event,
        )
        await conn.execute("UPDATE case_file SET version = 3 WHERE case_id = $1", opened.case_id)
        source = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
        after_old = AppendEvents(expected_version=3, events=[service])
        await append_events(conn, opened.case_id, after_old, principal=liaison)
        events = [r.event for r in await case_events.load_events(conn, opened.case_id)]
        written = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
        differences = await _differences_of(conn, opened.case_id)
    assert source is not None
    assert source.snapshot is None
    assert source.events is not None
    assert len(source.events) == 3
    assert written is not None
    snapshot = decode_snapshot(written.snapshot, snapshot_format())
    assert snapshot is not None
    assert len(events) == 4
    assert snapshot.state == fold(events)
    assert differences == []


async def test_a_snapshot_that_does_not_decode_is_ignored_and_the_history_folded(
    pool: asyncpg.Pool, liaison: Principal
) -> None:
    """Bytes stored under this code's snapshot format that do not decode (a shape change that missed its
    `SNAPSHOT_VERSION` bump) never fail an append: it folds the history, its projection equals the fold,
    and it stores a readable snapshot."""
    history = recordable_history(random.Random(39))
    event = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.MEDICAL, children=1)  # type: ignore[attr-defined]
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        await conn.execute(
            "UPDATE case_file SET state_snapshot = $2 WHERE case_id = $1", opened.case_id, b"\x93\x01\x02"
        )
        command = AppendEvents(expected_version=1, events=[event])
        await append_events(conn, opened.case_id, command, principal=liaison)
        differences = await _differences_of(conn, opened.case_id)
        after = await case_events.read_state_source(conn, opened.case_id, snapshot_format())
        events = [r.event for r in await case_events.load_events(conn, opened.case_id)]
    assert differences == []
    assert after is not None
    rewritten = decode_snapshot(after.snapshot, snapshot_format())
    assert rewritten is not None
    assert rewritten.state == fold(events)


async def test_an_append_whose_snapshot_a_rebuild_removes_meanwhile_starts_again_from_the_history(
    pool: asyncpg.Pool, liaison: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong (forged) snapshot is read by an append; `rebuild-summaries` removes it before the append
    writes. The guarded statement writes nothing from the removed snapshot, and the append is made
    again from the history: what is stored equals the fold, so a rebuild needs no API restart."""
    from cpc_prosecution.services import cases

    history = recordable_history(random.Random(40))
    event = ServicesDelivered(occurred_on=history[-1].occurred_on, service=VictimService.MEDICAL, children=1)  # type: ignore[attr-defined]
    async with pool.acquire() as conn:
        opened = await open_case(conn, _open_command(history), principal=liaison, docket_secret=SECRET)
        stored = [r.event for r in await case_events.load_events(conn, opened.case_id)]
        forged = StateSnapshot(
            state=msgspec.structs.replace(fold(stored), operations=999),
            clocks=clock_outcomes(fold(stored)),
            day=history[0].occurred_on,  # type: ignore[attr-defined]
            open_clock_due_on=None,
        )
        await conn.execute(
            "UPDATE case_file SET state_snapshot = $2 WHERE case_id = $1", opened.case_id, encode_snapshot(forged)
        )
        reads: list[bool] = []
        read_prior_state = cases.read_prior_state

        async def read_then_rebuild(*args: object) -> object:
            prior = await read_prior_state(*args)  # type: ignore[arg-type]
            reads.append(prior is not None and prior.history is None)
            if len(reads) == 1:
                await rebuild_summaries(conn)  # removes the forged snapshot after the append read it
            return prior

        monkeypatch.setattr(cases, "read_prior_state", read_then_rebuild)
        await append_events(conn, opened.case_id, AppendEvents(expected_version=1, events=[event]), principal=liaison)
        differences = await _differences_of(conn, opened.case_id)
        summary = await read_summary(conn, opened.case_id)
    assert reads == [True, False]  # from the forged snapshot, then (locked) from the history
    assert differences == []
    assert summary is not None
    assert summary.summary == summarize(fold([*stored, event]))
