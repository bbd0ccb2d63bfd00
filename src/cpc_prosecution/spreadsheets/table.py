"""Reading a sheet into numbered rows of named cells, whatever the office put above the header.

Real files carry a merged title row, merged group labels over the column names and blank lines;
the header is the first row naming the anchor column, the rows above it are ignored, empty rows are
skipped, and every row keeps the number the spreadsheet shows so a report points at it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec
from python_calamine import CalamineWorkbook

from cpc_prosecution.spreadsheets.cells import text

__all__ = ("Row", "Sheet", "TableError", "column_name", "read_sheet")


class TableError(ValueError):
    """The file cannot be read as a table of this layout (no header row, unknown format)."""


class Row(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    """The row's number as the spreadsheet shows it (1-based, header rows counted)."""
    cells: dict[str, Any]
    """Non-empty cells by column name."""


class Sheet(msgspec.Struct, frozen=True, kw_only=True):
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def column_name(header: object) -> str:
    """'Arraignment date ' -> 'arraignment_date'; 'children.girls 0-5' -> 'children.girls_0_5'."""
    return re.sub(r"[^a-z0-9.]+", "_", text(header).lower()).strip("_")


def _raw_rows(path: Path) -> Iterator[Sequence[Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from csv.reader(handle)
    elif suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        workbook = CalamineWorkbook.from_path(str(path))
        yield from workbook.get_sheet_by_index(0).iter_rows()
    else:
        raise TableError(f"{path.name}: only .csv and .xlsx files can be imported")


def _blank(cell: object) -> bool:
    return text(cell) == ""


def read_sheet(path: Path, anchor: str) -> Sheet:
    """The first sheet (or the CSV) as rows under the first row that names the `anchor` column."""
    columns: list[str] | None = None
    rows: list[Row] = []
    for number, raw in enumerate(_raw_rows(path), start=1):
        if columns is None:
            names = [column_name(cell) for cell in raw]
            if anchor in names:
                columns = names
            continue
        cells = {
            name: cell.strip() if isinstance(cell, str) else cell
            for name, cell in zip(columns, raw, strict=False)
            if name and not _blank(cell)
        }
        if cells:
            rows.append(Row(number=number, cells=cells))
    if columns is None:
        raise TableError(f"{path.name}: no header row with a column named {anchor!r}")
    return Sheet(columns=tuple(name for name in columns if name), rows=tuple(rows))
