"""API tests run the real application (its own pool, in the test client's thread) against a cloned database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from litestar.testing import AsyncTestClient
from tests.support.keys import Tokens, bearer, seed_access

from cpc_api.app import create_app
from cpc_prosecution.settings import Settings

TEST_DOCKET_SECRET = b"test-docket-secret-0123456789abcdef"

ClientFactory = Callable[..., AbstractAsyncContextManager[AsyncTestClient]]  # type: ignore[type-arg]


@asynccontextmanager
async def open_client(url: str, token: str | None = None) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """A test client on an app whose database is `url`, sending `token` as its API key."""
    settings = Settings(database_url=url, log_format="json", connect_timeout=2.0, docket_secret=TEST_DOCKET_SECRET)
    async with AsyncTestClient(app=create_app(settings)) as client:
        if token is not None:
            client.headers.update(bearer(token))
        yield client


@pytest.fixture
def client_for() -> ClientFactory:
    """Open a test client on an app whose database is the given URL (optionally with a key)."""
    return open_client


@pytest.fixture(scope="module")
async def tokens(database_url: str) -> Tokens:
    """The module database's reference data and one key per role."""
    return await seed_access(database_url)


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """A client without a key (public endpoints)."""
    async with open_client(database_url) as opened:
        yield opened


@pytest.fixture
async def admin(database_url: str, tokens: Tokens) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with open_client(database_url, tokens.admin) as opened:
        yield opened


@pytest.fixture
async def liaison(database_url: str, tokens: Tokens) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    """Liaison of the city office, the owner of the example cases."""
    async with open_client(database_url, tokens.liaison_city) as opened:
        yield opened
