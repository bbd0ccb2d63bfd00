"""A typed client of the cpc-prosecution API (the `client` extra: httpx).

`Client` (sync) and `AsyncClient` send the library's own Structs (`OpenCase`, `AppendEvents`) and
decode answers into them (`MetricResult`, `MetricSeries`, `CaseListing`, `PublicTable`, ...); writes
carry an idempotency key reused on every retry; `iter_cases` follows the pages; an error status raises
a typed `ApiError` subclass whose `problem` is the problem+json body.
"""

try:
    import httpx  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("cpc_prosecution.client needs httpx: pip install 'cpc-prosecution[client]'") from exc

from cpc_prosecution.client.aio import AsyncClient
from cpc_prosecution.client.errors import (
    ApiError,
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    Problem,
    RateLimited,
    ServerError,
    Unauthorized,
    Unprocessable,
)
from cpc_prosecution.client.policy import Retry
from cpc_prosecution.client.sync import Client

__all__ = (
    "ApiError",
    "AsyncClient",
    "BadRequest",
    "Client",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Problem",
    "RateLimited",
    "Retry",
    "ServerError",
    "Unauthorized",
    "Unprocessable",
)
