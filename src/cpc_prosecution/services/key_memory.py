"""Keys a worker has proved, so that an append need not spend a round trip proving the key again.

Every request proves its API key against the `api_key` row, because a revocation must act at once. For
the hot write path (`POST /v1/cases/{id}/events`) that proof is one of three round trips. A worker
remembers, by a digest of the whole token, the principal a key proved (its role and scope never change;
only revocation and expiry do). A remembered key is a *claim*, never a proof: the append's own guarded
statement re-checks the key row (not revoked, not expired) in the same statement that writes, and
writes nothing otherwise; and before the append answers anything but success (a 4xx of any kind, or a
fallback to the locked path) the key is proved in full. So a revoked key still fails on its next request
with 401, and never learns anything about a case first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from typing import TYPE_CHECKING

from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.api_keys import prove_key
from cpc_prosecution.services.errors import Unauthenticated

if TYPE_CHECKING:
    from cpc_prosecution.store.pool import Connection

__all__ = ("KeyClaim", "KeyMemory")


class KeyMemory:
    """Least-recently-used map of token digest -> (principal, expiry) of keys this process proved."""

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = capacity
        self._keys: OrderedDict[bytes, tuple[Principal, dt.datetime | None]] = OrderedDict()

    @staticmethod
    def _digest(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()

    async def claim(self, conn: Connection, token: str) -> KeyClaim:
        """The key's claim: remembered (to be re-checked by the write), or proved now and remembered."""
        digest = self._digest(token)
        known = self._keys.get(digest)
        if known is not None:
            principal, expires_at = known
            if expires_at is None or expires_at > dt.datetime.now(dt.UTC):
                self._keys.move_to_end(digest)
                return KeyClaim(principal=principal, token=token, memory=self)
            del self._keys[digest]
        principal, expires_at = await prove_key(conn, token)
        self._keys[digest] = (principal, expires_at)
        while len(self._keys) > self.capacity:
            self._keys.popitem(last=False)
        return KeyClaim(principal=principal, token=None, memory=self)

    def forget(self, token: str) -> None:
        self._keys.pop(self._digest(token), None)


class KeyClaim:
    """The principal a request's key stands for; `proven` once checked against `api_key` in this request.

    An unproven claim obliges its user to re-check the key row in the statement that writes (the
    `key_guard` of `store.appends.append_and_project`) and to call `confirm` before any other answer."""

    __slots__ = ("_memory", "_token", "principal")

    def __init__(self, *, principal: Principal, token: str | None, memory: KeyMemory) -> None:
        self.principal = principal
        self._token = token
        self._memory = memory

    @property
    def proven(self) -> bool:
        return self._token is None

    async def confirm(self, conn: Connection) -> None:
        """Prove the key now (Unauthenticated if it was revoked or has expired; then it is forgotten)."""
        if self._token is None:
            return
        try:
            await prove_key(conn, self._token)
        except Unauthenticated:
            self._memory.forget(self._token)
            raise
        self._token = None
