"""Import templates: a drop-down of valid codes on each coded column, every column explained, and an
example row that imports without a single problem."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from cpc_prosecution.domain.examples import CITY_OFFICE
from cpc_prosecution.services.templates import write_template
from cpc_prosecution.spreadsheets.columns import column_docs
from cpc_prosecution.spreadsheets.fields import Registry
from cpc_prosecution.spreadsheets.layouts import ANCHOR, Layout, parse_sheet, settle
from cpc_prosecution.spreadsheets.table import read_sheet

REGISTRY = Registry(offices={CITY_OFFICE.office_id: CITY_OFFICE}, courts={}, hotspots={})


@pytest.mark.parametrize("layout", ["events", "cases"])
def test_a_template_explains_every_column_offers_the_codes_and_its_example_imports(
    layout: Layout, tmp_path: Path
) -> None:
    """Each column of the layout is on the Columns sheet with a meaning and a source; each single-code
    column has a list validation pointing at its codes; the example row is a lawful case."""
    path = tmp_path / f"{layout}.xlsx"
    write_template(path, layout)
    docs = column_docs(layout)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Events" if layout == "events" else "Cases", "Columns", "Codes"]
    explained = book.get_sheet_by_name("Columns").to_python()
    assert [row[0] for row in explained[1:]] == [d.column for d in docs]
    assert all(row[1] and row[3] for row in explained[1:])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    validated = len(re.findall(r"<dataValidation ", xml))
    assert validated == sum(1 for d in docs if d.codes and d.drop_down) > 0
    parsed = settle(parse_sheet(read_sheet(path, ANCHOR), layout, REGISTRY), {})
    assert parsed.problems == []
    assert len(parsed.cases) == 1


@pytest.mark.parametrize("layout", ["events", "cases"])
def test_the_guide_lists_every_column_of_each_layout(layout: Layout) -> None:
    """docs/import-export.md's column tables are generated from the same data as the template: a column
    added to a layout and missing from the guide fails here."""
    guide = (Path(__file__).parents[3] / "docs" / "import-export.md").read_text()
    missing = [d.column for d in column_docs(layout) if f"| `{d.column}` |" not in guide]
    assert missing == []
