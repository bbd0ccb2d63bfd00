"""The public documents of a release: one JSON and one CSV rendering per catalogue table.

Rendered once, when the release is built, and stored as bytes: a GET returns those bytes, so the
same request always gets the same answer. A hidden cell reads ``"value": null, "status":
"confidential"`` whatever the reason (privacy.md §4.5); the internal reasons never leave the
builder.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Final, Literal

import msgspec

from cpc_prosecution.disclosure import CellKey, Protection, PublicCell, PublicMedian, PublicRate, protected_rate
from cpc_prosecution.releases.catalogue import CATALOGUE_VERSION, TOTAL, Family, Level, Measure, TableDefinition
from cpc_prosecution.releases.geography import NATION, NOT_IN_COURT, Geography
from cpc_prosecution.releases.spec import ReleaseSpec

__all__ = ("METHODOLOGY_PATH", "PublicRow", "PublicTable", "RenderedTable", "render_table", "table_rows_for")

METHODOLOGY_PATH: Final = "/v1/releases/methodology"
FOOTNOTE: Final = (
    "Counts are rounded to the nearest 5, and never shown below the threshold k: the smallest shown count (15 when "
    "k is 11) stands for k up to 2 above it. Totals may not equal the sum of their parts. A confidential cell is "
    "hidden to protect children; it may hold any value, including zero. Rates are whole percents; medians are "
    "rounded to 7 days (30 days above 180)."
)
_CONFIDENTIAL_RATE: Final = PublicRate(value=None, status="confidential")
CSV_COLUMNS: Final = ("release_id", "table", "geography", "level", "period", "category", "value", "status", "rounding")


class PublicRow(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    geography: str
    level: str
    period: str
    category: str
    value: int | None
    status: Literal["published", "confidential"]
    rounding: int | None = None


class PublicTable(msgspec.Struct, frozen=True, kw_only=True):
    release_id: str
    table: str
    title: str
    definition: str
    unit: str
    measure: str
    catalogue_version: str
    methodology: str
    footnote: str
    rows: tuple[PublicRow, ...]


class RenderedTable(msgspec.Struct, frozen=True, kw_only=True):
    table: str
    json: bytes
    csv: bytes


def _places(definition: TableDefinition, geography: Geography) -> tuple[str, ...]:
    if definition.level is Level.COURT:
        return geography.courts
    if definition.level is Level.NATIONAL:
        return (NATION,)
    return (NATION, *geography.regions, NOT_IN_COURT)


def _periods(definition: TableDefinition, spec: ReleaseSpec) -> tuple[str, ...]:
    if definition.measure is Measure.STOCK:
        days = (spec.year.end,) if definition.level is Level.COURT else spec.stock_days
        return tuple(day.isoformat() for day in days)
    if definition.level is Level.COURT:
        return (spec.year.code,)
    quarters = tuple(q.code for q in spec.quarters)
    return (*quarters, spec.year.code) if spec.year_complete else quarters


def table_rows_for(definition: TableDefinition, spec: ReleaseSpec, geography: Geography) -> list[CellKey]:
    """(geography, period, category) of every row of the table, in publication order."""
    return [
        (place, period, category)
        for place in _places(definition, geography)
        for period in _periods(definition, spec)
        for category in definition.categories
    ]


def _row(geography: Geography, coordinates: CellKey, value: int | None, status: str, rounding: int | None) -> PublicRow:
    place, period, category = coordinates
    published = status == "published"
    return PublicRow(
        geography=place,
        level=geography.level_of(place),
        period=period,
        category=category,
        value=value if published else None,
        status="published" if published else "confidential",
        rounding=rounding if published else None,
    )


def render_table(
    definition: TableDefinition,
    *,
    release_id: str,
    spec: ReleaseSpec,
    geography: Geography,
    cells: Mapping[CellKey, PublicCell],
    protection: Protection,
    medians: Mapping[tuple[str, str, str], PublicMedian],
    rates: Mapping[tuple[str, str, str], PublicRate] | None = None,
) -> RenderedTable:
    """The JSON and CSV bytes of one table of the release. `rates`, when given, are the table's
    rates by (geography, period, category) (a DP release's, from noisy counts); missing ones are
    confidential."""
    rows: list[PublicRow] = []
    for coordinates in table_rows_for(definition, spec, geography):
        key = (definition.family.value, *coordinates)
        if definition.measure is Measure.RATE:
            place, period, category = coordinates
            if rates is not None:
                rate = rates.get((place, period, category), _CONFIDENTIAL_RATE)
            else:
                rate = protected_rate(
                    protection,
                    (Family.CASES_DISPOSED.value, place, period, category),
                    (Family.CASES_DISPOSED.value, place, period, TOTAL),
                )
            rows.append(_row(geography, coordinates, rate.value, rate.status, None))
        elif definition.measure is Measure.MEDIAN:
            place, period, category = coordinates
            median = medians.get((place, period, category))
            if median is None:
                rows.append(_row(geography, coordinates, None, "confidential", None))
            else:
                rows.append(_row(geography, coordinates, median.value, median.status, median.rounding))
        else:
            cell = cells[key]
            rows.append(_row(geography, coordinates, cell.value, cell.status, cell.rounding))
    document = PublicTable(
        release_id=release_id,
        table=definition.id,
        title=definition.title,
        definition=definition.definition,
        unit=definition.unit,
        measure=definition.measure.value,
        catalogue_version=CATALOGUE_VERSION,
        methodology=METHODOLOGY_PATH,
        footnote=FOOTNOTE,
        rows=tuple(rows),
    )
    return RenderedTable(
        table=definition.id, json=msgspec.json.encode(document), csv=_csv(release_id, document.rows, definition.id)
    )


def _csv(release_id: str, rows: Sequence[PublicRow], table: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        value = "" if row.value is None else row.value
        rounding = "" if row.rounding is None else row.rounding
        writer.writerow(
            (release_id, table, row.geography, row.level, row.period, row.category, value, row.status, rounding)
        )
    return out.getvalue().encode()
