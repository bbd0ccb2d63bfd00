"""Administration: API keys (issue, list, revoke) and the audit log. Admin keys only."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.openapi.spec import Example
from litestar.params import Body, FromPath, QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import Caller, Db
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.services import api_keys, audit
from cpc_prosecution.services.access import Role, require_role
from cpc_prosecution.services.api_keys import IssuedKey, KeyInfo, NewKey
from cpc_prosecution.services.audit import AuditEntry, AuditQuery
from cpc_prosecution.services.errors import InvalidInput

__all__ = ("AdminController",)

Query = QueryParameter
_ERRORS = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 404)}
_NEW_KEY = Example(summary="A liaison key for one office", value={"role": "liaison", "offices": ["OCP-0702-LLC"]})


class AdminController(Controller):
    path = "/v1"
    tags = ["Administration"]

    @post("/keys", operation_id="CreateApiKey", summary="Issue an API key (shown once)", responses=_ERRORS)
    async def create_key(
        self, db: Db, principal: Caller, data: Annotated[NewKey, Body(examples=[_NEW_KEY])]
    ) -> IssuedKey:
        """The response's `token` is the only copy: only its hash is stored."""

        issue = api_keys.issue_key_as_admin(db, data, principal=principal)
        return await audited(db, principal, "CreateApiKey", None, issue, writes_own_entry=True)

    @get("/keys", operation_id="ListApiKeys", summary="API keys (never their secrets)", responses=_ERRORS)
    async def list_keys(self, db: Db, principal: Caller) -> list[KeyInfo]:
        async def read() -> list[KeyInfo]:
            require_role(principal, Role.ADMIN)
            return await api_keys.list_keys(db)

        return await audited(db, principal, "ListApiKeys", None, read())

    @post(
        "/keys/{key_id:uuid}/revoke",
        operation_id="RevokeApiKey",
        summary="Revoke an API key (409 for the last active admin key)",
        responses={**_ERRORS, 409: PROBLEM_RESPONSES[409]},
    )
    async def revoke_key(self, db: Db, principal: Caller, key_id: FromPath[uuid.UUID]) -> KeyInfo:
        """Takes effect on the key's next request; revoking twice keeps the first revocation time."""

        revoke = api_keys.revoke_key_as_admin(db, key_id, principal=principal)
        return await audited(db, principal, "RevokeApiKey", None, revoke, writes_own_entry=True)

    @get("/audit", operation_id="ListAuditEntries", summary="The audit log", responses=_ERRORS)
    async def list_audit(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        key_id: Annotated[uuid.UUID | None, Query(description="entries made with this key")] = None,
        case_id: Annotated[uuid.UUID | None, Query(description="entries about this case")] = None,
        operation: Annotated[
            str | None, Query(pattern=r"^[A-Za-z]{1,64}$", description="operationId, e.g. GetCase")
        ] = None,
        since: Annotated[dt.datetime | None, Query(description="from this moment (inclusive)")] = None,
        until: Annotated[dt.datetime | None, Query(description="before this moment")] = None,
        after: Annotated[
            int | None, Query(ge=0, le=2**63 - 1, description="entry_id of the last entry already seen")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[AuditEntry]:
        """Who (key id and role), what (operation, case id, result) and when, oldest first; page with `after`."""

        async def read() -> list[AuditEntry]:
            reject_unknown_query(request, ("key_id", "case_id", "operation", "since", "until", "after", "limit"))
            require_role(principal, Role.ADMIN)
            for name, moment in (("since", since), ("until", until)):
                if moment is not None and moment.tzinfo is None:
                    raise InvalidInput(name, "must include a timezone offset")
            query = AuditQuery(
                key_id=key_id, case_id=case_id, operation=operation, since=since, until=until, after=after, limit=limit
            )
            return await audit.list_entries(db, query)

        return await audited(db, principal, "ListAuditEntries", None, read())
