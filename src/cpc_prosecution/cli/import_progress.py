"""The progress bar of `cpc-prosecution import`, drawn with rich on stderr when it is a terminal.

Reading shows the rows read so far (and the rate); writing, the cases written of those to write.
When stderr is not a terminal (a pipe, a log file, a test) nothing is drawn and the output is exactly
what it is without a bar.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

__all__ = ("ImportBar", "import_bar")

#: Rows between two updates of the bar (an update takes a lock; the bar redraws ten times a second).
_EVERY: Final = 500


class ImportBar:
    """Receives an import's progress (services.imports.Progress) and moves the bar."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._reading: TaskID = progress.add_task("reading rows", total=None)
        self._writing: TaskID | None = None
        self._rows = 0

    def row_read(self, number: int) -> None:
        self._rows += 1
        if self._rows % _EVERY == 0:
            self._progress.update(self._reading, completed=self._rows)

    def writing(self, cases: int) -> None:
        self._progress.update(self._reading, completed=self._rows, total=self._rows)
        self._writing = self._progress.add_task("writing cases", total=cases)

    def cases_written(self, count: int) -> None:
        if self._writing is not None:
            self._progress.advance(self._writing, count)


@contextmanager
def import_bar(console: Console | None = None) -> Iterator[ImportBar | None]:
    """An ImportBar on stderr if stderr is a terminal (or on `console`), else None: no output at all."""
    if console is None:
        if not sys.stderr.isatty():
            yield None
            return
        console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield ImportBar(progress)
