"""The interactive API docs (Swagger UI at /schema and /schema/swagger) served offline: the page's
script, style sheet and icon come from the `swagger-ui-bundle-v2` package installed with the API and
are served by the app under /schema/assets, so no request leaves the machine. Other renderers
(Scalar, ReDoc, Elements, RapiDoc) load their code from public CDNs and are not served."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import swagger_ui_bundle
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.router import Router
from litestar.static_files import create_static_files_router

__all__ = ("ASSETS_PATH", "SWAGGER_UI_DIR", "docs_assets_router", "swagger_render_plugin")

#: Where the docs page's assets are served (under /schema: the docs' security headers apply).
ASSETS_PATH: Final = "/schema/assets"
#: Swagger UI's dist files as the package installs them.
SWAGGER_UI_DIR: Final = Path(swagger_ui_bundle.swagger_ui_path)
#: The files the page references, and only those are served.
_ASSETS: Final = ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "favicon-32x32.png")


def swagger_render_plugin() -> SwaggerRenderPlugin:
    """Swagger UI at /schema/swagger (and /schema), its assets taken from the app itself."""
    return SwaggerRenderPlugin(
        path=["/swagger", "/"],
        js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        css_url=f"{ASSETS_PATH}/swagger-ui.css",
        standalone_preset_js_url=f"{ASSETS_PATH}/swagger-ui-standalone-preset.js",
        favicon=f"<link rel='icon' type='image/png' href='{ASSETS_PATH}/favicon-32x32.png'>",
    )


def docs_assets_router() -> Router:
    """Serves the Swagger UI files the page references, from the installed package."""
    missing = [name for name in _ASSETS if not (SWAGGER_UI_DIR / name).is_file()]
    if missing:  # pragma: no cover - a broken install of the package
        raise RuntimeError(f"swagger-ui-bundle-v2 lacks {', '.join(missing)} in {SWAGGER_UI_DIR}")
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[SWAGGER_UI_DIR],
        include_in_schema=False,
        send_as_attachment=False,
        name="docs-assets",
    )
