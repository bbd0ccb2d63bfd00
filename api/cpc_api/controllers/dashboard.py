"""GET /dashboard: a page of charts over the API, served by the app itself (offline first).

The page, its script and stylesheet are files of this package (cpc_api/dashboard/); the chart
library is plotly.js, read from the `plotly` package the project depends on
(plotly/package_data/plotly.min.js), never from a CDN and never copied into the repository. The page
calls this origin's API only: live metrics with an analyst key typed by the user (kept in the tab's
sessionStorage), or the newest published release without one.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

__all__ = ("DashboardController", "plotly_bundle")

_ASSETS: Final = {
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
}
_PAGE_CACHE: Final = {"Cache-Control": "no-cache"}
_VENDOR_CACHE: Final = {"Cache-Control": "public, max-age=86400"}


@cache
def plotly_bundle() -> bytes:
    """plotly.min.js from the installed `plotly` package (found without importing it: plotly's Python
    side is large and unused here)."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or spec.origin is None:
        raise NotFoundException("the plotly package is not installed")
    return (Path(spec.origin).parent / "package_data" / "plotly.min.js").read_bytes()


def _asset(name: str) -> bytes:
    return files("cpc_api.dashboard").joinpath(name).read_bytes()


class DashboardController(Controller):
    path = "/dashboard"
    include_in_schema = False

    @get("/", media_type="text/html")
    async def page(self) -> Response[bytes]:
        return Response(_asset("index.html"), media_type="text/html", headers=_PAGE_CACHE)

    @get("/assets/{name:str}")
    async def asset(self, name: FromPath[str]) -> Response[bytes]:
        media_type = _ASSETS.get(name)
        if media_type is None:
            raise NotFoundException(f"no dashboard asset {name!r}")
        return Response(_asset(name), media_type=media_type, headers=_PAGE_CACHE)

    @get("/vendor/plotly.min.js")
    async def plotly(self) -> Response[bytes]:
        return Response(plotly_bundle(), media_type="text/javascript", headers=_VENDOR_CACHE)
