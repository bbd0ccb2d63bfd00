"""The DP budget ledger: `dp_budget` caps and the append-only `dp_ledger` (migration 0011).

`charge_budget` is the one way to spend privacy. It runs inside the caller's transaction, the same
one that stores the release's noisy cells: it locks the budget row, sums what was spent, and either
raises `BudgetExceededError` or appends the charges. Two builds charging at once queue on the lock,
so together they cannot pass the cap; a refused or failed build rolls back with its transaction and
leaves neither ledger rows nor cells.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from cpc_prosecution.disclosure.dp.charges import EPSILON_SLACK, Charge, total_epsilon
from cpc_prosecution.disclosure.dp.errors import BudgetExceededError, DpRefusedError

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("BudgetState", "budget_state", "charge_budget", "ledger_for_release", "set_budget")


class BudgetState(msgspec.Struct, frozen=True, kw_only=True):
    """A dataset's cap and what has been spent of it in one period."""

    dataset_id: str
    period: str
    cap: float
    spent: float

    @property
    def remaining(self) -> float:
        return max(self.cap - self.spent, 0.0)


async def set_budget(conn: Connection, *, dataset_id: str, period: str, eps_cap: float) -> None:
    """Create or change a period's cap (an administrator's decision; the ledger is never touched)."""
    if not (math.isfinite(eps_cap) and eps_cap > 0):
        raise DpRefusedError(f"a privacy budget cap must be a positive number, not {eps_cap}")
    await conn.execute(
        """INSERT INTO dp_budget (dataset_id, period, eps_cap) VALUES ($1, $2, $3)
           ON CONFLICT (dataset_id, period) DO UPDATE SET eps_cap = EXCLUDED.eps_cap""",
        dataset_id,
        period,
        eps_cap,
    )


async def _spent(conn: Connection, dataset_id: str, period: str) -> float:
    # fsum in Python rather than SUM in SQL: the same order-independent float sum as the pure layer.
    rows = await conn.fetch("SELECT epsilon FROM dp_ledger WHERE dataset_id = $1 AND period = $2", dataset_id, period)
    return math.fsum(row["epsilon"] for row in rows)


async def budget_state(conn: Connection, *, dataset_id: str, period: str) -> BudgetState | None:
    """The cap and the spending of a period, or None when no budget exists (nothing spent yet)."""
    cap = await conn.fetchval("SELECT eps_cap FROM dp_budget WHERE dataset_id = $1 AND period = $2", dataset_id, period)
    if cap is None:
        return None
    return BudgetState(dataset_id=dataset_id, period=period, cap=cap, spent=await _spent(conn, dataset_id, period))


async def charge_budget(
    conn: Connection,
    *,
    dataset_id: str,
    period: str,
    release_id: str,
    charges: Sequence[Charge],
    actor: str,
    default_cap: float,
) -> BudgetState:
    """Spend `charges` (basic composition: their ε add up) or raise BudgetExceededError.

    Must run inside the caller's open transaction, before any noise is drawn; the caller then
    draws with exactly these charges and stores the cells before committing. A period with no
    budget row gets one with `default_cap` (the policy's annual cap); an existing cap wins.
    Returns the state after charging.
    """
    if not conn.is_in_transaction():
        raise DpRefusedError("charge_budget must run inside the transaction that stores the release")
    if not charges:
        raise DpRefusedError("a DP release charges at least one mechanism")
    if not actor:
        raise DpRefusedError("a charge needs an actor")
    if not (math.isfinite(default_cap) and default_cap > 0):
        raise DpRefusedError(f"a privacy budget cap must be a positive number, not {default_cap}")
    # Two first charges of a period race to create the row; ON CONFLICT makes the loser wait for the
    # winner's commit and then do nothing, and both go on to lock the same row.
    await conn.execute(
        """INSERT INTO dp_budget (dataset_id, period, eps_cap) VALUES ($1, $2, $3)
           ON CONFLICT (dataset_id, period) DO NOTHING""",
        dataset_id,
        period,
        default_cap,
    )
    cap = await conn.fetchval(
        "SELECT eps_cap FROM dp_budget WHERE dataset_id = $1 AND period = $2 FOR UPDATE", dataset_id, period
    )
    spent = await _spent(conn, dataset_id, period)
    requested = total_epsilon(charges)
    if spent + requested > cap + EPSILON_SLACK:
        raise BudgetExceededError(dataset_id=dataset_id, period=period, cap=cap, spent=spent, requested=requested)
    await conn.executemany(
        """INSERT INTO dp_ledger
               (dataset_id, period, release_id, table_spec_hash, mechanism, d_in, scale, epsilon, actor)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        [
            (dataset_id, period, release_id, c.table_spec_hash, c.mechanism, c.d_in, c.scale, c.epsilon, actor)
            for c in charges
        ],
    )
    return BudgetState(dataset_id=dataset_id, period=period, cap=cap, spent=spent + requested)


async def ledger_for_release(conn: Connection, release_id: str) -> list[Charge]:
    """The charges a release paid, in the order they were written."""
    rows = await conn.fetch(
        """SELECT mechanism, d_in, scale, epsilon, table_spec_hash FROM dp_ledger
           WHERE release_id = $1 ORDER BY id""",
        release_id,
    )
    return [
        Charge(
            mechanism=r["mechanism"],
            d_in=r["d_in"],
            scale=r["scale"],
            epsilon=r["epsilon"],
            table_spec_hash=r["table_spec_hash"],
        )
        for r in rows
    ]
