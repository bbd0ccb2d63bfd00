"""The `case_clock` projection: each legal obligation clock of a case (`domain.ClockOutcome`), written
beside the case's summary row (in the append statement, the bulk import and the rebuild)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

import msgspec

from cpc_prosecution.domain.clocks.outcomes import ClockOutcome

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = (
    "CLOCK_COLUMNS",
    "CLOCK_FIELDS",
    "clock_arrays",
    "clock_records",
    "read_all_clocks",
    "read_clocks",
    "replace_clocks",
)

CLOCK_FIELDS: Final[tuple[str, ...]] = tuple(f.name for f in msgspec.structs.fields(ClockOutcome))
#: Column order of a row, as used by COPY.
CLOCK_COLUMNS: Final[tuple[str, ...]] = ("case_id", *CLOCK_FIELDS)
#: SQL array types of the fields, in CLOCK_FIELDS order (for unnest in the append statement).
CLOCK_ARRAY_TYPES: Final = ("text[]", "text[]", "date[]", "date[]", "date[]", "boolean[]", "boolean[]")


def clock_records(case_id: uuid.UUID, clocks: Sequence[ClockOutcome]) -> list[tuple[Any, ...]]:
    """Rows in CLOCK_COLUMNS order."""
    return [(case_id, *(getattr(c, name) for name in CLOCK_FIELDS)) for c in clocks]


def clock_arrays(clocks: Sequence[ClockOutcome]) -> list[list[Any]]:
    """One list per field (CLOCK_FIELDS order), for unnest."""
    return [[getattr(c, name) for c in clocks] for name in CLOCK_FIELDS]


def _outcome(row: Any) -> ClockOutcome:
    return ClockOutcome(**{name: row[name] for name in CLOCK_FIELDS})


_ORDER: Final = 'ORDER BY rule_id COLLATE "C", accused COLLATE "C" NULLS FIRST'


async def read_clocks(conn: Connection, case_id: uuid.UUID) -> list[ClockOutcome]:
    """The stored clocks of one case (rule, then accused order)."""
    rows = await conn.fetch(
        f"SELECT {', '.join(CLOCK_FIELDS)} FROM case_clock WHERE case_id = $1 {_ORDER}",  # noqa: S608
        case_id,
    )
    return [_outcome(r) for r in rows]


async def read_all_clocks(conn: Connection) -> dict[str, list[ClockOutcome]]:
    """Every stored clock, by case id (as text, the summary's `case_id`)."""
    rows = await conn.fetch(f"SELECT case_id, {', '.join(CLOCK_FIELDS)} FROM case_clock")  # noqa: S608
    out: dict[str, list[ClockOutcome]] = {}
    for r in rows:
        out.setdefault(str(r["case_id"]), []).append(_outcome(r))
    return out


async def replace_clocks(conn: Connection, case_id: uuid.UUID, clocks: Sequence[ClockOutcome]) -> None:
    """Rewrite the clocks of one case (in the caller's transaction)."""
    await conn.execute("DELETE FROM case_clock WHERE case_id = $1", case_id)
    if clocks:
        await conn.copy_records_to_table("case_clock", records=clock_records(case_id, clocks), columns=CLOCK_COLUMNS)
