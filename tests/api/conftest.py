"""API tests run the real application (its own pool, in the test client's thread) against a cloned database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from litestar.testing import AsyncTestClient

from cpc_api.app import create_app
from cpc_prosecution.settings import Settings

TEST_DOCKET_SECRET = b"test-docket-secret-0123456789abcdef"

ClientFactory = Callable[[str], AbstractAsyncContextManager[AsyncTestClient]]  # type: ignore[type-arg]


@asynccontextmanager
async def open_client(url: str) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """A test client on an app whose database is `url`."""
    settings = Settings(database_url=url, log_format="json", connect_timeout=2.0, docket_secret=TEST_DOCKET_SECRET)
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client


@pytest.fixture
def client_for() -> ClientFactory:
    """Open a test client on an app whose database is the given URL."""
    return open_client


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with open_client(database_url) as opened:
        yield opened
