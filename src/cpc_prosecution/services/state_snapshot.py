"""A case's folded state stored with its head, so an append need not fold the whole history again.

An append usually reaches a process that has never seen the case: liaison staff record a case's
events weeks apart, and any process may take the request. Reading and folding a 15-event history costs
about three times the CPU of evolving a known state by one event. So each append also stores the state
it produced (with the clock results its projection reused), in the same guarded statement as the
events: the snapshot is always the state at the row's `snapshot_version`.

A snapshot is trusted only when it was written under this code's `SNAPSHOT_VERSION`. The constant
moves whenever the fold, the clock engine or the projection would derive a different snapshot from the
same history (tests/unit/test_snapshot_version.py fails until it does); a snapshot written under
another value is ignored and the history folded, as for cases without one (bulk imports write none).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

import msgspec

from cpc_prosecution.domain import CaseState
from cpc_prosecution.domain.clocks.outcomes import ClockOutcome

__all__ = ("SNAPSHOT_VERSION", "StateSnapshot", "decode_snapshot", "encode_snapshot", "snapshot_format")

#: Bump when the fold, the clock engine or the projection derive something else from the same history,
#: or `StateSnapshot`/`CaseState` change shape: every stored snapshot is then ignored until rewritten.
SNAPSHOT_VERSION: Final = 4


class StateSnapshot(msgspec.Struct, frozen=True, kw_only=True, array_like=True):
    """The folded state at a version, and what its projection computed from the clock engine (which
    `project` reuses when the next events leave the clock facts unchanged)."""

    state: CaseState
    clocks: tuple[ClockOutcome, ...]
    day: dt.date
    """The Manila date `open_clock_due_on` was computed for."""
    open_clock_due_on: dt.date | None


_ENCODER: Final = msgspec.msgpack.Encoder()
_DECODER: Final = msgspec.msgpack.Decoder(StateSnapshot)
# Stored in `case_file.snapshot_format`. Snapshots written before the version constant carry a
# 16-byte fingerprint there, which never equals this, so they are ignored.
_FORMAT: Final = f"cpc-snapshot/{SNAPSHOT_VERSION}".encode()


def snapshot_format() -> bytes:
    """What `case_file.snapshot_format` holds for a snapshot this code may read: `SNAPSHOT_VERSION`."""
    return _FORMAT


def encode_snapshot(snapshot: StateSnapshot) -> bytes:
    """The stored form, written beside `snapshot_format()`."""
    return _ENCODER.encode(snapshot)


def decode_snapshot(blob: bytes | None, written_by: bytes | None) -> StateSnapshot | None:
    """The snapshot in `blob`, or None when there is none, another snapshot version wrote it
    (`written_by`, the format stored beside it, is not this code's `snapshot_format()`), or its bytes
    do not decode (a shape change that forgot its version bump: fold the history rather than fail)."""
    if blob is None or written_by != _FORMAT:
        return None
    try:
        return _DECODER.decode(blob)
    except msgspec.DecodeError:
        return None
