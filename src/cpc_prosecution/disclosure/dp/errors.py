"""What can stop a differentially private release: no OpenDP, a table DP must not cover, or no budget left."""

from __future__ import annotations

from cpc_prosecution.disclosure.errors import DisclosureError

__all__ = ("BudgetExceededError", "DpError", "DpRefusedError", "DpUnavailableError")


class DpError(DisclosureError):
    """Root of the differential-privacy errors."""


class DpUnavailableError(DpError):
    """DP mode was requested but OpenDP is not installed (install the ``dp`` extra)."""

    def __init__(self, reason: str = "") -> None:
        detail = f": {reason}" if reason else ""
        super().__init__(
            "differential-privacy mode needs OpenDP; install it with "
            f"`pip install 'cpc-prosecution[dp]'` (opendp==0.16.0){detail}"
        )


class DpRefusedError(DpError):
    """The design does not allow DP for this table (e.g. a court-level table) or these parameters."""


class BudgetExceededError(DpError):
    """Charging these tables would take a dataset's privacy loss for the period past its cap."""

    def __init__(self, *, dataset_id: str, period: str, cap: float, spent: float, requested: float) -> None:
        self.dataset_id = dataset_id
        self.period = period
        self.cap = cap
        self.spent = spent
        self.requested = requested
        super().__init__(
            f"privacy budget of {dataset_id!r} for {period!r} exceeded: cap ε={cap:g}, "
            f"already spent ε={spent:g}, this release asks for ε={requested:g}"
        )
