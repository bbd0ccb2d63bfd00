"""Prosecution capacity: staffing snapshots and trainings per office, as counts."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.openapi.spec import Example
from litestar.params import Body, QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import Caller, Db
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.domain.capacity import StaffingSnapshot, TrainingEvent
from cpc_prosecution.domain.types import IDENTIFIER_PATTERN
from cpc_prosecution.services import capacity
from cpc_prosecution.services.capacity import RecordedTraining

__all__ = ("CapacityController",)

Query = QueryParameter
_WRITE = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 409, 422)}
_READ = {k: PROBLEM_RESPONSES[k] for k in (400, 401, 403)}
_STAFFING = Example(
    summary="A city office at the end of a quarter",
    value={
        "office_id": "OCP-0702-LLC",
        "as_of": "2020-09-30",
        "positions_filled": 12,
        "positions_vacant": 2,
        "carrying_caseload": 10,
        "trained_trafficking": 7,
        "trained_child_sensitive": 5,
    },
)
_TRAINING = Example(
    summary="A child-sensitive handling workshop",
    value={
        "office_id": "OCP-0702-LLC",
        "held_on": "2019-03-14",
        "topic": "CHILD_SENSITIVE_HANDLING",
        "provider": "IJM",
        "participants": 9,
        "hours": 16,
    },
)


class CapacityController(Controller):
    path = "/v1"
    tags = ["Capacity"]

    @post("/staffing", operation_id="RecordStaffing", summary="Record an office's staffing snapshot", responses=_WRITE)
    async def record_staffing(
        self, db: Db, principal: Caller, data: Annotated[StaffingSnapshot, Body(examples=[_STAFFING])]
    ) -> StaffingSnapshot:
        """Counts only: positions filled and vacant, prosecutors carrying a caseload, trained ones. One
        snapshot per office and date (409 otherwise). Admins, or liaisons of the office."""
        call = capacity.record_staffing(db, data, principal=principal)
        return await audited(db, principal, "RecordStaffing", None, call, writes_own_entry=True)

    @get("/staffing", operation_id="ListStaffing", summary="Staffing snapshots", responses=_READ)
    async def list_staffing(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        office: Annotated[str | None, Query(pattern=IDENTIFIER_PATTERN)] = None,
    ) -> list[StaffingSnapshot]:
        """Snapshots of the offices the key may read (all, for admins), by office and date."""
        reject_unknown_query(request, ("office",))
        return await capacity.list_staffing(db, principal=principal, office=office)

    @post("/trainings", operation_id="RecordTraining", summary="Record a training delivered", responses=_WRITE)
    async def record_training(
        self, db: Db, principal: Caller, data: Annotated[TrainingEvent, Body(examples=[_TRAINING])]
    ) -> RecordedTraining:
        """When, on what, by whom and to how many of an office's prosecutors; no names."""
        call = capacity.record_training(db, data, principal=principal)
        return await audited(db, principal, "RecordTraining", None, call, writes_own_entry=True)

    @get("/trainings", operation_id="ListTrainings", summary="Trainings delivered", responses=_READ)
    async def list_trainings(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        office: Annotated[str | None, Query(pattern=IDENTIFIER_PATTERN)] = None,
    ) -> list[TrainingEvent]:
        """Trainings of the offices the key may read (all, for admins), by office and date."""
        reject_unknown_query(request, ("office",))
        return await capacity.list_trainings(db, principal=principal, office=office)
