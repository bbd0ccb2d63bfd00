"""Disclosure control: publish court-level counts from which no child can be singled out.

Pure functions over tables of counts (no database, no web framework). The steps, privacy.md §4:

1. describe the tables as cells plus additive relations (`table_builders`, `linked_tables`);
2. `protect`: primary suppression (1..k-1 cases or children), greedy complementary suppression,
   then the linear-programming attacker audit and its repair loop;
3. `public_cells`: one "confidential" marker for every hidden cell, published counts rounded to 5;
4. `public_rate` / `public_median`: the rules for derived statistics;
5. `protect_revision`: a new release protected jointly with those already published.
"""

from __future__ import annotations

from cpc_prosecution.disclosure.attacker_audit import AttackerInterval, AuditFinding, AuditReport, attacker_audit
from cpc_prosecution.disclosure.errors import (
    CannotProtectError,
    DisclosureError,
    PolicyError,
    ProtectionTimeoutError,
    TableError,
)
from cpc_prosecution.disclosure.linked_tables import Cell, CellKey, LinkedTables, Relation, combine
from cpc_prosecution.disclosure.medians import PublicMedian, median_is_publishable, public_median, round_days
from cpc_prosecution.disclosure.policy import DEFAULT_THRESHOLD, MIN_THRESHOLD, DisclosurePolicy
from cpc_prosecution.disclosure.primary_suppression import is_primary, primary_cells
from cpc_prosecution.disclosure.protection import ProtectedCell, Protection, protect
from cpc_prosecution.disclosure.public_cells import PublicCell, public_cells
from cpc_prosecution.disclosure.rates import PublicRate, protected_rate, public_rate, rate_is_publishable
from cpc_prosecution.disclosure.revisions import EarlierRelease, RevisedProtection, joint_tables, protect_revision
from cpc_prosecution.disclosure.round_to_base import public_count, public_floor, round_to_base
from cpc_prosecution.disclosure.table_builders import (
    Count,
    CountLike,
    Hierarchy,
    cross_classified,
    hierarchy_table,
    time_aggregation,
    two_way_table,
)

__all__ = (
    "DEFAULT_THRESHOLD",
    "MIN_THRESHOLD",
    "AttackerInterval",
    "AuditFinding",
    "AuditReport",
    "CannotProtectError",
    "Cell",
    "CellKey",
    "Count",
    "CountLike",
    "DisclosureError",
    "DisclosurePolicy",
    "EarlierRelease",
    "Hierarchy",
    "LinkedTables",
    "PolicyError",
    "ProtectedCell",
    "Protection",
    "ProtectionTimeoutError",
    "PublicCell",
    "PublicMedian",
    "PublicRate",
    "Relation",
    "RevisedProtection",
    "TableError",
    "attacker_audit",
    "combine",
    "cross_classified",
    "hierarchy_table",
    "is_primary",
    "joint_tables",
    "median_is_publishable",
    "primary_cells",
    "protect",
    "protect_revision",
    "protected_rate",
    "public_cells",
    "public_count",
    "public_floor",
    "public_median",
    "public_rate",
    "rate_is_publishable",
    "round_days",
    "round_to_base",
    "time_aggregation",
    "two_way_table",
)
