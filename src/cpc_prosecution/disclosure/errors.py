"""What can go wrong when protecting tables: a bad policy, inconsistent tables, or no safe pattern."""

from __future__ import annotations

__all__ = ("CannotProtectError", "DisclosureError", "PolicyError", "ProtectionTimeoutError", "TableError")


class DisclosureError(ValueError):
    """Root of the disclosure layer's errors."""


class PolicyError(DisclosureError):
    """A disclosure policy parameter is outside what the design allows (e.g. a threshold below 3)."""


class TableError(DisclosureError):
    """The tables are inconsistent: a total that is not the sum of its parts, an unknown cell, a
    negative count, or a previously published value that disagrees with the data."""


class CannotProtectError(DisclosureError):
    """No suppression pattern can protect a cell, because values the attacker already knows
    (cells published earlier, known upper bounds) pin it down whatever is hidden now."""

    def __init__(self, key: tuple[str, ...], reason: str) -> None:
        self.key = key
        self.reason = reason
        super().__init__(f"cannot protect cell {key!r}: {reason}")


class ProtectionTimeoutError(DisclosureError):
    """The audit-and-repair loop did not finish within its time budget. Raised between repair
    steps, so nothing half-protected is returned; the same data would take as long again."""

    def __init__(self, seconds: float, repairs: int) -> None:
        self.seconds = seconds
        self.repairs = repairs
        super().__init__(
            f"protection did not finish within its time budget of {seconds:g} s ({repairs} repair steps done)"
        )
