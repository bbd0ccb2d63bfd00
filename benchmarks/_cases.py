"""Load benchmark data: generated histories through the real import, and replicas of their rows.

`replicate` copies the base's `case_file`, `case_summary` and `case_clock` rows under fresh case ids
inside the server (`INSERT ... SELECT`, `gen_random_uuid()`): readers of `case_summary` and `case_clock`
(metrics, releases) see more cases without the cost of generating and folding them.
"""

from __future__ import annotations

from typing import Any, Final

from event_store import OFFICE_IDS, recordable_histories

from cpc_prosecution.services.case_import import ImportedCase, import_cases
from cpc_prosecution.services.projection import manila_today

__all__ = ("BATCH", "import_histories", "replicate")

BATCH: Final = 5_000


async def import_histories(conn: Any, count: int, seed: int, caller: Any) -> None:
    """`count` more generated cases through `import_cases`, in batches (untimed setup)."""
    today = manila_today()
    for batch, start in enumerate(range(0, count, BATCH)):
        histories = recordable_histories(min(BATCH, count - start), seed + batch, today)
        cases = [ImportedCase(office_id=OFFICE_IDS[i % 2], events=h) for i, h in enumerate(histories)]
        await import_cases(conn, cases, **caller.identity(import_cases))


async def replicate(conn: Any, rounds: int, *, events: bool = False) -> None:
    """Add `rounds` copies of the base's case_file, case_summary and case_clock rows (and, with
    `events`, case_event rows), each under fresh case ids."""
    columns = [
        r["column_name"]
        for r in await conn.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'case_summary' "
            "ORDER BY ordinal_position"
        )
    ]
    renamed = {"case_id": "r_id", "list_order": "r_order"}
    select = ", ".join(renamed.get(c, c) for c in columns)
    await conn.execute("CREATE TEMP TABLE bench_base AS SELECT * FROM case_summary")
    for _ in range(rounds):
        await conn.execute(
            "CREATE TEMP TABLE bench_round AS SELECT gen_random_uuid() AS r_id, "
            "(SELECT max(list_order) FROM case_file) + row_number() OVER () AS r_order, b.* FROM bench_base AS b"
        )
        await conn.execute(
            "INSERT INTO case_file (case_id, list_order, office_id, case_type, version, opened_by) "
            "SELECT r_id, r_order, owner_office_id, case_type, version, 'bench-replica' FROM bench_round"
        )
        await conn.execute(f"INSERT INTO case_summary ({', '.join(columns)}) SELECT {select} FROM bench_round")
        await conn.execute(
            "INSERT INTO case_clock (case_id, rule_id, accused, started_on, due_on, ended_on, on_time, paused) "
            "SELECT r.r_id, c.rule_id, c.accused, c.started_on, c.due_on, c.ended_on, c.on_time, c.paused "
            "FROM bench_round AS r JOIN case_clock AS c ON c.case_id = r.case_id"
        )
        if events:
            await conn.execute(
                "INSERT INTO case_event (case_id, seq, type, occurred_on, payload, recorded_at, recorded_by) "
                "SELECT r.r_id, e.seq, e.type, e.occurred_on, e.payload, e.recorded_at, e.recorded_by "
                "FROM bench_round AS r JOIN case_event AS e ON e.case_id = r.case_id"
            )
        await conn.execute("DROP TABLE bench_round")
    await conn.execute("DROP TABLE bench_base")
