"""The release policy of a year: fixed by the year's first release, kept by every later one.

Threshold, rounding base, cases per child and the mode (exact or differentially private) decide
what a release shows. Changing any of them within a year re-protects figures already public under
other rules: a lower threshold publishes what a higher one hid, and a DP revision of an exact
release can be subtracted from it (privacy.md, "The year's policy"). So the first release of a year
records its policy (in its stored parameters) and a build asking for another one is refused; a new
policy takes a new year or a new release catalogue version.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

__all__ = ("YearPolicy", "policy_conflict", "recorded_policy")


class YearPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """What every release of one year (and catalogue version) is built with."""

    threshold: int
    rounding_base: int
    cases_per_child: int
    differential_privacy: bool

    def describe(self) -> str:
        mode = "differentially private" if self.differential_privacy else "exact (no DP)"
        return (
            f"threshold {self.threshold}, rounding base {self.rounding_base}, "
            f"cases per child {self.cases_per_child}, {mode}"
        )


def recorded_policy(parameters: Mapping[str, Any]) -> YearPolicy:
    """The policy a stored release ran with, from its `parameters`."""
    return YearPolicy(
        threshold=int(parameters["threshold"]),
        rounding_base=int(parameters["rounding_base"]),
        cases_per_child=int(parameters["cases_per_child"]),
        differential_privacy=bool(parameters.get("differential_privacy", False)),
    )


def policy_conflict(recorded: YearPolicy, requested: YearPolicy, *, year: int, first_release: str) -> str | None:
    """Why `requested` may not be used for `year` (a sentence saying how to change policy), or None."""
    differences = [
        f"{name.replace('_', ' ')} {getattr(requested, name)} (the year's is {getattr(recorded, name)})"
        for name in YearPolicy.__struct_fields__
        if getattr(requested, name) != getattr(recorded, name)
    ]
    if not differences:
        return None
    return (
        f"the release policy of {year} was fixed by its first release {first_release}: {recorded.describe()}; "
        f"this build asks for {', '.join(differences)}. Build with the year's policy (leave these fields out), "
        "or change policy with a new release catalogue version or for another year"
    )
