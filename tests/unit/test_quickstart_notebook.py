"""The notebook-style example in docs/quickstart.md runs as written and gives the clearance figure."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

pytest.importorskip("pandas", reason="the pandas extra is not installed")

QUICKSTART = Path(__file__).resolve().parents[2] / "docs" / "quickstart.md"


def test_the_notebook_block_runs_and_prints_the_clearance_series() -> None:
    """The code between <!-- notebook --> markers runs in one namespace; its clearance frame has one row
    per quarter 2025Q1..2026Q3 with rates that are numerator / denominator."""
    text = QUICKSTART.read_text(encoding="utf-8")
    block = re.search(r"<!-- notebook -->\s*```python\n(.*?)```\s*<!-- /notebook -->", text, re.S)
    assert block is not None
    namespace: dict[str, object] = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), str(QUICKSTART), "exec"), namespace)
    clearance = namespace["clearance"]
    periods = list(clearance["period"])  # type: ignore[index]
    assert periods == ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    for _, row in clearance.iterrows():  # type: ignore[attr-defined]
        assert row["value"] == pytest.approx(100 * row["numerator"] / row["denominator"], abs=1e-3)
    assert "2025Q1" in out.getvalue()
