"""Revisions: a new release is protected together with the releases already published."""

from __future__ import annotations

import pytest

from cpc_prosecution.disclosure import (
    Count,
    EarlierRelease,
    LinkedTables,
    TableError,
    attacker_audit,
    joint_tables,
    protect,
    protect_revision,
    time_aggregation,
)
from cpc_prosecution.disclosure.revisions import CHANGE

YEAR = {"Y": ["Q1", "Q2", "Q3"]}


def _year(q1: int, q2: int, q3: int) -> LinkedTables:
    return time_aggregation({"Q1": Count(q1, q1), "Q2": Count(q2, q2), "Q3": Count(q3, q3)}, YEAR)


def test_joint_tables_link_each_cell_to_its_revision() -> None:
    """Cells of both releases are keyed by label; each shared cell gets a change cell and a
    relation new = old + change (or old = new + change when the count went down)."""
    r1, r2 = _year(12, 20, 30), _year(13, 20, 29)
    earlier = [EarlierRelease(label="r1", tables=r1, protection=protect(r1))]
    tables, published, hidden, prefer = joint_tables(r2, label="r2", earlier=earlier)
    cells = tables.by_key()
    assert cells[(CHANGE, "r1", "r2", "Q1")].value == 1
    assert cells[(CHANGE, "r1", "r2", "Q3")].value == 1
    assert cells[(CHANGE, "r1", "r2", "Y")].value == 0
    relations = {(r.total, r.parts) for r in tables.relations}
    assert (("r2", "Q1"), (("r1", "Q1"), (CHANGE, "r1", "r2", "Q1"))) in relations
    assert (("r1", "Q3"), (("r2", "Q3"), (CHANGE, "r1", "r2", "Q3"))) in relations
    assert published == {("r1", "Q1"): 12, ("r1", "Q2"): 20, ("r1", "Q3"): 30, ("r1", "Y"): 62}
    assert hidden == {key for key in cells if key[0] == CHANGE}
    assert prefer == frozenset()


def test_a_late_case_cannot_be_read_off_two_releases() -> None:
    """r1 published Q1 = 12; r2 has one late case there. Publishing Q1 = 13 would reveal the late
    case, so r2 hides Q1 and a complement."""
    r1, r2 = _year(12, 20, 30), _year(13, 20, 30)
    revision = protect_revision(r2, label="r2", earlier=[EarlierRelease(label="r1", tables=r1, protection=protect(r1))])
    assert revision.joint.audit.passed
    assert ("Q1",) in revision.release.hidden()
    assert len(revision.release.hidden()) >= 2
    assert all(cell.status == "published" for cell in revision.joint.cells if cell.key[0] == "r1")


def test_without_protect_changes_only_the_releases_cells_are_protected() -> None:
    """protect_changes=False treats changes as unknowns: r2 may publish 13 next to r1's 12."""
    r1, r2 = _year(12, 20, 30), _year(13, 20, 30)
    earlier = [EarlierRelease(label="r1", tables=r1, protection=protect(r1))]
    revision = protect_revision(r2, label="r2", earlier=earlier, protect_changes=False)
    assert revision.release.hidden() == frozenset()
    reasons = {cell.key: cell.reason for cell in revision.joint.cells if cell.key[0] == CHANGE}
    assert set(reasons.values()) == {"latent"}


def test_cells_hidden_earlier_stay_protected() -> None:
    """r1 hid Q1 (3) and Q2 (12). When r2's Q1 grows to 11 (publishable by itself), r1's Q1 must
    stay protected in the joint audit, and the 8 late cases must not be readable either."""
    r1, r2 = _year(3, 12, 30), _year(11, 12, 30)
    p1 = protect(r1)
    assert p1.hidden() == {("Q1",), ("Q2",)}
    revision = protect_revision(r2, label="r2", earlier=[EarlierRelease(label="r1", tables=r1, protection=p1)])
    joint, _, _, _ = joint_tables(r2, label="r2", earlier=[EarlierRelease(label="r1", tables=r1, protection=p1)])
    report = attacker_audit(joint, revision.joint.hidden(), threshold=11)
    # changes of 0 or >= k may be derivable, like a published 0; small changes may not
    assert [f for f in report.findings if f.key[0] != CHANGE or f.primary] == []
    old_q1 = next(i for i in report.intervals if i.key == ("r1", "Q1"))
    assert old_q1.upper is None or old_q1.upper >= 11
    assert ("Q1",) in revision.release.hidden()


def test_three_releases_chain() -> None:
    """r3 is protected with r1 and r2 and the changes r1→r2 and r2→r3."""
    r1, r2, r3 = _year(12, 20, 30), _year(12, 20, 31), _year(12, 21, 31)
    p1 = protect(r1)
    first = EarlierRelease(label="r1", tables=r1, protection=p1)
    p2 = protect_revision(r2, label="r2", earlier=[first]).release
    second = EarlierRelease(label="r2", tables=r2, protection=p2)
    p3 = protect_revision(r3, label="r3", earlier=[first, second])
    assert p3.joint.audit.passed
    changes = {cell.key[:3] for cell in p3.joint.cells if cell.key[0] == CHANGE}
    assert changes == {(CHANGE, "r1", "r2"), (CHANGE, "r2", "r3")}


@pytest.mark.parametrize("labels", [("r1", "r1"), ("r1", ""), ("r1", CHANGE)])
def test_labels_must_be_distinct(labels: tuple[str, str]) -> None:
    """Release labels key the joint system, so they must be distinct and not the change marker."""
    r1 = _year(12, 20, 30)
    earlier = [EarlierRelease(label=labels[0], tables=r1, protection=protect(r1))]
    with pytest.raises(TableError, match="labels"):
        joint_tables(r1, label=labels[1], earlier=earlier)


def test_earlier_protection_must_match_its_tables() -> None:
    """An earlier release given with someone else's protection is refused."""
    r1 = _year(12, 20, 30)
    earlier = [EarlierRelease(label="r1", tables=r1, protection=protect(_year(12, 20, 31)))]
    with pytest.raises(TableError, match="does not match"):
        joint_tables(r1, label="r2", earlier=earlier)
