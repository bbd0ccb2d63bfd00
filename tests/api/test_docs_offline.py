"""The interactive API docs work with the network unreachable: the page and every asset it references
come from the app itself (Swagger UI from the installed `swagger-ui-bundle-v2` package); renderers that
would load code from a CDN are not served."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from litestar.testing import AsyncTestClient

from cpc_api.docs_ui import SWAGGER_UI_DIR

pytestmark = pytest.mark.db


class _References(HTMLParser):
    """Every URL an HTML page loads or links: src and href attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def _references(page: str) -> list[str]:
    parser = _References()
    parser.feed(page)
    return parser.urls


@pytest.mark.parametrize("path", ["/schema/swagger", "/schema"])
async def test_the_docs_page_and_every_asset_it_references_are_served_by_the_app(
    client: AsyncTestClient,  # type: ignore[type-arg]
    path: str,
) -> None:
    """The page references only same-origin paths (no scheme, no host), at least the Swagger UI script,
    preset and style sheet; each answers 200 from the app with the package's own bytes."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    urls = _references(page.text)
    assert {u.rsplit("/", 1)[-1] for u in urls} >= {
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
        "favicon-32x32.png",
    }
    for url in urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content == (SWAGGER_UI_DIR / url.rsplit("/", 1)[-1]).read_bytes()
    assert (
        (await client.get("/schema/assets/swagger-ui-bundle.js"))
        .headers["content-type"]
        .startswith(("application/javascript", "text/javascript"))
    )
    # No script or style sheet outside the attributes checked above (e.g. an @import or a module URL).
    head = page.text.split("<body", 1)[0]
    assert not re.search(r"https?://", head)


@pytest.mark.parametrize("path", ["/schema/scalar", "/schema/redoc", "/schema/elements", "/schema/rapidoc"])
async def test_renderers_that_load_code_from_a_cdn_are_not_served(
    client: AsyncTestClient,  # type: ignore[type-arg]
    path: str,
) -> None:
    """Scalar, ReDoc, Elements and RapiDoc would load their scripts from public CDNs: not served."""
    assert (await client.get(path)).status_code == 404


async def test_the_served_swagger_ui_renders_openapi_3_1(client: AsyncTestClient) -> None:  # type: ignore[type-arg]
    """Litestar writes OpenAPI 3.1; the bundled Swagger UI is 5.x, the first major version that renders it."""
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["openapi"].startswith("3.1")
    assert re.search(r"swagger-ui-5\.\d+\.\d+$", SWAGGER_UI_DIR.name)
