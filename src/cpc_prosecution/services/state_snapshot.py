"""A case's folded state stored with its head, so an append need not fold the whole history again.

Each process caches the states it folded (`state_cache`), but an append usually reaches a process
that has not seen the case: liaison staff record a case's events weeks apart, and a load balancer
spreads requests over workers. Reading and folding a 15-event history costs about three times the
CPU of evolving a known state by one event. So each append also stores the state it produced (with the
clock results its projection reused), in the same guarded statement as the events: the snapshot is
always the state at the row's `version`.

A snapshot is trusted only by the exact code that wrote it: it is stored beside a fingerprint of the
package version and the source that derives its contents (the domain package: the fold and the clock
engine; `projection.py`: the open-clock due date). Any other code ignores it and folds the history, as
it does for cases without one (bulk imports write none).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Final

import msgspec

import cpc_prosecution
from cpc_prosecution.domain import CaseState
from cpc_prosecution.domain.clocks.outcomes import ClockOutcome

__all__ = ("StateSnapshot", "decode_snapshot", "encode_snapshot", "snapshot_format")


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
_FINGERPRINT_BYTES: Final = 16


def _fingerprint() -> bytes:
    digest = hashlib.sha256(cpc_prosecution.__version__.encode())
    digest.update(msgspec.json.encode(msgspec.json.schema(StateSnapshot)))
    package = Path(cpc_prosecution.__file__).parent
    sources = [*(package / "domain").rglob("*.py"), Path(__file__).with_name("projection.py")]
    for source in sorted(sources):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.digest()[:_FINGERPRINT_BYTES]


# Taken when the module is imported, i.e. when a process loads the code it will run: sources changed
# on disk later (an upgrade in place) cannot lend their fingerprint to this process's snapshots.
_FORMAT: Final = _fingerprint()


def snapshot_format() -> bytes:
    """Fingerprint of the code that derives a snapshot: the package version, the snapshot's schema, every
    domain source file and `projection.py` (as loaded by this process). Two processes agree on it
    exactly when they would derive the same snapshot from a history."""
    return _FORMAT


def encode_snapshot(snapshot: StateSnapshot) -> bytes:
    """The stored form, written beside `snapshot_format()`."""
    return _ENCODER.encode(snapshot)


def decode_snapshot(blob: bytes | None, written_by: bytes | None) -> StateSnapshot | None:
    """The snapshot in `blob`, or None when there is none or other code wrote it (`written_by`, the
    format stored beside it, is not this code's `snapshot_format()`)."""
    if blob is None or written_by != snapshot_format():
        return None
    return _DECODER.decode(blob)
