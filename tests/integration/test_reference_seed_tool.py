"""tools/generate_reference_seed.py writes a migration body that brings the reference rows to the domain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from cpc_prosecution.domain import CLOCK_RULES, OFFENCES

pytestmark = pytest.mark.db

TOOL = Path(__file__).resolve().parents[2] / "tools" / "generate_reference_seed.py"


@pytest.fixture(scope="module")
def seed_sql() -> str:
    return subprocess.run([sys.executable, str(TOOL)], check=True, capture_output=True, text=True).stdout


def test_the_tool_writes_no_ddl(seed_sql: str) -> None:
    """The output updates rows of the tables migration 0005 created; it creates or alters nothing."""
    assert "CREATE" not in seed_sql.upper()
    assert "ALTER" not in seed_sql.upper()


async def test_its_output_repairs_changed_added_and_removed_rows(connection: asyncpg.Connection, seed_sql: str) -> None:
    """Run on a migrated database whose rows drifted (a label edited, a clock removed, an unknown code
    added), the output leaves exactly the domain's rows: one per offence and clock rule, the edit undone."""
    await connection.execute("UPDATE offence_code SET label = 'edited' WHERE code = 'RA9208-6'")
    await connection.execute("DELETE FROM legal_clock WHERE rule_id = 'APPEAL'")
    await connection.execute(
        "INSERT INTO offence_code SELECT 'XX-1', statute, section, label, penalty_band, penalty_text, valid_from,"
        " valid_to, chargeable FROM offence_code WHERE code = 'RA9208-4'"
    )
    await connection.execute(seed_sql)
    codes = {r["code"]: r["label"] for r in await connection.fetch("SELECT code, label FROM offence_code")}
    rules = {r["rule_id"] for r in await connection.fetch("SELECT rule_id FROM legal_clock")}
    offences = list(OFFENCES.values()) if isinstance(OFFENCES, dict) else list(OFFENCES)
    assert codes == {o.code: o.label for o in offences}
    assert rules == {rule.rule_id for rule in CLOCK_RULES}
