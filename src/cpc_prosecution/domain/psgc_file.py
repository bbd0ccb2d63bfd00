"""Reading a PSGC masterlist from CSV text: one area per row, with its parent named explicitly.

Columns (header required, others ignored, so a converted PSA datafile can keep its population and
income columns): `psgc` (10 digits), `name`, `level` (ours, e.g. CITY, or the PSA's abbreviations
Reg, Prov, Dist, City, Mun, SubMun, SGU, Bgy), `parent_psgc` (empty only for a region) and
`city_class` (HUC, ICC, CC or empty). Errors name the line and the column.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Final

from cpc_prosecution.domain.psgc import PSGC_VERSION_PATTERN, Area, AreaLevel, CityClass, PsgcList, PsgcListError

__all__ = ("COLUMNS", "PsgcFileError", "read_psgc_csv")

COLUMNS: Final = ("psgc", "name", "level", "parent_psgc", "city_class")

#: The PSA masterlist's "Geographic Level" abbreviations.
_PSA_LEVELS: Final = {
    "REG": AreaLevel.REGION,
    "PROV": AreaLevel.PROVINCE,
    "DIST": AreaLevel.DISTRICT,
    "CITY": AreaLevel.CITY,
    "MUN": AreaLevel.MUNICIPALITY,
    "SUBMUN": AreaLevel.SUB_MUNICIPALITY,
    "SGU": AreaLevel.SPECIAL_GEOGRAPHIC_AREA,
    "BGY": AreaLevel.BARANGAY,
}
_CODE: Final = re.compile(r"^[0-9]{10}$")
_MAX_NAME: Final = 200


class PsgcFileError(ValueError):
    """A row that cannot be read: the line number (1 = header) and the column."""

    def __init__(self, line: int, column: str, reason: str) -> None:
        super().__init__(f"line {line}, {column}: {reason}")
        self.line = line
        self.column = column
        self.reason = reason


def _level(text: str, line: int) -> AreaLevel:
    key = text.strip().upper()
    try:
        return AreaLevel(key)
    except ValueError:
        pass
    if key in _PSA_LEVELS:
        return _PSA_LEVELS[key]
    allowed = ", ".join([*AreaLevel, *(k.title() for k in _PSA_LEVELS)])
    raise PsgcFileError(line, "level", f"{text!r} is not a level ({allowed})")


def _code(text: str, line: int, column: str) -> str:
    code = text.strip()
    if not _CODE.match(code):
        raise PsgcFileError(line, column, f"{code!r} is not a 10-digit PSGC code (keep leading zeros)")
    return code


def _area(row: dict[str, str], line: int) -> Area:
    label = row["name"].strip()
    if not label or len(label) > _MAX_NAME:
        raise PsgcFileError(line, "name", f"must be 1 to {_MAX_NAME} characters")
    parent = row["parent_psgc"].strip()
    city_class = row["city_class"].strip().upper()
    try:
        klass = CityClass(city_class) if city_class else None
    except ValueError:
        raise PsgcFileError(line, "city_class", f"{city_class!r} is not HUC, ICC, CC or empty") from None
    return Area(
        psgc=_code(row["psgc"], line, "psgc"),
        label=label,
        level=_level(row["level"], line),
        parent_psgc=_code(parent, line, "parent_psgc") if parent else None,
        city_class=klass,
    )


def read_psgc_csv(lines: Iterable[str], version: str) -> PsgcList:
    """The checked masterlist in `lines` (CSV text with a header), as edition `version` (e.g. 2024Q4)."""
    if not re.match(PSGC_VERSION_PATTERN, version):
        raise ValueError(f"version {version!r} must be a year and quarter, e.g. 2024Q4")
    reader = csv.DictReader(lines)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise PsgcFileError(1, missing[0], f"missing column (need {', '.join(COLUMNS)})")
    areas: list[Area] = []
    read_on: dict[str, int] = {}  # code -> the line it was (last) read on
    for row in reader:
        if None in row.values():
            raise PsgcFileError(reader.line_num, "row", f"fewer fields than the header's {len(COLUMNS)}")
        areas.append(_area(row, reader.line_num))
        read_on[areas[-1].psgc] = reader.line_num
    if not areas:
        raise PsgcFileError(2, "row", "the file lists no area")
    try:
        return PsgcList(version=version, areas=tuple(areas))
    except PsgcListError as exc:
        raise PsgcFileError(read_on[exc.psgc], "parent_psgc" if "parent" in exc.reason else "psgc", str(exc)) from None
