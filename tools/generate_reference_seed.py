"""Write the body of a migration that brings the offence_code and legal_clock rows to the domain's data.

The tables were created by migration 0005 (with the rows of that day). When `domain.OFFENCES` or
`domain.CLOCK_RULES` change, tests/integration/test_reference_seed.py fails until a new numbered
migration updates the rows (applied migrations are never edited); this tool writes it:

    python tools/generate_reference_seed.py > src/cpc_prosecution/store/migrations/NNNN_reference_rows.sql

It emits no DDL: it deletes the rows the domain no longer has and inserts or updates the others
(`INSERT ... ON CONFLICT ... DO UPDATE`), so the file can run on any database at or after 0005.
tests/integration/test_reference_seed_tool.py runs its output against a migrated database.
"""

from __future__ import annotations

import datetime as dt
import sys

import msgspec

from cpc_prosecution.domain import CLOCK_RULES, OFFENCES


class Jsonb(str):
    """A JSON text written as a jsonb literal."""


def literal(value: object) -> str:
    if isinstance(value, Jsonb):
        return "'" + value.replace("'", "''") + "'::jsonb"
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def row(*values: object) -> str:
    return "    (" + ", ".join(literal(v) for v in values) + ")"


HEADER = """-- Offence codes and legal clocks as the domain states them (cpc_prosecution.domain.OFFENCES and
-- CLOCK_RULES), written by tools/generate_reference_seed.py: rows the domain no longer has are deleted,
-- the others inserted or updated in place.
"""

OFFENCE_COLUMNS = (
    "code",
    "statute",
    "section",
    "label",
    "penalty_band",
    "penalty_text",
    "valid_from",
    "valid_to",
    "chargeable",
)
CLOCK_COLUMNS = (
    "rule_id",
    "title",
    "scope",
    "limit_value",
    "unit",
    "strength",
    "legal_source",
    "effective_from",
    "effective_to",
    "definition",
)


def upsert(table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    """Delete the rows whose key (first column) is not among `rows`, then insert or update each of them."""
    key, rest = columns[0], columns[1:]
    keys = ", ".join(literal(values[0]) for values in rows)
    updates = ",\n    ".join(f"{c} = EXCLUDED.{c}" for c in rest)
    # Literals of the domain's own data, written to a file for review: not a query built from input.
    return (
        f"DELETE FROM {table} WHERE {key} NOT IN ({keys});\n\n"  # noqa: S608
        f"INSERT INTO {table} ({', '.join(columns)})\nVALUES\n"
        + ",\n".join(row(*values) for values in rows)
        + f"\nON CONFLICT ({key}) DO UPDATE SET\n    {updates};\n"
    )


def main() -> None:
    offences = list(OFFENCES.values()) if isinstance(OFFENCES, dict) else list(OFFENCES)
    offence_rows: list[tuple[object, ...]] = [
        (
            o.code,
            o.statute,
            o.section,
            o.label,
            o.penalty_band.value,
            o.penalty_text,
            o.valid_from,
            o.valid_to,
            o.chargeable,
        )
        for o in offences
    ]
    clock_rows: list[tuple[object, ...]] = [
        (
            r.rule_id,
            r.title,
            r.scope.value,
            r.limit,
            r.unit.value,
            r.strength.value,
            r.legal_source,
            r.effective_from,
            r.effective_to,
            Jsonb(msgspec.json.encode(r).decode()),
        )
        for r in CLOCK_RULES
    ]
    upserts = [upsert("offence_code", OFFENCE_COLUMNS, offence_rows), upsert("legal_clock", CLOCK_COLUMNS, clock_rows)]
    sys.stdout.write("\n".join([HEADER, *upserts]))


if __name__ == "__main__":
    main()
