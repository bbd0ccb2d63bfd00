"""Setting and reading the partnership's baselines and targets (admins set; every key reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpc_prosecution.metrics.targets import Target, validate_target
from cpc_prosecution.services import audit
from cpc_prosecution.services.access import Principal, Role, require_role
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.store import targets as store

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("list_targets", "period_targets_recording_read", "set_target")


async def set_target(conn: Connection, target: Target, *, principal: Principal) -> Target:
    require_role(principal, Role.ADMIN)
    reason = validate_target(target)
    if reason is not None:
        field, _, why = reason.partition(": ")
        raise InvalidInput(field, why)
    async with conn.transaction():
        await store.put_target(conn, target, str(principal.key_id))
        await audit.record(conn, principal, "SetMetricTarget", None)
    return target


async def list_targets(conn: Connection, metric_id: str | None = None) -> list[Target]:
    return await store.list_targets(conn, metric_id)


async def period_targets_recording_read(
    conn: Connection, metric_id: str, period: str, *, principal: Principal, operation: str
) -> list[Target]:
    """The targets of `metric_id` set for `period`, read in the same statement that records the read's
    audit entry (as `audit.record_read`): one round trip for both."""
    return await store.list_period_targets(conn, metric_id, period, entry=audit.read_entry(principal, operation, None))
