"""The first worksheet of an .xlsx file, row by row, in bounded memory.

python-calamine (used for .xls and .ods) loads a whole sheet into memory before the first row is
seen: 248 MB for a 100,000-row events list (docs/performance.md, "Import"). An .xlsx is a zip of XML
parts, so its sheet can be parsed as a stream instead: only the shared-string table (each distinct
text once) and the current row are held. Cells come back as calamine gives them: text, int or float,
bool, and a date (or date-time) for a number styled as a date.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Final
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring, iterparse

__all__ = ("Cell", "xlsx_rows")

Cell = str | int | float | bool | dt.date | dt.datetime | None
_EXCEL_EPOCH: Final = dt.datetime(1899, 12, 30)
#: Built-in number formats that are dates or times (ECMA-376 §18.8.30).
_DATE_FORMATS: Final = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_QUOTED: Final = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_REL: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(tag: str) -> str:
    """The tag without its namespace (transitional and strict OOXML use different ones)."""
    return tag.rpartition("}")[2]


def _text(element: Element) -> str:
    """A string item's text: its <t>, or the runs' <t>s of rich text (phonetic runs left out)."""
    return "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t" and t.text is not None)


def _first_sheet(book: zipfile.ZipFile) -> str:
    """The path of the workbook's first worksheet part (small parts are parsed whole)."""
    workbook = fromstring(book.read("xl/workbook.xml"))
    first = next(e for e in workbook.iter() if _local(e.tag) == "sheet").get(_REL)
    for rel in fromstring(book.read("xl/_rels/workbook.xml.rels")):
        if rel.get("Id") == first:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    raise KeyError("the workbook names no first sheet")


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    """Each distinct text of the workbook once (cells refer to them by index)."""
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    strings: list[str] = []
    with book.open("xl/sharedStrings.xml") as handle:
        for _, element in iterparse(handle):
            if _local(element.tag) == "si":
                strings.append(_text(element))
                element.clear()
    return strings


def _date_styles(book: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell formats (a cell's `s` attribute) that show a number as a date."""
    if "xl/styles.xml" not in book.namelist():
        return frozenset()
    root = fromstring(book.read("xl/styles.xml"))
    custom = {
        int(f.get("numFmtId", "0")): _QUOTED.sub("", f.get("formatCode", "")).lower()
        for f in root.iter()
        if _local(f.tag) == "numFmt"
    }
    dated = {i for i, code in custom.items() if any(ch in code for ch in "dmy")} | _DATE_FORMATS
    formats = next((e for e in root if _local(e.tag) == "cellXfs"), None)
    if formats is None:
        return frozenset()
    return frozenset(i for i, xf in enumerate(formats) if int(xf.get("numFmtId", "0")) in dated)


def _column(ref: str) -> int:
    """'C7' -> 2 (0-based)."""
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + ord(ch.upper()) - 64
    return index - 1


def _number(raw: str, dated: bool) -> Cell:
    value = float(raw)
    if dated:
        # Rounded to the millisecond, as calamine does (a serial's fraction is binary, not decimal).
        moment = _EXCEL_EPOCH + dt.timedelta(milliseconds=round(value * 86_400_000))
        return moment.date() if value == int(value) else moment
    return int(value) if value.is_integer() and not any(c in raw for c in ".eE") else value


def _value(cell: Element, strings: list[str], dates: frozenset[int]) -> Cell:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return _text(cell)
    raw = next((v.text for v in cell if _local(v.tag) == "v"), None)
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind == "b":
        return raw == "1"
    if kind in {"str", "e"}:
        return raw
    if kind == "d":
        return dt.datetime.fromisoformat(raw)
    return _number(raw, int(cell.get("s", "0")) in dates)


def xlsx_rows(path: str) -> Iterator[tuple[int, list[Cell]]]:
    """(row number as the sheet shows it, cells from column A) for every row the sheet stores."""
    with zipfile.ZipFile(path) as book:
        strings = _shared_strings(book)
        dates = _date_styles(book)
        with book.open(_first_sheet(book)) as handle:
            number = 0
            parse = iterparse(handle, events=("start", "end"))
            _, root = next(parse)
            for event, element in parse:
                if event != "end" or _local(element.tag) != "row":
                    continue
                number = int(element.get("r", number + 1))
                cells: list[Cell] = []
                for cell in element:
                    if _local(cell.tag) != "c":
                        continue
                    at = _column(cell.get("r", "")) if cell.get("r") else len(cells)
                    cells.extend([None] * (at - len(cells)))
                    cells.append(_value(cell, strings, dates))
                # Drop the parsed row so memory stays at one row, however long the sheet.
                element.clear()
                root.clear()
                yield number, cells
