"""The public representation of protected cells: one marker for every hidden cell, rounded values.

A hidden cell reads ``{"value": null, "status": "confidential"}`` whatever the reason, so nobody can
tell a small cell from its complement (Eurostat's single ":c"). A published cell reads
``{"value": 15, "status": "published", "rounding": 5}``: its exact value rounded to the base, never
to a value in 1..k-1 (`public_count`: 11 and 12 show as 15, not 10).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from cpc_prosecution.disclosure.linked_tables import CellKey
from cpc_prosecution.disclosure.protection import Protection
from cpc_prosecution.disclosure.round_to_base import public_count

__all__ = ("PublicCell", "public_cells")


class PublicCell(msgspec.Struct, frozen=True, kw_only=True):
    """One cell as the public sees it."""

    key: CellKey
    value: int | None
    status: Literal["published", "confidential"]
    rounding: int | None = None
    """The base the value was rounded to; None for confidential cells."""


def public_cells(protection: Protection) -> tuple[PublicCell, ...]:
    """Every cell of the protection, hidden ones blanked, published ones rounded."""
    base, k = protection.policy.rounding_base, protection.policy.threshold
    return tuple(
        PublicCell(key=cell.key, value=public_count(cell.value, base, k), status="published", rounding=base)
        if cell.status == "published"
        else PublicCell(key=cell.key, value=None, status="confidential")
        for cell in protection.cells
    )
