"""The disclosure tests' independent attacker, shared with the release tests."""

from tests.unit.disclosure.conftest import reference_attacker, reference_findings

__all__ = ("reference_attacker", "reference_findings")
