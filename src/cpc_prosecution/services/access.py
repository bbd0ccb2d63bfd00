"""Who may do what: API-key principals, their roles and their scope.

Roles (least privilege):
- `admin`: API keys, reference data, the audit log (and, later, releases). No case records.
- `liaison`: read and write the case records of its offices.
- `analyst`: read case records (and live metrics) within its offices or judicial regions.
- `viewer`: published releases only.

Scope is checked here, in the service layer, whatever route or filter led to a case: a case outside
the caller's scope is reported exactly like a case that does not exist.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

import msgspec

from cpc_prosecution.services.errors import Forbidden, NotFound

__all__ = ("Principal", "Role", "require_role")


class Role(StrEnum):
    ADMIN = "admin"
    LIAISON = "liaison"
    ANALYST = "analyst"
    VIEWER = "viewer"


CASE_READERS = (Role.LIAISON, Role.ANALYST)
CASE_WRITERS = (Role.LIAISON,)


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """The caller, as proved by an API key."""

    key_id: uuid.UUID
    role: Role
    offices: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    """Judicial regions (BP 129): an analyst of R7 sees the cases before its courts."""

    def may_see_case(self, owner_office_id: str, court_judicial_region: str | None) -> bool:
        if self.role not in CASE_READERS:
            return False
        if owner_office_id in self.offices:
            return True
        return self.role is Role.ANALYST and court_judicial_region is not None and court_judicial_region in self.regions

    def may_write_case(self, owner_office_id: str) -> bool:
        return self.role in CASE_WRITERS and owner_office_id in self.offices

    def check_case_visible(self, case_id: uuid.UUID, owner_office_id: str, court_judicial_region: str | None) -> None:
        """Forbidden for a role that never reads cases; NotFound for a case outside the caller's scope,
        exactly as for a case that does not exist, so its existence is not disclosed."""
        require_role(self, *CASE_READERS)
        if not self.may_see_case(owner_office_id, court_judicial_region):
            raise NotFound(f"case {case_id} not found")

    def check_case_writable(self, case_id: uuid.UUID, owner_office_id: str) -> None:
        """As `check_case_visible`, for writes (liaison keys of the owning office only)."""
        require_role(self, *CASE_WRITERS)
        if not self.may_write_case(owner_office_id):
            raise NotFound(f"case {case_id} not found")


def require_role(principal: Principal, *roles: Role) -> None:
    """Forbidden unless the caller has one of `roles`."""
    if principal.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise Forbidden(f"this operation needs the role {allowed}; the key has {principal.role.value}")
