"""The seeded reference tables say what the domain says (offence codes, legal clocks)."""

from __future__ import annotations

import asyncpg
import msgspec
import pytest

from cpc_prosecution.domain import CLOCK_RULES, OFFENCES

pytestmark = pytest.mark.db


async def test_offence_codes_in_the_database_match_the_domain(database_url: str) -> None:
    """Every domain offence has one identical row; no row exists that the domain lacks."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = {r["code"]: dict(r) for r in await conn.fetch("SELECT * FROM offence_code")}
    finally:
        await conn.close()
    offences = list(OFFENCES.values()) if isinstance(OFFENCES, dict) else list(OFFENCES)
    expected = {
        o.code: {
            "code": o.code,
            "statute": o.statute,
            "section": o.section,
            "label": o.label,
            "penalty_band": o.penalty_band.value,
            "penalty_text": o.penalty_text,
            "valid_from": o.valid_from,
            "valid_to": o.valid_to,
            "chargeable": o.chargeable,
        }
        for o in offences
    }
    assert rows == expected


async def test_legal_clocks_in_the_database_match_the_domain(database_url: str) -> None:
    """Each clock rule's stored definition decodes to the domain's rule, so the API serves the real rules."""
    conn = await asyncpg.connect(database_url)
    try:
        rows = {
            r["rule_id"]: r["definition"] for r in await conn.fetch("SELECT rule_id, definition::text FROM legal_clock")
        }
    finally:
        await conn.close()
    assert set(rows) == {rule.rule_id for rule in CLOCK_RULES}
    for rule in CLOCK_RULES:
        assert msgspec.json.decode(rows[rule.rule_id], type=type(rule)) == rule
