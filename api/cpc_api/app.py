"""The application factory: wiring only; every decision lives in the library."""

from __future__ import annotations

import traceback
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING

import structlog
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsPlugin

from cpc_api.access_log import AccessLogMiddleware
from cpc_api.auditing import audit_unrecorded_refusal
from cpc_api.bodies import strict_body
from cpc_api.controllers.admin import AdminController
from cpc_api.controllers.capacity import CapacityController
from cpc_api.controllers.cases import CaseController
from cpc_api.controllers.dashboard import DashboardController
from cpc_api.controllers.exports import ExportsController, ImportsController
from cpc_api.controllers.metrics import MetricsController, TargetsController
from cpc_api.controllers.problems import ProblemsController
from cpc_api.controllers.reference import ReferenceController
from cpc_api.controllers.releases import ReleasesController
from cpc_api.controllers.worklist import WorklistController
from cpc_api.deps import provide_connection, provide_principal
from cpc_api.docs_ui import docs_assets_router, swagger_render_plugin
from cpc_api.errors import EXCEPTION_HANDLERS
from cpc_api.faults import answered_fault
from cpc_api.hardening import (
    RATE_LIMIT_STORE,
    EventLoopMemoryStore,
    SecurityHeadersMiddleware,
    cors_config,
    rate_limit_config,
)
from cpc_api.health import HealthController
from cpc_api.openapi_enforced import enforce_in_openapi
from cpc_prosecution import __version__
from cpc_prosecution.domain.errors import DomainError
from cpc_prosecution.log import configure_logging
from cpc_prosecution.process import die_with_serve
from cpc_prosecution.services.errors import ServiceError
from cpc_prosecution.services.secrets import resolve_docket_secret
from cpc_prosecution.settings import Settings
from cpc_prosecution.store.pool import create_pool
from cpc_prosecution.store.replica import open_read_replica

__all__ = ("DOCS_PATH", "OPENAPI_PATH", "create_app")

#: Case events are small; a larger body is a mistake or an attack (413).
MAX_BODY_BYTES = 256 * 1024
DOCS_PATH = "/schema/swagger"
OPENAPI_PATH = "/schema/openapi.json"


if TYPE_CHECKING:
    from litestar.types import Scope

_log = structlog.get_logger("cpc_api")


async def _log_unhandled(exc: Exception, scope: Scope) -> None:
    """Client errors are expected and already answered; anything else is logged with its traceback
    (exception text only: request bodies and parameters are never attached)."""
    from litestar.exceptions import HTTPException

    if isinstance(exc, ServiceError | DomainError) or answered_fault(exc):
        return  # answered as a 4xx problem, or a 503/499 logged by cpc_api.faults
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return
    # The exception's type and where it was raised, never its message: driver errors quote the
    # offending value ("invalid input for query argument $3: ..."), which may be a query value.
    frames = [f"{f.filename}:{f.lineno}:{f.name}" for f in traceback.extract_tb(exc.__traceback__)]
    _log.error("unhandled_exception", route=scope.get("path_template"), exc_type=type(exc).__name__, frames=frames)


def _database_pool(settings: Settings) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if settings.database_url is None:
            raise RuntimeError("the application needs CPC_DATABASE_URL; `cpc-prosecution serve` provides it")
        pool = await create_pool(
            settings.database_url,
            max_size=settings.pool_max_size,
            timeout=min(settings.connect_timeout, settings.statement_timeout),
            command_timeout=settings.statement_timeout,
            acquire_timeout=settings.statement_timeout,
        )
        app.state.pool = pool
        app.state.read_replica = None
        if settings.read_database_url is not None:
            app.state.read_replica = await open_read_replica(
                settings.read_database_url,
                max_size=settings.pool_max_size,
                timeout=min(settings.connect_timeout, settings.statement_timeout),
                command_timeout=settings.statement_timeout,
                acquire_timeout=settings.statement_timeout,
            )
        try:
            yield
        finally:
            if app.state.read_replica is not None:
                await app.state.read_replica.close()
            await pool.close()

    return lifespan


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the API for `settings` (read from the environment when not given)."""
    settings = Settings.from_env() if settings is None else settings
    die_with_serve()  # a worker of `serve` exits when `serve` dies
    configure_logging(settings.log_level, settings.log_format)
    docket_secret, _ = resolve_docket_secret(settings)
    rate_limit = rate_limit_config(settings)
    app = Litestar(
        route_handlers=[
            HealthController,
            ReferenceController,
            CaseController,
            AdminController,
            MetricsController,
            CapacityController,
            TargetsController,
            ReleasesController,
            DashboardController,
            ExportsController,
            ImportsController,
            WorklistController,
            ProblemsController,
            docs_assets_router(),
        ],
        dependencies={
            "db": Provide(provide_connection),
            "principal": Provide(provide_principal),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=MAX_BODY_BYTES,
        middleware=[rate_limit.middleware] if rate_limit else [],
        stores={RATE_LIMIT_STORE: EventLoopMemoryStore()},
        cors_config=cors_config(settings),
        lifespan=[_database_pool(settings)],
        plugins=[ProblemDetailsPlugin(ProblemDetailsConfig(enable_for_all_http_exceptions=True))],
        openapi_config=OpenAPIConfig(
            title="cpc-prosecution API",
            version=__version__,
            description="Child-trafficking case lifecycle and court-level metrics, with no personal data.",
            render_plugins=[swagger_render_plugin()],
        ),
        state=State(
            {
                "settings": settings,
                "docket_secret": docket_secret,
            }
        ),
        after_exception=[_log_unhandled, audit_unrecorded_refusal],
        before_request=strict_body,
        logging_config=None,
        debug=False,
    )
    enforce_in_openapi(app)  # the served document states the limits the app enforces
    # Outermost, so unmatched routes and exception responses are logged too.
    app.asgi_handler = AccessLogMiddleware(SecurityHeadersMiddleware(app.asgi_handler))
    return app
