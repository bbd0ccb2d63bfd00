"""Who the benchmark writes as.

Before API keys existed, use cases took a `Recorder`; with keys they take the caller's `Principal`
and the API wants `Authorization: Bearer <key>`. This module hides which of the two the installed
code expects, so the benchmark runs on either.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cpc_prosecution.services.cases import Recorder

__all__ = ("Caller", "make_caller")

RECORDER = Recorder(client="bench")


def _takes(func: Callable[..., Any], name: str) -> bool:
    return name in inspect.signature(func).parameters


@dataclass(frozen=True)
class Caller:
    token: str | None
    """A liaison API key for the benchmark's offices (None before API keys existed)."""
    principal: Any

    @property
    def recorded_by(self) -> str:
        """What the store keeps as `recorded_by` for this caller."""
        return RECORDER.client if self.principal is None else str(self.principal.key_id)

    @property
    def headers(self) -> dict[str, str]:
        return {} if self.token is None else {"Authorization": f"Bearer {self.token}"}

    def identity(self, use_case: Callable[..., Any]) -> dict[str, Any]:
        """The keyword argument naming the caller that `use_case` expects."""
        if _takes(use_case, "principal"):
            return {"principal": self.principal}
        return {"recorder": RECORDER}

    async def authenticate(self, conn: Any) -> Any:
        """What the API does first on every request: prove the key (None before API keys existed)."""
        if self.token is None:
            return None
        api_keys = importlib.import_module("cpc_prosecution.services.api_keys")
        return await api_keys.authenticate(conn, self.token)


async def make_caller(conn: Any, offices: Sequence[str]) -> Caller:
    """Issue a liaison key for `offices` if the code has API keys; otherwise the old Recorder."""
    try:
        api_keys = importlib.import_module("cpc_prosecution.services.api_keys")
        access = importlib.import_module("cpc_prosecution.services.access")
    except ImportError:
        return Caller(token=None, principal=None)
    new = api_keys.NewKey(role=access.Role.LIAISON, offices=list(offices))
    issued = await api_keys.issue_key(conn, new, created_by=None)
    return Caller(token=issued.token, principal=await api_keys.authenticate(conn, issued.token))
