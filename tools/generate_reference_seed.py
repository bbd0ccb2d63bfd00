"""Write the SQL that seeds offence codes and legal clocks from the domain's data.

Used once per change of that data, to produce a new numbered migration (applied migrations are never
edited): `python tools/generate_reference_seed.py > src/cpc_prosecution/store/migrations/NNNN_x.sql`.
tests/integration/test_reference_seed.py fails when the database and the domain disagree.
"""

from __future__ import annotations

import datetime as dt
import sys

import msgspec

from cpc_prosecution.domain import CLOCK_RULES, OFFENCES


def literal(value: object) -> str:
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


HEADER = """-- Offence codes and legal clocks, seeded from the domain's data (cpc_prosecution.domain.OFFENCES and
-- CLOCK_RULES), written by tools/generate_reference_seed.py. Tests compare these rows with the domain;
-- when the domain's data changes, a new migration updates the rows (applied migrations are never edited).

CREATE TABLE offence_code (
    code          text    PRIMARY KEY,
    statute       text    NOT NULL,
    section       text    NOT NULL,
    label         text    NOT NULL,
    penalty_band  text    NOT NULL,
    penalty_text  text    NOT NULL,
    valid_from    date    NOT NULL,
    valid_to      date,
    chargeable    boolean NOT NULL
);

CREATE TABLE legal_clock (
    rule_id        text    PRIMARY KEY,
    title          text    NOT NULL,
    scope          text    NOT NULL,
    limit_value    integer NOT NULL,
    unit           text    NOT NULL,
    strength       text    NOT NULL,
    legal_source   text    NOT NULL,
    effective_from date,
    effective_to   date,
    definition     jsonb   NOT NULL
);
"""


def main() -> None:
    offences = list(OFFENCES.values()) if isinstance(OFFENCES, dict) else list(OFFENCES)
    out = [HEADER]
    out.append(
        "INSERT INTO offence_code (code, statute, section, label, penalty_band, penalty_text, valid_from, "
        "valid_to, chargeable)\nVALUES\n"
        + ",\n".join(
            row(
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
        )
        + ";\n"
    )
    out.append(
        "INSERT INTO legal_clock (rule_id, title, scope, limit_value, unit, strength, legal_source, "
        "effective_from, effective_to, definition)\nVALUES\n"
        + ",\n".join(
            row(
                r.rule_id,
                r.title,
                r.scope.value,
                r.limit,
                r.unit.value,
                r.strength.value,
                r.legal_source,
                r.effective_from,
                r.effective_to,
                msgspec.json.encode(r).decode(),
            )[:-1]
            + "::jsonb)"
            for r in CLOCK_RULES
        )
        + ";\n"
    )
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
