"""`SNAPSHOT_VERSION` moves whenever the snapshot an append stores would come out differently.

Stored snapshots are trusted by any code with the same `SNAPSHOT_VERSION` (services/state_snapshot.py),
so the constant must change with what a snapshot holds: the folded state and the clock outcomes the
projection stored with it. Golden histories (tests/fixtures/snapshot_version/histories.json, frozen)
are folded and projected; the digest of each snapshot is compared with the one recorded beside the
version it was recorded under (expected.json). The `case_summary` row is not in the digest on purpose:
every append computes it afresh from the state, and `db rebuild-summaries` rewrites stored rows, so a
new summary field leaves every stored snapshot valid (and needs no bump). After a deliberate change:
bump `SNAPSHOT_VERSION`, then rewrite expected.json with `python -m tests.unit.test_snapshot_version`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import msgspec

from cpc_prosecution.domain import CaseEvent, fold
from cpc_prosecution.services.prior_state import snapshot_bytes
from cpc_prosecution.services.projection import project
from cpc_prosecution.services.state_snapshot import SNAPSHOT_VERSION

FIXTURES = Path(__file__).parents[1] / "fixtures" / "snapshot_version"
HISTORIES = FIXTURES / "histories.json"
EXPECTED = FIXTURES / "expected.json"
TODAY = dt.date(2026, 11, 28)
REWRITE = "python -m tests.unit.test_snapshot_version"


def _digests() -> dict[str, str]:
    """Per golden history: sha256 of the bytes of the snapshot an append would store."""
    stored = json.loads(HISTORIES.read_text())
    out: dict[str, str] = {}
    for name in sorted(stored):
        history = msgspec.json.decode(json.dumps(stored[name]), type=list[CaseEvent], strict=True)
        state = fold(history)
        projected = project(
            state,
            case_id=uuid.UUID(int=1),
            list_order=1,
            owner_office_id="PO-0001",
            version=len(history),
            today=TODAY,
        )
        _, snapshot = snapshot_bytes(state, projected)
        out[name] = hashlib.sha256(snapshot).hexdigest()
    return out


def _expected() -> dict[str, Any]:
    recorded: dict[str, Any] = json.loads(EXPECTED.read_text())
    return recorded


def test_the_golden_histories_decode_and_fold() -> None:
    """The frozen inputs stay readable by the current decoder (strictly) and fold without error."""
    assert len(_digests()) >= 20


def test_snapshot_output_changes_only_with_a_new_snapshot_version() -> None:
    """The snapshot of every golden history equals the one recorded for this `SNAPSHOT_VERSION`; a
    difference under an unchanged version means snapshots written by older code would be trusted
    although they are no longer what this code derives."""
    expected = _expected()
    changed = sorted(name for name, digest in _digests().items() if expected["digests"].get(name) != digest)
    if expected["snapshot_version"] == SNAPSHOT_VERSION:
        assert not changed, (
            f"snapshot (fold or clock) output changed for {changed} under SNAPSHOT_VERSION {SNAPSHOT_VERSION}: "
            f"bump SNAPSHOT_VERSION in services/state_snapshot.py, then run `{REWRITE}`"
        )
    else:
        raise AssertionError(
            f"SNAPSHOT_VERSION is {SNAPSHOT_VERSION} but expected.json was recorded under "
            f"{expected['snapshot_version']}: run `{REWRITE}`"
        )


if __name__ == "__main__":
    EXPECTED.write_text(
        json.dumps({"snapshot_version": SNAPSHOT_VERSION, "digests": _digests()}, indent=1, sort_keys=True) + "\n"
    )
    print(f"wrote {EXPECTED} for SNAPSHOT_VERSION {SNAPSHOT_VERSION}")
