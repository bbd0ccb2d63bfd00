"""`services.state_snapshot`: the stored state an append starts from."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import uuid

import msgspec

from cpc_prosecution.domain import fold, is_correction
from cpc_prosecution.domain.fold import evolve_all
from cpc_prosecution.domain.generate import generate_history
from cpc_prosecution.services.projection import project
from cpc_prosecution.services.state_snapshot import (
    SNAPSHOT_VERSION,
    StateSnapshot,
    decode_snapshot,
    encode_snapshot,
    snapshot_format,
)

TODAY = dt.date(2026, 11, 28)


def _snapshot_after(history: list[object]) -> StateSnapshot:
    state = fold(history)  # type: ignore[arg-type]
    projected = project(
        state, case_id=uuid.UUID(int=1), list_order=1, owner_office_id="O1", version=len(history), today=TODAY
    )
    return StateSnapshot(
        state=state, clocks=projected.clocks, day=projected.day, open_clock_due_on=projected.open_clock_due_on
    )


def test_a_decoded_snapshot_equals_the_one_encoded_and_evolves_like_the_fold() -> None:
    """Along generated histories (corrections included), a snapshot survives encoding exactly, and
    evolving its state by the events that follow, up to the next correction, equals folding the
    history that far: an append with no correction may start from it instead of the stored events
    (one with a correction folds the history, as the service does)."""
    master = random.Random(41)
    evolved = 0
    for _ in range(60):
        history = generate_history(random.Random(master.getrandbits(64)), max_events=30)
        cut = len(history) // 2 or 1
        snapshot = _snapshot_after(history[:cut])
        decoded = decode_snapshot(encode_snapshot(snapshot), snapshot_format())
        assert decoded == snapshot
        assert decoded is not None
        rest = list(itertools.takewhile(lambda e: not is_correction(e), history[cut:]))
        pairs = list(enumerate(rest, start=cut + 1))
        assert evolve_all(pairs, decoded.state) == fold(history[: cut + len(rest)])  # type: ignore[arg-type]
        evolved += len(rest)
    assert evolved > 100


def test_a_snapshot_under_another_format_is_not_read() -> None:
    """No snapshot, or one written under another snapshot version, decodes to None: the history is
    folded instead, however well-formed the rest of the bytes are."""
    snapshot = _snapshot_after(generate_history(random.Random(5), max_events=10))
    body = msgspec.msgpack.encode(snapshot)
    other = bytes(b ^ 0xFF for b in snapshot_format())
    assert decode_snapshot(None, snapshot_format()) is None
    assert decode_snapshot(body, other) is None
    assert decode_snapshot(body, None) is None
    assert decode_snapshot(body, snapshot_format()) == snapshot


def test_the_format_names_the_snapshot_version_and_differs_from_any_old_fingerprint() -> None:
    """What an append stores beside its snapshot is `SNAPSHOT_VERSION`, readable in the row; a 16-byte
    fingerprint written by code from before the constant never equals it, so those snapshots are
    ignored (the history is folded) rather than trusted."""
    assert snapshot_format() == f"cpc-snapshot/{SNAPSHOT_VERSION}".encode()
    assert len(snapshot_format()) != 16


def test_bytes_under_this_version_that_do_not_decode_are_not_read() -> None:
    """A snapshot under this code's format whose bytes do not decode as a StateSnapshot (a shape change
    that missed its version bump) is None, so the append folds the history instead of failing."""
    assert decode_snapshot(b"\x93\x01\x02", snapshot_format()) is None
    assert decode_snapshot(b"not msgpack at all", snapshot_format()) is None
