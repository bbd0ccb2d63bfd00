"""The worklist: open legal obligations coming due in the caller's offices (docs/worklist.md)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import REPLICA_READS, Caller, Db
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.domain.types import IDENTIFIER_PATTERN
from cpc_prosecution.services import worklist
from cpc_prosecution.services.worklist import DEFAULT_DUE_WITHIN, MAX_ITEMS, Worklist

__all__ = ("WorklistController",)

Query = QueryParameter
_PARAMS = ("due_within", "office", "rule", "limit", "format")


class WorklistController(Controller):
    path = "/v1/worklist"
    tags = ["Cases"]

    @get(
        "/",
        operation_id="GetWorklist",
        summary="Open legal obligations, overdue or coming due, earliest first",
        responses={
            200: ResponseSpec(data_container=Worklist, description="The obligations (or CSV with `format=csv`)"),
            **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 422)},
        },
        opt=REPLICA_READS,
    )
    async def get_worklist(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        due_within: Annotated[
            int, Query(ge=0, le=366, description="days ahead to include (overdue ones always are)")
        ] = DEFAULT_DUE_WITHIN,
        office: Annotated[
            str | None, Query(description="only cases owned by this office", pattern=IDENTIFIER_PATTERN)
        ] = None,
        rule: Annotated[str | None, Query(description="only this clock rule (e.g. TRIAL_START)", max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_ITEMS)] = 500,
        format: Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
    ) -> Response[Any]:
        """For the cases of the key's offices (analysts: also those before their regions' courts), every
        open legal clock that is overdue or due within `due_within` days: the rule and its source, the
        accused position, the due date and the days left (negative when overdue). `format=csv` gives one
        row per obligation."""

        async def read() -> Worklist:
            reject_unknown_query(request, _PARAMS)
            return await worklist.worklist(
                db, principal=principal, due_within=due_within, office_id=office, rule_id=rule, limit=limit
            )

        page = await audited(db, principal, "GetWorklist", None, read())
        if format == "csv":
            return Response(worklist.as_csv(page), media_type="text/csv; charset=utf-8")
        return Response(page)
