"""The import's progress bar: drawn (rich) only on a terminal; nothing at all otherwise."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from cpc_prosecution.cli.import_progress import ImportBar, import_bar


def test_on_a_terminal_the_bar_shows_rows_read_then_cases_written() -> None:
    """On a terminal the bar counts the rows read and then the cases written out of those to write."""
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with import_bar(console) as bar:
        assert isinstance(bar, ImportBar)
        for number in range(2, 1_202):
            bar.row_read(number)
        bar.writing(40)
        bar.cases_written(25)
        bar.cases_written(15)
        console.file.flush()
        drawn = screen.getvalue()
    assert "reading rows" in drawn
    assert "1200/1200" in drawn
    assert "writing cases" in drawn


def test_without_a_terminal_there_is_no_bar(capsys: pytest.CaptureFixture[str]) -> None:
    """When stderr is not a terminal (a pipe, a log, this test) there is no bar and nothing is written."""
    with import_bar() as bar:
        assert bar is None
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
