"""Reading a sheet into numbered rows of named cells, whatever the office put above the header.

Real files carry a merged title row, merged group labels over the column names and blank lines;
the header is the first row naming the anchor column, the rows above it are ignored, empty rows are
skipped, and every row keeps the number the spreadsheet shows so a report points at it.
"""

from __future__ import annotations

import csv
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol
from xml.etree.ElementTree import ParseError

import msgspec
from python_calamine import CalamineWorkbook

from cpc_prosecution.spreadsheets.cells import text
from cpc_prosecution.spreadsheets.xlsx_rows import xlsx_rows

__all__ = ("Row", "RowSource", "Sheet", "SheetFile", "TableError", "column_name", "read_sheet")


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

    def stream(self) -> Iterator[Row]:
        return iter(self.rows)


class RowSource(Protocol):
    """Rows of a sheet, read again on each `stream()`: a `Sheet` in memory or a `SheetFile`."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    def stream(self) -> Iterator[Row]: ...


def column_name(header: object) -> str:
    """'Arraignment date ' -> 'arraignment_date'; 'children.girls 0-5' -> 'children.girls_0_5'."""
    return re.sub(r"[^a-z0-9.]+", "_", text(header).lower()).strip("_")


def _raw_rows(path: Path) -> Iterator[tuple[int, Sequence[Any]]]:
    """(row number, cells) of the first sheet, streamed for .csv and .xlsx (bounded memory)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            yield from enumerate(csv.reader(handle), start=1)
    elif suffix in {".xlsx", ".xlsm"}:
        try:
            yield from xlsx_rows(str(path))
        except (zipfile.BadZipFile, KeyError, StopIteration, ParseError, ValueError) as exc:
            raise TableError(f"{path.name}: not a readable .xlsx workbook ({exc})") from None
    elif suffix in {".xls", ".ods"}:
        # calamine reads these whole; they are the old and the rare formats, not the bulk path.
        workbook = CalamineWorkbook.from_path(str(path))
        yield from enumerate(workbook.get_sheet_by_index(0).iter_rows(), start=1)
    else:
        raise TableError(f"{path.name}: only .csv and .xlsx files can be imported")


def _blank(cell: object) -> bool:
    return text(cell) == ""


class SheetFile:
    """A sheet read from its file each time its rows are asked for, one row at a time: an import holds
    what it keeps of each row (its events), never the sheet."""

    def __init__(self, path: Path, anchor: str) -> None:
        self.path = path
        self.anchor = anchor
        self._names = self._header()
        self.columns: tuple[str, ...] = tuple(name for name in self._names if name)

    def _header(self) -> list[str]:
        for _, raw in _raw_rows(self.path):
            names = [column_name(cell) for cell in raw]
            if self.anchor in names:
                return names
        raise TableError(f"{self.path.name}: no header row with a column named {self.anchor!r}")

    def stream(self) -> Iterator[Row]:
        """The non-empty rows under the header, in file order."""
        columns: list[str] | None = None
        for number, raw in _raw_rows(self.path):
            if columns is None:
                if self.anchor in (names := [column_name(cell) for cell in raw]):
                    columns = names
                continue
            cells: dict[str, Any] = {}
            for name, cell in zip(columns, raw, strict=False):
                # Most cells of a wide layout are empty: skip those before making text of them.
                if cell is None or cell == "" or not name:
                    continue
                if isinstance(cell, str):
                    cell = cell.strip()
                if not _blank(cell):
                    cells[name] = cell
            if cells:
                yield Row(number=number, cells=cells)


def read_sheet(path: Path, anchor: str) -> Sheet:
    """The first sheet (or the CSV) as rows under the first row that names the `anchor` column, all in
    memory (an upload already is); `SheetFile` streams them instead."""
    source = SheetFile(path, anchor)
    return Sheet(columns=source.columns, rows=tuple(source.stream()))
