"""The figures of a plain query, named after the API cells they must equal, and the equality check.

Each output column of a plain query is named (a quoted alias, `label`) after one cell of the metric's
ungrouped API result: `measure`, `measure/CATEGORY`, with `:denominator` or `:value` to compare that field
of the cell instead of its numerator. A plain query returns one row.

What is compared: the numerator of every cell a column names (for a count the count itself, for a ratio
its numerator: a ratio's value is `ratio()` of numerator and denominator, so equal integers are an equal
figure), the denominator where a column says so, and for a duration (`days` cells: medians, Kaplan-Meier
shares) the value, the plain float rounded to the API's 4 decimals. An SQL sum over no rows (NULL) stands
for 0, as the API's `COALESCE(sum(...), 0)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ("check", "label")

_FIELDS = ("numerator", "denominator", "value")


def label(measure: str, category: str | None = None, field: str = "numerator") -> str:
    """The quoted alias naming one cell's field (PostgreSQL keeps at most 63 bytes of a name)."""
    name = measure if category is None else f"{measure}/{category}"
    name = name if field == "numerator" else f"{name}:{field}"
    if len(name) > 63 or field not in _FIELDS:
        raise ValueError(f"bad plain column name {name!r}")
    return f'"{name}"'


def _figures(rows: Sequence[Mapping[str, Any]]) -> dict[tuple[str, str | None, str], Any]:
    """(measure, category, field) -> value, from the plain query's one row."""
    if len(rows) != 1:
        raise SystemExit(f"a plain query must return one row, not {len(rows)}")
    out: dict[tuple[str, str | None, str], Any] = {}
    for name, value in rows[0].items():
        cell, _, field = name.partition(":")
        measure, _, category = cell.partition("/")
        out[(measure, category or None, field or "numerator")] = value
    return out


def _same(field: str, plain: Any, api: Any) -> bool:
    if field == "value":
        return (None if plain is None else round(float(plain), 4)) == api
    return (0 if plain is None else int(plain)) == api


def check(metric_id: str, rows: Sequence[Mapping[str, Any]], cells: Iterable[Mapping[str, Any]]) -> tuple[int, int]:
    """Compare the plain rows with the API's cells (`result.cells` of the JSON body); raise SystemExit
    listing every difference. Returns (cells compared, ungrouped cells in the response)."""
    total = {(c["measure"], c["category"]): c for c in cells if c.get("group") is None}
    figures = _figures(rows)
    problems: list[str] = []
    for (measure, category, field), plain in sorted(figures.items(), key=str):
        cell = total.get((measure, category))
        if cell is None:
            problems.append(f"{measure}/{category}: no such ungrouped cell in the API response")
        elif not _same(field, plain, cell.get(field)):
            problems.append(f"{measure}/{category} {field}: plain {plain!r}, API {cell.get(field)!r}")
    if not figures:
        problems.append("the plain query names no figure")
    if problems:
        raise SystemExit(
            f"plain SQL and API differ for {metric_id} (not the same figure, so no fair ratio):\n  "
            + "\n  ".join(problems)
        )
    return len({(m, c) for m, c, _ in figures}), len(total)
