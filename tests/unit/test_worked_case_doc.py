"""docs/worked-case.md is generated from the example histories the OpenAPI examples come from."""

from pathlib import Path

from cpc_api.worked_case import render_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_the_worked_case_page_is_current() -> None:
    """`python -m cpc_api.worked_case > docs/worked-case.md` was run after the examples last changed."""
    assert (ROOT / "docs" / "worked-case.md").read_text(encoding="utf-8") == render_markdown()


def test_the_worked_case_covers_a_plea_bargain_and_a_dismissal_to_the_end() -> None:
    """The page records both cases to their end: FINAL after plea bargains, DISMISSED after a dismissal."""
    page = render_markdown()
    assert page.count("`plea_bargain`") == 2
    assert "version 17, stage `FINAL`" in page
    assert "`dismissal`" in page
    assert "version 19, stage `DISMISSED`" in page
