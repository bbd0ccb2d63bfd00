"""How often and how long the client waits before trying again, and the key header."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ("Retry", "auth_headers")


@dataclass(frozen=True)
class Retry:
    """`attempts` tries in all; waits `backoff`, 2x`backoff`, ... seconds (or the server's Retry-After, capped)."""

    attempts: int = 3
    backoff: float = 0.25
    max_wait: float = 10.0

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after is not None and retry_after.isdigit():
            return min(float(retry_after), self.max_wait)
        wait: float = self.backoff * 2.0 ** (attempt - 1)
        return min(wait, self.max_wait)


def auth_headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}
