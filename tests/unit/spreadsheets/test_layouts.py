"""One row at a time, without a database: what each kind of bad cell is reported as."""

from __future__ import annotations

import pytest

from cpc_prosecution.domain.examples import CITY_OFFICE, FAMILY_COURT
from cpc_prosecution.spreadsheets.events_layout import read_event
from cpc_prosecution.spreadsheets.fields import Registry
from cpc_prosecution.spreadsheets.table import Row

REGISTRY = Registry(
    offices={CITY_OFFICE.office_id: CITY_OFFICE}, courts={FAMILY_COURT.court_id: FAMILY_COURT}, hotspots={}
)
KEY = {"office_id": CITY_OFFICE.office_id, "docket_number": "NPS-1"}


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"event_type": "raffle", "occurred_on": "2024-01-02", "court": "RTC-NOPE"}, "court", "no registered court"),
        ({"event_type": "raffle", "occurred_on": "2024-01-02"}, "court", "required for raffle, but empty"),
        (
            {"event_type": "raffle", "occurred_on": "2024-01-02", "court": FAMILY_COURT.court_id, "held": "yes"},
            "held",
            "raffle has no such field",
        ),
        ({"event_type": "filing", "occurred_on": "2024-01-02", "counts": "1: RA9208-6"}, "counts", "not a JSON list"),
        ({"event_type": "raffle", "occurred_on": "32/01/2024"}, "occurred_on", "not a date"),
        ({"occurred_on": "2024-01-02"}, "event_type", "required, but empty"),
        (
            {"event_type": "trial_setting", "occurred_on": "2024-01-02", "accused": "A1", "held": "perhaps"},
            "held",
            "write yes or no",
        ),
    ],
)
def test_each_bad_cell_is_reported_on_its_column_and_no_event_is_made(
    cells: dict[str, object], column: str, message: str
) -> None:
    """A row with a bad cell gives no event and a problem naming that cell's column and the reason."""
    event, problems = read_event(Row(number=7, cells={**KEY, **cells}), REGISTRY)
    assert event is None
    assert [(p.row, p.column) for p in problems if message in p.message] == [(7, column)]


def test_a_good_row_reads_lists_counts_and_references() -> None:
    """Positions in one cell, a children cell per band and sex, and a court by its id make the event."""
    cells = {"event_type": "trial_setting", "occurred_on": 45296, "accused": "A1; A2", "held": "Yes"}
    event, problems = read_event(Row(number=3, cells={**KEY, **cells}), REGISTRY)
    assert problems == []
    assert event is not None
    assert (event.occurred_on.isoformat(), event.accused, event.held) == ("2024-01-05", ("A1", "A2"), True)  # type: ignore[union-attr]
