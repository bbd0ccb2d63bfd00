"""A release's tables as one .xlsx: each sheet holds exactly the published CSV cells (confidential cells
stay hidden), the contents sheet the release and each table's notes; the same bytes on every read."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from tests.api.conftest import open_client
from tests.api.test_releases_api import release_id
from tests.support.keys import Tokens

pytestmark = pytest.mark.db
__all__ = ("release_id",)  # the module fixture: 400 generated cases and the release of 2021Q4


def _text(cell: Any) -> str:
    """A cell as the CSV writes it: numbers whole, empty as empty."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


async def test_every_sheet_holds_the_published_csv_cell_by_cell(
    database_url: str, tokens: Tokens, release_id: str
) -> None:
    """For every table of the release, the workbook's sheet equals the table's CSV cell by cell (header
    included), with confidential cells present and empty; the contents sheet names each table with its
    title and unit, and carries the release's footnote and content hash."""
    async with open_client(database_url, tokens.viewer) as client:
        response = await client.get(f"/v1/releases/{release_id}/tables.xlsx")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        document = (await client.get(f"/v1/releases/{release_id}")).json()
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        contents = book.get_sheet_by_name("Contents").to_python()
        about = {row[0]: row[1] for row in contents[:7]}
        assert (about["release_id"], about["content_hash"]) == (release_id, document["content_hash"])
        assert about["footnote"] == document["footnote"]
        listed = [row for row in contents[9:] if row[0]]
        assert [(r[1], r[2], r[3]) for r in listed] == [(t["id"], t["title"], t["unit"]) for t in document["tables"]]
        confidential = 0
        for sheet_name, table in zip((r[0] for r in listed), document["tables"], strict=True):
            published = list(csv.reader(io.StringIO((await client.get(table["csv"])).text)))
            sheet = [[_text(c) for c in row] for row in book.get_sheet_by_name(sheet_name).to_python()]
            width = len(published[0])
            assert [row + [""] * (width - len(row)) for row in sheet] == published, table["id"]
            confidential += sum(1 for row in published if row[7] == "confidential")
    assert confidential > 0, "the release hides cells, so the test compares hidden ones too"


async def test_the_workbook_is_the_same_bytes_on_every_read_and_latest_is_the_newest(
    database_url: str, tokens: Tokens, release_id: str
) -> None:
    """Two reads give the same bytes (the file's time is the build's); /latest/tables.xlsx is the newest
    release's; an unknown release is a 404 and an unknown parameter a 400."""
    async with open_client(database_url, tokens.viewer) as client:
        first = await client.get(f"/v1/releases/{release_id}/tables.xlsx")
        second = await client.get(f"/v1/releases/{release_id}/tables.xlsx")
        latest = await client.get("/v1/releases/latest/tables.xlsx")
        missing = await client.get("/v1/releases/2019Q1.1/tables.xlsx")
        unknown = await client.get(f"/v1/releases/{release_id}/tables.xlsx?format=csv")
    assert first.content == second.content == latest.content
    assert (missing.status_code, unknown.status_code) == (404, 400)
