"""Where a case is counted: court → judicial region → nation, with "not yet in court" beside the regions.

A case is placed by its court (and so its court's judicial region) from the day it is filed in
court. Before filing, and for a case whose court is not recorded, it is counted under
`NOT_IN_COURT`, a leaf directly under the nation: the nation is always the sum of the regions and
that leaf, so every national cell is linked to the regional ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import msgspec

from cpc_prosecution.disclosure import Hierarchy
from cpc_prosecution.domain.reference import JudicialRegion

__all__ = ("NATION", "NOT_IN_COURT", "Geography")

NATION: Final = "PH"
NOT_IN_COURT: Final = "not-yet-in-court"


class Geography(msgspec.Struct, frozen=True, kw_only=True):
    """The courts of a release and their judicial regions; every judicial region is a row."""

    court_regions: Mapping[str, str]
    """court id → judicial region code."""

    def __post_init__(self) -> None:
        regions = {r.value for r in JudicialRegion}
        for court, region in self.court_regions.items():
            if region not in regions:
                raise ValueError(f"court {court!r} has an unknown judicial region {region!r}")
            if court in regions or court in (NATION, NOT_IN_COURT):
                raise ValueError(f"court id {court!r} collides with a geography label")

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(r.value for r in JudicialRegion)

    @property
    def courts(self) -> tuple[str, ...]:
        return tuple(sorted(self.court_regions))

    def level_of(self, node: str) -> str:
        """'national', 'region', 'court' (NOT_IN_COURT is reported at the regional level)."""
        if node == NATION:
            return "national"
        if node in self.court_regions:
            return "court"
        return "region"

    def region_tree(self) -> Hierarchy:
        """Nation → judicial regions and "not yet in court"."""
        return Hierarchy.tree("geography", {node: NATION for node in (*self.regions, NOT_IN_COURT)})

    def court_tree(self) -> Hierarchy:
        """Nation → regions (→ their courts) and "not yet in court"."""
        parents = {node: NATION for node in (*self.regions, NOT_IN_COURT)}
        parents.update({court: self.court_regions[court] for court in self.courts})
        return Hierarchy.tree("geography", parents)

    def region_of(self, court_id: str | None) -> str:
        """The row a case with this court falls in at the regional level."""
        return NOT_IN_COURT if court_id is None else self.court_regions.get(court_id, NOT_IN_COURT)

    def court_or_outside(self, court_id: str | None) -> str:
        """The row a case with this court falls in at the court level."""
        return court_id if court_id is not None and court_id in self.court_regions else NOT_IN_COURT


def geography_from(court_regions: Mapping[str, str | None]) -> Geography:
    """A Geography from court id → judicial region, skipping courts without a region."""
    return Geography(court_regions={c: r for c, r in court_regions.items() if r is not None})
