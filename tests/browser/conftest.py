"""Browser tests: Debian's chromium driven by Playwright (no browser download), against the real app
served by uvicorn on a loopback port, over a database holding the demo dataset.

They skip when Playwright (the `browser` extra) or a `chromium` executable is missing, so the normal
suite runs without them; .ci/run installs both and runs them in their own step.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg
import pytest

from cpc_api.app import create_app
from cpc_prosecution.demo import generate
from cpc_prosecution.demo.load import DemoLoaded, load
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.pool import register_codecs

if TYPE_CHECKING:
    from playwright.async_api import Browser

CHROMIUM = shutil.which("chromium")
SCREENSHOTS = pytest.StashKey[Path]()

HAVE_PLAYWRIGHT = importlib.util.find_spec("playwright") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if CHROMIUM is None:
        reason = "no chromium executable on PATH (apt-get install chromium)"
    elif not HAVE_PLAYWRIGHT:
        reason = "the browser extra (playwright) is not installed"
    if reason is not None:
        for item in items:
            if item.get_closest_marker("browser") is not None:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
async def demo(database_url: str) -> DemoLoaded:
    """600 demo cases over six years up to today, loaded as `cpc-prosecution demo` does."""
    conn = await asyncpg.connect(database_url)
    try:
        await register_codecs(conn)
        return await load(conn, generate(cases=600, years=6, as_of=dt.date.today(), seed=7))
    finally:
        await conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(database_url: str, demo: DemoLoaded) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1 (releases public, as `serve --demo` makes them); stopped after the module."""
    import uvicorn

    settings = Settings(
        database_url=database_url,
        log_format="json",
        log_level="warning",
        public_releases=True,
        docket_secret=b"browser-test-docket-secret-0123456789",
    )
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, lifespan="on", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture(scope="session")
def screenshot_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each view's screenshot is kept (under the run's temporary folder; printed at the end)."""
    folder = tmp_path_factory.mktemp("dashboard-screenshots")
    request.config.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None:
        names = ", ".join(sorted(p.name for p in folder.glob("*.png")))
        terminalreporter.write_line(f"dashboard screenshots in {folder}: {names}")
