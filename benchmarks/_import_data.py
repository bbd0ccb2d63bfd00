"""Generated case lists for the import benchmark and the memory test: an `events` layout file whose
rows of one case are spread over the file, and a `cases` layout file, as .csv or .xlsx.

The events are `event_store.recordable_histories` (legal generated histories) rendered by
`spreadsheets.rendering.event_cells`, the export's own rows; the cases rows vary the template's
example row (dates, docket numbers, offices, whether the case reached a court).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import msgspec
import xlsxwriter

from cpc_prosecution.domain import effective_history
from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT, PROVINCIAL_OFFICE
from cpc_prosecution.services.projection import manila_today
from cpc_prosecution.spreadsheets.events_layout import event_columns
from cpc_prosecution.spreadsheets.rendering import event_cells

__all__ = ("CASES_COLUMNS", "INTERLEAVE", "cases_rows", "events_rows", "write_file")

OFFICES: Final = (CITY_OFFICE.office_id, PROVINCIAL_OFFICE.office_id)
#: Cases whose rows are interleaved (event 1 of each, then event 2 of each, ...): one case's rows
#: lie up to this many cases apart, as in a list sorted by date rather than by case.
INTERLEAVE: Final = 50
CASES_COLUMNS: Final = (
    "office_id", "docket_number", "accused_count", "detection_date", "case_type", "referral_source",
    "place_psgc", "pi_date", "pi_basis", "resolution_date", "resolution", "filing_date", "offence",
    "raffle_date", "court_id",
)  # fmt: skip


def _docket(i: int) -> str:
    return f"NPS-VII-07-INV-24A-{i:06d}"


def events_rows(rows: int, seed: int) -> Iterator[list[str]]:
    """At least `rows` event rows (whole histories), each block of INTERLEAVE cases interleaved."""
    from event_store import recordable_histories

    columns = event_columns()
    today = manila_today()
    made, block = 0, 0
    while made < rows:
        # Corrections applied, as the export writes them (a file states facts); a history with two
        # identical events is left out (the importer asks which of two identical rows to keep).
        facts = [
            [event for _, event in effective_history(enumerate(history, start=1))]
            for history in recordable_histories(INTERLEAVE, seed + block, today)
        ]
        histories = [h for h in facts if len({msgspec.json.encode(e) for e in h}) == len(h)]
        for step in range(max(len(h) for h in histories)):
            for i, history in enumerate(histories):
                if step < len(history):
                    n = block * INTERLEAVE + i
                    cells = event_cells(OFFICES[n % 2], _docket(n), history[step])
                    made += 1
                    yield [cells.get(c, "") for c in columns]
        block += 1


def cases_rows(cases: int, seed: int) -> Iterator[list[str]]:
    """`cases` rows of the `cases` layout: opened, resolved and filed; half raffled to a court."""
    rng = random.Random(seed)
    for n in range(cases):
        detected = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(500))
        days = [detected + dt.timedelta(days=d) for d in (0, 5, 25, 28, 31)]
        raffled = n % 2 == 0
        yield [
            OFFICES[n % 2], _docket(n), "1", days[0].isoformat(), "OSEC", "NCMEC_CYBERTIP", "0702260000",
            days[1].isoformat(), "COMPLAINT", days[2].isoformat(), "FILE_INFORMATION", days[3].isoformat(),
            "RA9208-6", days[4].isoformat() if raffled else "", FAMILY_COURT.court_id if raffled else "",
        ]  # fmt: skip


def write_file(path: Path, columns: tuple[str, ...], rows: Iterator[list[str]]) -> int:
    """Write a .csv or .xlsx (constant memory: xlsxwriter's constant_memory mode); returns the row count."""
    count = 0
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in rows:
                writer.writerow(row)
                count += 1
        return count
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("Cases")
    sheet.write_row(0, 0, columns)
    for count, row in enumerate(rows, start=1):
        sheet.write_row(count, 0, row)
    book.close()
    return count
