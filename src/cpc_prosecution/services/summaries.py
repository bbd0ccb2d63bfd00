"""Rebuilding the `case_summary` and `case_clock` projections from the events, or checking them.

The projection is rewritten with every append, so it should never drift; this is the proof (and
the repair after a change to the fold or the summary's definition). The check also covers each case's
state snapshot (`services.state_snapshot`) where this code can read it: a snapshot that is not the fold
of the case's events is reported, and the rebuild removes it, so the next append folds the history.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.domain import fold_recorded
from cpc_prosecution.services.projection import ClockOutcome, manila_today, project
from cpc_prosecution.services.state_snapshot import decode_snapshot
from cpc_prosecution.store import case_events
from cpc_prosecution.store.case_clocks import read_clocks, replace_clocks
from cpc_prosecution.store.case_summaries import ROW_COLUMNS, read_summary, summary_record, upsert_summary

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("RebuildReport", "SummaryDifference", "rebuild_summaries")


class SummaryDifference(msgspec.Struct, frozen=True, kw_only=True):
    case_id: uuid.UUID
    columns: list[str]
    """Columns whose stored value differs from the rebuilt one ("(missing)" if there is no row;
    "case_clock" if the stored legal clocks differ; "state_snapshot" if the stored snapshot, readable
    by this code, is not the fold of the events)."""


class RebuildReport(msgspec.Struct, frozen=True, kw_only=True):
    cases: int
    differing: list[SummaryDifference]
    rewritten: int


async def rebuild_summaries(conn: Connection, *, check_only: bool = False, batch_size: int = 500) -> RebuildReport:
    """Fold every case's events and compare with (or rewrite) its summary row, in batches."""
    today = manila_today()
    after = 0
    cases = 0
    rewritten = 0
    differing: list[SummaryDifference] = []
    while True:
        heads = await conn.fetch(
            "SELECT case_id, list_order, office_id, version, state_snapshot, snapshot_format, snapshot_version "
            "FROM case_file "
            "WHERE list_order > $1 "
            "ORDER BY list_order LIMIT $2",
            after,
            batch_size,
        )
        if not heads:
            break
        after = heads[-1]["list_order"]
        histories = await case_events.load_histories(conn, [h["case_id"] for h in heads])
        for head in heads:
            cases += 1
            state = fold_recorded(histories[head["case_id"]])
            rebuilt = project(
                state,
                case_id=head["case_id"],
                list_order=head["list_order"],
                owner_office_id=head["office_id"],
                version=head["version"],
                today=today,
            )
            columns = await _differences(conn, head["case_id"], rebuilt.row)
            clocks = rebuilt.clocks
            if await read_clocks(conn, head["case_id"]) != _sorted(clocks):
                columns.append("case_clock")
            at_version = head["snapshot_version"] == head["version"]
            snapshot = decode_snapshot(head["state_snapshot"], head["snapshot_format"]) if at_version else None
            if snapshot is not None and (snapshot.state != state or snapshot.clocks != clocks):
                columns.append("state_snapshot")
            if columns:
                differing.append(SummaryDifference(case_id=head["case_id"], columns=columns))
            if not check_only and columns:
                rewritten += await _rewrite(conn, head["case_id"], today)
    return RebuildReport(cases=cases, differing=differing, rewritten=rewritten)


def _sorted(clocks: Sequence[ClockOutcome]) -> list[ClockOutcome]:
    """In `read_clocks` order: rule, then accused (case clocks first)."""
    return sorted(clocks, key=lambda c: (c.rule_id, c.accused is not None, c.accused or ""))


async def _differences(conn: Connection, case_id: uuid.UUID, rebuilt: tuple[object, ...]) -> list[str]:
    stored = await read_summary(conn, case_id)
    if stored is None:
        return ["(missing)"]
    current = summary_record(
        stored.summary,
        case_id=case_id,
        list_order=stored.list_order,
        owner_office_id=stored.owner_office_id,
        version=stored.version,
        open_clock_due_on=stored.open_clock_due_on,
    )
    return [name for name, old, new in zip(ROW_COLUMNS, current, rebuilt, strict=True) if old != new]


async def _rewrite(conn: Connection, case_id: uuid.UUID, today: dt.date) -> int:
    """Rewrite one summary under the case's row lock, from a fresh read: an append committed since the
    batch was read must not be overwritten by an older summary."""
    async with conn.transaction():
        head = await case_events.lock_case(conn, case_id)
        if head is None:
            return 0
        state = fold_recorded(await case_events.load_events(conn, case_id))
        projected = project(
            state,
            case_id=case_id,
            list_order=head.list_order,
            owner_office_id=head.office_id,
            version=head.version,
            today=today,
        )
        await upsert_summary(conn, projected.row)
        await replace_clocks(conn, case_id, projected.clocks)
        await case_events.forget_snapshot(conn, case_id)
    return 1
