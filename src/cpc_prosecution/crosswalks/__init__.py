"""Crosswalks: case summaries mapped to other systems' categories, each with its mapping line by line
(docs/crosswalks.md). Pure: summaries and a period in, table rows out."""

from __future__ import annotations

from typing import Final

from cpc_prosecution.crosswalks import htcds, justice_counts, ncsc, ra9208_16a
from cpc_prosecution.crosswalks.mapping import MAPPING_COLUMNS, Crosswalk, MappingLine, mapping_rows

__all__ = ("CROSSWALKS", "MAPPING_COLUMNS", "Crosswalk", "MappingLine", "mapping_rows")

#: Every crosswalk by its target id.
CROSSWALKS: Final[dict[str, Crosswalk]] = {
    c.target: c for c in (ra9208_16a.CROSSWALK, justice_counts.CROSSWALK, htcds.CROSSWALK, ncsc.CROSSWALK)
}
