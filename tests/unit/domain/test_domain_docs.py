"""docs/domain.md stays true: its Python example runs and it names every code, tag and clock."""

import contextlib
import io
import re
from pathlib import Path

import pytest

from cpc_prosecution.domain import CLOCK_RULES, TAG_OF, vocab

DOC = Path(__file__).resolve().parents[3] / "docs" / "domain.md"


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_python_example_runs(text: str) -> None:
    """The quick-start block executes as written."""
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    with contextlib.redirect_stdout(io.StringIO()) as out:
        for block in blocks:
            exec(compile(block, str(DOC), "exec"), {})
    assert "ARRAIGN_DETAINED A1 2019-10-24 running 4" in out.getvalue()


def test_state_diagram_is_mermaid(text: str) -> None:
    """The stage diagram is a mermaid state diagram."""
    assert "```mermaid\nstateDiagram-v2" in text


def test_every_event_tag_and_clock_is_documented(text: str) -> None:
    """Each event tag and each clock rule id appears in the page."""
    for tag in TAG_OF.values():
        assert f"`{tag}`" in text, tag
    for rule in CLOCK_RULES:
        assert f"`{rule.rule_id}`" in text, rule.rule_id


@pytest.mark.parametrize("name", vocab.__all__)
def test_every_vocabulary_code_is_documented(text: str, name: str) -> None:
    """Each vocabulary is listed with all of its codes."""
    enum = getattr(vocab, name)
    row = next((line for line in text.splitlines() if line.startswith(f"| `{name}`")), None)
    assert row is not None, name
    for member in enum:
        assert f"`{member.value}`" in row, (name, member.value)
