"""The DP budget ledger against a real PostgreSQL: never past the cap, all or nothing, append-only."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from cpc_prosecution.disclosure.dp import BudgetExceededError, Charge, DpRefusedError, table_spec_hash
from cpc_prosecution.store.dp_budget import budget_state, charge_budget, ledger_for_release, set_budget

pytestmark = pytest.mark.db


def _charge(epsilon: float, table: str = "region x quarter x stage") -> Charge:
    return Charge(
        mechanism="discrete_laplace",
        d_in=2,
        scale=2 / epsilon,
        epsilon=epsilon,
        table_spec_hash=table_spec_hash({"table": table}),
    )


def _dataset() -> str:
    # Each test has its own dataset, so tests sharing the module's database never share a budget.
    return f"cases-{uuid.uuid4().hex[:8]}"


def _release_id() -> str:
    return f"2025Q{uuid.uuid4().int % 4 + 1}.{uuid.uuid4().int % 9000 + 1}"


async def test_charges_within_the_cap_are_written_and_add_up(connection: asyncpg.Connection) -> None:
    """Four tables at ε = 1 fit a cap of 4 exactly (basic composition); the ledger holds all four."""
    dataset, release = _dataset(), _release_id()
    charges = [_charge(1.0, f"table {i}") for i in range(4)]
    state = await charge_budget(
        connection,
        dataset_id=dataset,
        period="2025",
        release_id=release,
        charges=charges,
        actor="builder",
        default_cap=4.0,
    )
    assert state.spent == pytest.approx(4.0)
    assert state.remaining == pytest.approx(0.0)
    assert await ledger_for_release(connection, release) == charges
    stored = await budget_state(connection, dataset_id=dataset, period="2025")
    assert stored is not None
    assert (stored.cap, stored.spent) == (4.0, pytest.approx(4.0))


async def test_a_charge_past_the_cap_is_refused_and_the_transaction_leaves_nothing(database_url: str) -> None:
    """A release whose second table would pass the cap raises BudgetExceededError, and since the
    charge runs in the builder's transaction, the first table's charge and cells roll back too."""
    dataset = _dataset()
    conn = await asyncpg.connect(database_url)

    async def build_release() -> None:
        release = _release_id()
        async with conn.transaction():
            for table in ("national", "region"):
                await charge_budget(
                    conn,
                    dataset_id=dataset,
                    period="2025",
                    release_id=release,
                    charges=[_charge(1.0, table)],
                    actor="builder",
                    default_cap=4.0,
                )
                # Stands in for the release's cells (the release tables live on another branch).
                await conn.execute("INSERT INTO release_cell_stand_in VALUES ($1)", table)

    try:
        await conn.execute("CREATE TEMP TABLE release_cell_stand_in (table_name text)")
        await set_budget(conn, dataset_id=dataset, period="2025", eps_cap=1.5)
        with pytest.raises(BudgetExceededError) as refused:
            await build_release()
        rows = await conn.fetchval("SELECT count(*) FROM dp_ledger WHERE dataset_id = $1", dataset)
        cells = await conn.fetchval("SELECT count(*) FROM release_cell_stand_in")
        state = await budget_state(conn, dataset_id=dataset, period="2025")
    finally:
        await conn.close()
    assert (refused.value.cap, refused.value.spent, refused.value.requested) == (1.5, 1.0, 1.0)
    assert (rows, cells) == (0, 0)
    assert state is not None
    assert state.spent == 0.0


async def test_two_concurrent_releases_cannot_pass_the_cap_together(database_url: str) -> None:
    """Two builds charging ε = 0.6 each against a cap of 1.0 at the same moment: the budget row lock
    serialises them, so one commits and the other is refused; the ledger holds 0.6."""
    dataset = _dataset()
    conns = [await asyncpg.connect(database_url) for _ in range(2)]

    async def build(conn: asyncpg.Connection) -> str:
        try:
            async with conn.transaction():
                await charge_budget(
                    conn,
                    dataset_id=dataset,
                    period="2025",
                    release_id=_release_id(),
                    charges=[_charge(0.6)],
                    actor="builder",
                    default_cap=1.0,
                )
                # The build keeps its transaction open while it draws noise and stores cells.
                await conn.execute("SELECT pg_sleep(0.2)")
        except BudgetExceededError:
            return "refused"
        return "charged"

    try:
        outcomes = await asyncio.gather(*(build(conn) for conn in conns))
        spent = await conns[0].fetchval("SELECT sum(epsilon) FROM dp_ledger WHERE dataset_id = $1", dataset)
    finally:
        for conn in conns:
            await conn.close()
    assert sorted(outcomes) == ["charged", "refused"]
    assert spent == pytest.approx(0.6)


async def test_an_existing_cap_wins_over_the_default(connection: asyncpg.Connection) -> None:
    """An administrator's cap for the period is used; the policy's default only creates a missing row."""
    dataset = _dataset()
    await set_budget(connection, dataset_id=dataset, period="2025", eps_cap=0.5)
    with pytest.raises(BudgetExceededError):
        await charge_budget(
            connection,
            dataset_id=dataset,
            period="2025",
            release_id=_release_id(),
            charges=[_charge(1.0)],
            actor="builder",
            default_cap=4.0,
        )


async def test_periods_have_separate_budgets(connection: asyncpg.Connection) -> None:
    """Spending the 2025 budget leaves the 2026 budget whole."""
    dataset = _dataset()
    for period in ("2025", "2026"):
        state = await charge_budget(
            connection,
            dataset_id=dataset,
            period=period,
            release_id=_release_id(),
            charges=[_charge(1.0)],
            actor="builder",
            default_cap=1.0,
        )
        assert state.spent == pytest.approx(1.0)


async def test_charging_outside_a_transaction_is_refused(database_url: str) -> None:
    """Without the caller's transaction the charge could commit while the release fails: refused."""
    conn = await asyncpg.connect(database_url)
    try:
        with pytest.raises(DpRefusedError, match="inside the transaction"):
            await charge_budget(
                conn,
                dataset_id=_dataset(),
                period="2025",
                release_id=_release_id(),
                charges=[_charge(1.0)],
                actor="builder",
                default_cap=4.0,
            )
    finally:
        await conn.close()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE dp_ledger SET epsilon = 0.001", "DELETE FROM dp_ledger", "TRUNCATE dp_ledger"],
)
async def test_the_ledger_is_append_only(connection: asyncpg.Connection, statement: str) -> None:
    """Spent privacy is never given back: UPDATE, DELETE and TRUNCATE on dp_ledger are refused."""
    await charge_budget(
        connection,
        dataset_id=_dataset(),
        period="2025",
        release_id=_release_id(),
        charges=[_charge(1.0)],
        actor="builder",
        default_cap=4.0,
    )
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await connection.execute(statement)
