"""The dashboard in a real browser: every chart has data, filters change charts, suppressed cells
read "suppressed", the console stays clean, and every request stays on the app's origin."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from cpc_prosecution.demo.load import DemoLoaded

pytest.importorskip("playwright", reason="the browser extra (playwright) is not installed")
from playwright.async_api import Browser, Page

pytestmark = [pytest.mark.db, pytest.mark.browser]

LIVE_VIEWS = ("flow", "time", "deadlines", "capacity", "quality")


class Watched:
    """A page with its console messages and the URLs it requested."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.console: list[tuple[str, str]] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.console.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        page.on("request", lambda r: self.requests.append(r.url))

    def check_clean(self) -> None:
        errors = [m for m in self.console if m[0] in ("error", "pageerror", "warning")]
        assert errors == []
        foreign = [u for u in self.requests if not u.startswith("data:") and _origin(u) != self.origin]
        assert foreign == []

    async def settled(self) -> None:
        await self.page.wait_for_function(
            "() => document.getElementById('mode').textContent !== 'Loading…' && !document.body.dataset.loading",
            timeout=60_000,
        )

    async def view(self, name: str) -> None:
        await self.page.click(f"#views button[data-view={name}]")
        await self.settled()

    async def points(self, view: str) -> dict[str, int]:
        found: dict[str, int] = await self.page.eval_on_selector_all(
            f"#view-{view} .chart", "els => Object.fromEntries(els.map(e => [e.id, Number(e.dataset.points || 0)]))"
        )
        return found

    async def traces(self, chart: str) -> Any:
        return await self.page.evaluate(
            "id => (document.getElementById(id).data || []).map(t => [t.name, t.x, t.y])", chart
        )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
async def page(browser: Browser, server: str) -> AsyncIterator[Watched]:
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = await context.new_page()
    try:
        yield Watched(opened, server)
    finally:
        await context.close()


async def _as_analyst(page: Watched, server: str, key: str) -> None:
    await page.page.goto(f"{server}/dashboard")
    await page.settled()
    await page.page.fill("#key", key)
    await page.page.click("#key-form button[type=submit]")
    await page.page.wait_for_function("() => document.body.dataset.mode === 'live'", timeout=30_000)
    await page.settled()


async def test_every_live_chart_has_data_points(
    page: Watched, server: str, demo: DemoLoaded, screenshot_dir: Path
) -> None:
    """With the demo's analyst key every chart of every view draws data; a screenshot of each view is
    kept; nothing is logged as an error and nothing is fetched from another origin."""
    await _as_analyst(page, server, demo.analyst_key)
    for view in LIVE_VIEWS:
        await page.view(view)
        points = await page.points(view)
        assert points
        assert all(n > 0 for n in points.values()), (view, points)
        shot = screenshot_dir / f"live-{view}.png"
        await page.page.screenshot(path=str(shot), full_page=True)
    definition = page.page.locator("#view-quality details.definition summary")
    await definition.click()
    assert await page.page.locator("#view-quality details.definition p").first.is_visible()
    page.check_clean()


async def test_filters_change_the_charts(page: Watched, server: str, demo: DemoLoaded) -> None:
    """Region, case type and period each change the clearance-rate chart; the dashed target is drawn."""
    await _as_analyst(page, server, demo.analyst_key)
    everything = await page.traces("chart-clearance")
    assert any(name and name.startswith("target") for name, _, _ in everything)
    await page.page.select_option("#region", "R7")
    await page.settled()
    r7 = await page.traces("chart-clearance")
    await page.page.select_option("#case-type", "OSEC")
    await page.settled()
    osec = await page.traces("chart-clearance")
    assert await page.page.input_value("#region") == ""  # one breakdown at a time
    first_year = await page.page.eval_on_selector("#from", "s => s.options[s.options.length - 3].value")
    await page.page.select_option("#from", first_year)
    await page.settled()
    shorter = await page.traces("chart-clearance")
    assert everything != r7
    assert r7 != osec
    assert len(shorter[0][1]) < len(osec[0][1])
    assert shorter[0][1][0] == f"{first_year}Q1"
    page.check_clean()


async def test_the_public_view_shows_suppressed_cells_as_suppressed(
    page: Watched, server: str, demo: DemoLoaded, screenshot_dir: Path
) -> None:
    """Without a key the page shows the newest published release; a confidential cell reads
    "suppressed" in the table, has no bar (null, never 0) and a "suppressed" label on the chart."""
    await page.page.goto(f"{server}/dashboard")
    await page.settled()
    assert await page.page.get_attribute("body", "data-mode") == "published"
    points = await page.points("published")
    assert points
    assert all(n > 0 for n in points.values()), points
    suppressed = page.page.locator("td.suppressed")
    assert await suppressed.count() > 0
    assert set(await suppressed.all_text_contents()) == {"suppressed"}
    chart = "chart-pub-cases-disposed-region-quarter"
    labels = await page.page.evaluate(
        "id => (document.getElementById(id).layout.annotations || []).map(a => a.text)", chart
    )
    assert "suppressed" in labels
    nulls = [y for _, _, ys in await page.traces(chart) for y in ys if y is None]
    assert nulls, "a suppressed cell is drawn as a missing bar"
    await page.page.select_option("#region", "R7")
    await page.settled()
    shot = screenshot_dir / "published.png"
    await page.page.screenshot(path=str(shot), full_page=True)
    page.check_clean()
