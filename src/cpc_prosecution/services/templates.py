"""Import templates: an .xlsx per layout with drop-down lists of valid codes, a sheet explaining
every column with its source, and an example row (docs/import-export.md)."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from cpc_prosecution.spreadsheets.columns import EXAMPLES, column_docs
from cpc_prosecution.spreadsheets.layouts import Layout

__all__ = ("template_bytes", "write_template")

#: Rows of the data sheet that get the drop-downs (an office list rarely runs longer).
VALIDATED_ROWS = 5000


def write_template(path: Path, layout: Layout) -> None:
    path.write_bytes(template_bytes(layout))


def template_bytes(layout: Layout) -> bytes:
    """The layout's template as an .xlsx file's bytes."""
    docs = column_docs(layout)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    data = book.add_worksheet("Cases" if layout == "cases" else "Events")
    columns = book.add_worksheet("Columns")
    codes = book.add_worksheet("Codes")
    data.write_row(0, 0, [d.column for d in docs], bold)
    data.freeze_panes(1, 0)
    for r, example in enumerate(EXAMPLES[layout], start=1):
        for c, doc in enumerate(docs):
            if doc.column in example:
                data.write(r, c, example[doc.column])
    columns.write_row(0, 0, ["column", "meaning", "required", "source", "valid codes"], bold)
    code_col = 0
    for c, doc in enumerate(docs):
        listed = ", ".join(doc.codes[:8]) + (" … (Codes sheet)" if len(doc.codes) > 8 else "")
        columns.write_row(c + 1, 0, [doc.column, doc.meaning, doc.required, doc.source, listed])
        if not doc.codes or not doc.drop_down:
            continue
        codes.write(0, code_col, doc.column, bold)
        codes.write_column(1, code_col, doc.codes)
        letter = xl_col_to_name(code_col)
        data.data_validation(
            1,
            c,
            VALIDATED_ROWS,
            c,
            {
                "validate": "list",
                "source": f"=Codes!${letter}$2:${letter}${len(doc.codes) + 1}",
                "error_title": "Not a valid code",
                "error_message": f"Pick one of the codes of {doc.column} (Codes sheet).",
            },
        )
        code_col += 1
    columns.set_column(0, 0, 28)
    columns.set_column(1, 1, 90)
    columns.set_column(2, 4, 36)
    book.close()
    return buffer.getvalue()
