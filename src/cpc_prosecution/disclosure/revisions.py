"""Revisions: protect a new release jointly with the releases already published.

A revision republishes cells that an earlier release already showed (late cases, corrections).
Subtracting the old value from the new one gives the late cases, and old published values narrow
what the new hidden cells can be (privacy.md §3.2). So the new release is protected in one system
with every earlier one:

* each release's cells are keyed ``(label, *key)``;
* for every cell present in two consecutive releases there is a *change* cell, keyed
  ``("Δ", old_label, new_label, *key)``, with ``new = old + change`` (or ``old = new + change`` when
  the count went down). Change cells are never published. A change of 1..k-1 is a small count
  (late cases) and is protected like one (where a version is latent, it is an unbounded unknown);
  a change of 0 or at least k is an unknown the attacker may solve for, **bounded by what actually
  changed**: the attacker is assumed to know that the figure moved by at most that much, so a
  change of 0 (the data did not change) makes the two versions equal.
  This holds whatever the releases' modes: a cell latent in one release (published only with DP
  noise) equals, to within its change, the same cell of another release, so a cell hidden or
  latent in one release cannot be released by difference in another;
* cells published earlier are fixed (the attacker knows them exactly); cells hidden earlier stay
  hidden; the new release prefers to hide what the last one hid, to keep the pattern stable.

For relations with earlier releases that are not revisions (quarters published earlier adding up
to this year's total), put the earlier cells into the tables and pass them to `protect` as
`published`.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

import msgspec

from cpc_prosecution.disclosure.attacker_audit import AuditReport
from cpc_prosecution.disclosure.errors import TableError
from cpc_prosecution.disclosure.linked_tables import Cell, CellKey, LinkedTables, Relation
from cpc_prosecution.disclosure.policy import DisclosurePolicy
from cpc_prosecution.disclosure.primary_suppression import is_primary
from cpc_prosecution.disclosure.protection import Protection, protect

__all__ = ("CHANGE", "EarlierRelease", "RevisedProtection", "joint_tables", "protect_revision")

CHANGE = "Δ"
"""First coordinate of change cells."""


class EarlierRelease(msgspec.Struct, frozen=True, kw_only=True):
    """A release already published: its true tables and how they were protected."""

    label: str
    tables: LinkedTables
    protection: Protection


class RevisedProtection(msgspec.Struct, frozen=True, kw_only=True):
    """The new release (its own keys) and the joint system it was audited in."""

    release: Protection
    """This release's cells; its audit lists this release's hidden cells under the joint attacker."""
    joint: Protection
    """Every release and change cell, keyed as in `joint_tables`; its audit is the joint audit."""


def _labelled(label: str, tables: LinkedTables) -> tuple[list[Cell], list[Relation]]:
    cells = [msgspec.structs.replace(cell, key=(label, *cell.key)) for cell in tables.cells]
    relations = [Relation((label, *r.total), tuple((label, *part) for part in r.parts)) for r in tables.relations]
    return cells, relations


def joint_tables(
    current: LinkedTables, *, label: str, earlier: Sequence[EarlierRelease]
) -> tuple[LinkedTables, dict[CellKey, int], frozenset[CellKey], frozenset[CellKey]]:
    """The joint system, the values published earlier, the cells to keep hidden, and the cells to
    prefer hiding (what the latest earlier release hid)."""
    labels = [release.label for release in earlier] + [label]
    if len(set(labels)) != len(labels) or CHANGE in labels or not all(labels):
        raise TableError(f"release labels must be distinct, non-empty and not {CHANGE!r}: {labels!r}")
    cells: list[Cell] = []
    relations: list[Relation] = []
    published: dict[CellKey, int] = {}
    hidden: set[CellKey] = set()
    chain = [(release.label, release.tables) for release in earlier] + [(label, current)]
    for release in earlier:
        _check_matches(release)
        published.update({(release.label, *key): value for key, value in release.protection.published().items()})
        hidden.update((release.label, *key) for key in release.protection.hidden())
    for release_label, tables in chain:
        more_cells, more_relations = _labelled(release_label, tables)
        cells += more_cells
        relations += more_relations
    for (old_label, old), (new_label, new) in itertools.pairwise(chain):
        new_cells = new.by_key()
        for old_cell in old.cells:
            new_cell = new_cells.get(old_cell.key)
            if new_cell is None:
                continue
            change_key = (CHANGE, old_label, new_label, *old_cell.key)
            change = abs(new_cell.value - old_cell.value)
            cells.append(Cell(key=change_key, value=change, subjects=change))
            hidden.add(change_key)
            old_key, new_key = (old_label, *old_cell.key), (new_label, *old_cell.key)
            larger, smaller = (new_key, old_key) if new_cell.value >= old_cell.value else (old_key, new_key)
            relations.append(Relation(larger, (smaller, change_key)))
    prefer = frozenset((label, *key) for key in earlier[-1].protection.hidden()) if earlier else frozenset()
    return LinkedTables(cells=tuple(cells), relations=tuple(relations)), published, frozenset(hidden), prefer


def _check_matches(release: EarlierRelease) -> None:
    protected = {cell.key: cell.value for cell in release.protection.cells}
    if protected != {cell.key: cell.value for cell in release.tables.cells}:
        raise TableError(f"release {release.label!r}: its protection does not match its tables")


def protect_revision(
    current: LinkedTables,
    *,
    label: str,
    earlier: Sequence[EarlierRelease],
    policy: DisclosurePolicy | None = None,
    protect_changes: bool = True,
    latent: Collection[CellKey] = (),
    time_budget: float | None = None,
) -> RevisedProtection:
    """Protect `current` so that it is safe together with every earlier release.

    With `protect_changes` (the default) a change of 1..k-1 between releases is a small count
    and is protected like one: the attacker must not be able to prove it below k. Changes of 0 or
    at least k, like published counts, may be derivable, and the attacker is given them as upper
    bounds (a figure moved by at most what actually changed; 0 when it did not change). Without
    `protect_changes`, changes are only unknowns: the releases' own hidden cells stay protected,
    but "3 late cases in court X" may become derivable.

    `latent`: cells of `current` (its own keys) that are never published and need no protection
    of their own, as in `protect` (e.g. region cells published with DP noise instead). Cells an
    earlier release kept latent stay latent, and so do the changes between two latent cells.
    """
    tables, published, hidden, prefer = joint_tables(current, label=label, earlier=earlier)
    policy = policy or DisclosurePolicy()
    cells = tables.by_key()
    unaudited = {(label, *key) for key in latent}
    for item in earlier:
        unaudited |= {(item.label, *c.key) for c in item.protection.cells if c.reason == "latent"}
    changes = frozenset(key for key in hidden if key[0] == CHANGE)
    # A change between two latent cells is as unknown as they are.
    latent_changes = frozenset(
        key for key in changes if (key[1], *key[3:]) in unaudited and (key[2], *key[3:]) in unaudited
    )
    # A change of 0 or >= k may be worked out (like a published 0 or 15); a small one may not.
    small = frozenset(
        key for key in changes - latent_changes if protect_changes and is_primary(cells[key], policy.threshold)
    )
    # The attacker knows how much a figure moved, up to what actually changed (0: not at all).
    # A small change (1..k-1, late cases) gets no bound: where both versions are exact it is a
    # count to protect, and a bound on it would prove it small by assumption.
    bounded = frozenset(key for key in changes if not is_primary(cells[key], policy.threshold))
    tables = LinkedTables(
        cells=tuple(
            msgspec.structs.replace(cell, upper_bound=cell.value) if cell.key in bounded else cell
            for cell in tables.cells
        ),
        relations=tables.relations,
    )
    # A cell equal to its published previous version (change 0) is public already: hiding it
    # again would protect nothing, so it is published (fixed) rather than audited as hidden.
    if earlier:
        previous = earlier[-1].label
        for key in current.by_key():
            new_key, change = (label, *key), (CHANGE, previous, label, *key)
            if (
                new_key not in unaudited
                and (previous, *key) in published
                and change in cells
                and cells[change].value == 0
                and not is_primary(cells[new_key], policy.threshold)
            ):
                published[new_key] = cells[new_key].value
    joint = protect(
        tables,
        policy,
        published=published,
        hidden=(hidden - changes - unaudited) | small,
        latent=(changes - small) | unaudited,
        prefer_hidden=prefer - unaudited,
        time_budget=time_budget,
    )
    mine = [cell for cell in joint.cells if cell.key[0] == label]
    audit = AuditReport(
        threshold=joint.audit.threshold,
        intervals=tuple(msgspec.structs.replace(i, key=i.key[1:]) for i in joint.audit.intervals if i.key[0] == label),
        findings=(),
    )
    release = Protection(
        policy=joint.policy,
        cells=tuple(msgspec.structs.replace(cell, key=cell.key[1:]) for cell in mine),
        audit=audit,
        repairs=joint.repairs,
    )
    return RevisedProtection(release=release, joint=joint)
