"""The streaming .xlsx reader gives the cells python-calamine gives (text, numbers, booleans, dates
by their number format), numbers rows as the sheet does, and refuses what is not a workbook."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from cpc_prosecution.spreadsheets.table import SheetFile, TableError, read_sheet
from cpc_prosecution.spreadsheets.xlsx_rows import xlsx_rows

ROWS: list[list[object]] = [
    ["docket_number", "occurred_on", "count", "ratio", "held", "note"],
    ["NPS-1", dt.datetime(2024, 3, 5), 3, 2.5, True, "  padded  "],
    ["NPS-2", 45356, 0, -1.25, False, "ünïcode, with comma"],
    [],
    ["NPS-3", "05/03/2024", None, None, None, "after a blank row"],
]


def _workbook(path: Path, *, constant_memory: bool, first_row: int = 0) -> Path:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    sheet = book.add_worksheet("Data")
    book.add_worksheet("Second")  # only the first sheet is read
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, row in enumerate(ROWS, start=first_row):
        for c, cell in enumerate(row):
            if isinstance(cell, dt.datetime):
                sheet.write_datetime(r, c, cell, dates)
            elif cell is not None:
                sheet.write(r, c, cell)
    sheet.write_datetime(first_row + len(ROWS), 0, dt.datetime(2024, 3, 5, 12, 30), stamp)
    book.close()
    return path


def _trimmed(cells: Sequence[object]) -> list[object]:
    out = ["" if cell is None else cell for cell in cells]
    while out and out[-1] == "":
        out.pop()
    return out


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared strings", "inline strings"])
def test_cells_are_those_calamine_reads(tmp_path: Path, constant_memory: bool) -> None:
    """Every stored row, cell by cell, equals python-calamine's reading of the same workbook: shared and
    inline strings, ints and floats, booleans, a date cell as a date, a date-time as a date-time."""
    path = _workbook(tmp_path / "book.xlsx", constant_memory=constant_memory)
    calamine = [_trimmed(row) for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()]
    streamed = {number: _trimmed(cells) for number, cells in xlsx_rows(str(path))}
    assert streamed == {n: row for n, row in enumerate(calamine, start=1) if row}
    assert streamed[2][1] == dt.date(2024, 3, 5)
    assert streamed[6][0] == dt.datetime(2024, 3, 5, 12, 30)


def test_rows_keep_the_numbers_the_sheet_shows(tmp_path: Path) -> None:
    """A table that starts lower in the sheet keeps the sheet's row numbers (a report points at them)."""
    path = _workbook(tmp_path / "low.xlsx", constant_memory=False, first_row=6)
    sheet = read_sheet(path, "docket_number")
    assert [row.number for row in sheet.rows] == [8, 9, 11, 12]
    assert sheet.rows[0].cells["note"] == "padded"


def test_a_sheet_file_streams_the_same_rows_again(tmp_path: Path) -> None:
    """SheetFile reads its rows from the file on every pass, the same each time, as read_sheet holds them."""
    path = _workbook(tmp_path / "again.xlsx", constant_memory=True)
    source = SheetFile(path, "docket_number")
    assert list(source.stream()) == list(source.stream()) == list(read_sheet(path, "docket_number").rows)
    assert source.columns == ("docket_number", "occurred_on", "count", "ratio", "held", "note")


def test_what_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    """A file named .xlsx that is no zip, and a workbook whose sheet declares XML entities (an
    entity-expansion bomb), are refused as unreadable tables."""
    fake = tmp_path / "fake.xlsx"
    fake.write_text("office_id,docket_number\n")
    with pytest.raises(TableError):
        SheetFile(fake, "docket_number")
    bomb = _workbook(tmp_path / "bomb.xlsx", constant_memory=True)
    with zipfile.ZipFile(bomb) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    doctype = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, _, rest = sheet.partition(b"?>")
    parts["xl/worksheets/sheet1.xml"] = head + b"?>" + doctype + rest.replace(b"NPS-1", b"&b;")
    with zipfile.ZipFile(bomb, "w") as book:
        for name, data in parts.items():
            book.writestr(name, data)
    with pytest.raises(TableError):
        list(SheetFile(bomb, "docket_number").stream())
