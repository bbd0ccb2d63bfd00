"""`EventLoopMemoryStore`: the rate limiter's counts, kept like Litestar's MemoryStore keeps them."""

from __future__ import annotations

import asyncio

from litestar.stores.memory import MemoryStore

from cpc_api.hardening import EventLoopMemoryStore


async def _story(store: MemoryStore) -> list[object]:
    """One sequence of operations; what each read returns."""
    seen: list[object] = []
    await store.set("a", "1", expires_in=60)
    await store.set("b", b"2")
    seen += [await store.get("a"), await store.get("b"), await store.get("missing")]
    await store.set("a", b"3", expires_in=60)
    seen.append(await store.get("a", renew_for=120))
    seen.append(await store.expires_in("a"))
    seen.append(await store.get("b", renew_for=120))  # no expiry set: renewing is a no-op
    seen.append(await store.expires_in("b"))
    await store.set("short", b"x", expires_in=1)
    await asyncio.sleep(1.05)
    seen += [await store.get("short"), await store.exists("short")]
    await store.delete("a")
    seen += [await store.get("a"), await store.exists("b")]
    return seen


async def test_the_store_answers_every_read_as_litestars_memory_store_does() -> None:
    """Values, missing keys, renewal (only of values set with an expiry), expiry and deletion: the
    lock-free store gives exactly the MemoryStore's answers for the same operations."""
    ours, litestars = await asyncio.gather(_story(EventLoopMemoryStore()), _story(MemoryStore()))
    assert ours == litestars
    assert ours[:4] == [b"1", b"2", None, b"3"]
    assert ours[-4:] == [None, False, None, True]
