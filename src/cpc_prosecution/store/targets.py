"""`metric_target`: one baseline and target per metric measure (and category), scope and period."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from cpc_prosecution.metrics.targets import Target, TargetScope
from cpc_prosecution.store.audit import ReadEntry, fetch_recording_read

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("list_period_targets", "list_targets", "put_target")


async def put_target(conn: Connection, target: Target, set_by: str) -> None:
    """Set (or replace) the target for its measure, scope and period."""
    await conn.execute(
        """INSERT INTO metric_target (metric_id, measure, category, scope, scope_id, period, baseline, target, set_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (metric_id, measure, category, scope, scope_id, period)
           DO UPDATE SET baseline = EXCLUDED.baseline, target = EXCLUDED.target,
                         set_by = EXCLUDED.set_by, set_at = now()""",
        target.metric_id,
        target.measure,
        target.category or "",
        target.scope.value,
        target.scope_id or "",
        target.period,
        target.baseline,
        target.target,
        set_by,
    )


_SELECT: Final = "SELECT metric_id, measure, category, scope, scope_id, period, baseline, target FROM metric_target"
_ORDER: Final = " ORDER BY metric_id, measure, category, scope, scope_id, period"


def _target(r: Any) -> Target:
    return Target(
        metric_id=r["metric_id"],
        measure=r["measure"],
        category=r["category"] or None,
        scope=TargetScope(r["scope"]),
        scope_id=r["scope_id"] or None,
        period=r["period"],
        baseline=r["baseline"],
        target=r["target"],
    )


async def list_targets(conn: Connection, metric_id: str | None = None) -> list[Target]:
    rows = await conn.fetch(f"{_SELECT} WHERE $1::text IS NULL OR metric_id = $1{_ORDER}", metric_id)
    return [_target(r) for r in rows]


async def list_period_targets(conn: Connection, metric_id: str, period: str, *, entry: ReadEntry) -> list[Target]:
    """The targets of `metric_id` for `period`, read in the statement that appends the read's audit
    `entry` (`audit.fetch_recording_read`: one round trip for both)."""
    rows = await fetch_recording_read(
        conn, entry, f"{_SELECT} WHERE metric_id = $1 AND period = $2{_ORDER}", metric_id, period
    )
    return [_target(r) for r in rows]
