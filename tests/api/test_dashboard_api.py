"""/dashboard is served by the app itself: the page, its own assets and plotly.js from the plotly
package, under a policy that lets nothing load from another origin."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from litestar.testing import AsyncTestClient


async def test_the_page_its_assets_and_the_chart_library_are_served_here(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """The page links only /dashboard/... addresses; plotly.min.js is the installed package's file, byte
    for byte; the CSP allows this origin only."""
    page = await client.get("/dashboard")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert "http" not in page.text.replace("http-equiv", "")
    bundle = await client.get("/dashboard/vendor/plotly.min.js")
    spec = importlib.util.find_spec("plotly")
    assert spec is not None
    assert spec.origin is not None
    assert bundle.content == (Path(spec.origin).parent / "package_data" / "plotly.min.js").read_bytes()
    script = await client.get("/dashboard/assets/dashboard.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert (await client.get("/dashboard/assets/../app.py")).status_code == 404
    assert (await client.get("/dashboard/assets/secret.txt")).status_code == 404


async def test_api_routes_keep_their_strict_policy(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """The dashboard's policy is for /dashboard only: the API still answers with default-src 'none'."""
    response = await client.get("/v1/releases")
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
