"""One cell at a time: dates in the forms offices type them, codes with a near-miss suggestion."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable
from typing import Final

import msgspec

__all__ = ("CellError", "Problem", "parse_bool", "parse_code", "parse_date", "parse_int", "parse_list", "text")

#: Excel's day 0 (serial 1 is 1900-01-01, with the 1900 leap-year bug folded in for dates after March 1900).
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)
_DMY: Final = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SEPARATORS: Final = re.compile(r"[\s,;]+")
_NOT_KEY: Final = re.compile(r"[^a-z0-9]+")
_TRUE: Final = frozenset({"yes", "y", "true", "1", "held"})
_FALSE: Final = frozenset({"no", "n", "false", "0", "not held"})


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """One thing wrong with a file: where (row as the spreadsheet numbers it, column), what and why."""

    row: int
    column: str
    value: str
    message: str
    suggestion: str | None = None


class CellError(ValueError):
    """A cell that cannot be read; `suggestion` is the code it most likely meant."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def text(value: object) -> str:
    """The cell as trimmed text ('' for empty); whole floats lose their '.0' (Excel stores 3 as 3.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: object) -> dt.date:
    """A date cell: a real date, an Excel serial number, ISO text (2024-03-05) or dd/mm/yyyy text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise CellError("not a date (Excel serial numbers run from 1 to 2958465)")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = text(value)
    if raw.isdigit() and len(raw) <= 5:
        return parse_date(int(raw))
    match = _DMY.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise CellError("not a date: write yyyy-mm-dd or dd/mm/yyyy") from None


def parse_int(value: object) -> int:
    raw = text(value)
    try:
        return int(raw)
    except ValueError:
        raise CellError("not a whole number") from None


def parse_bool(value: object) -> bool:
    raw = text(value).lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise CellError("write yes or no")


def _key(code: str) -> str:
    return _NOT_KEY.sub("_", code.lower()).strip("_")


@functools.lru_cache(maxsize=256)
def _codes_by_key(allowed: tuple[str, ...]) -> dict[str, str]:
    """Each code by its forgiving key (made once per code list: an import reads this for every cell)."""
    return {_key(code): code for code in allowed}


def parse_code(value: object, codes: Iterable[str]) -> str:
    """One of `codes`, case and spacing forgiven ('Family court' -> family_court); otherwise the nearest."""
    allowed = tuple(codes)
    by_key = _codes_by_key(allowed)
    raw = text(value)
    found = by_key.get(_key(raw))
    if found is not None:
        return found
    near = difflib.get_close_matches(_key(raw), list(by_key), n=1, cutoff=0.75)
    suggestion = by_key[near[0]] if near else None
    if suggestion is not None:
        raise CellError("unknown code", suggestion)  # the report adds "did you mean …?"
    listed = ", ".join(allowed[:12]) + (", …" if len(allowed) > 12 else "")
    raise CellError(f"unknown code (one of: {listed})")


def parse_list(value: object) -> list[str]:
    """A list typed in one cell: 'A1, A2' or 'A1 A2' or 'A1;A2'."""
    return [part for part in _SEPARATORS.split(text(value)) if part]
