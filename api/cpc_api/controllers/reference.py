"""Reference data: prosecution offices, courts, hotspots (list, create); offence codes and legal clocks (list)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import Body, QueryParameter

from cpc_api.auditing import audited
from cpc_api.deps import Caller, Db
from cpc_api.openapi_examples import COURT, HOTSPOT_EXAMPLE, OFFICE, PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.domain import ClockRule, Offence
from cpc_prosecution.domain.psgc import AreaLevel
from cpc_prosecution.domain.reference import Court, Hotspot, ProsecutionOffice
from cpc_prosecution.domain.types import PSGC_PATTERN
from cpc_prosecution.services import places, reference
from cpc_prosecution.store.psgc import StoredArea

__all__ = ("ReferenceController",)


class ReferenceController(Controller):
    path = "/v1"
    tags = ["Reference data"]

    @get("/offices", operation_id="ListOffices", summary="Prosecution offices")
    async def list_offices(self, db: Db, principal: Caller) -> list[ProsecutionOffice]:
        """Every registered NPS office, by id."""
        return await reference.list_offices(db, principal=principal)

    @post(
        "/offices",
        operation_id="CreateOffice",
        summary="Register a prosecution office",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 409)},
    )
    async def create_office(
        self, db: Db, principal: Caller, data: Annotated[ProsecutionOffice, Body(examples=[OFFICE])]
    ) -> ProsecutionOffice:
        """Identifiers only: an opaque id, the office type and its PSGC place. 409 if the id is taken."""
        return await audited(
            db,
            principal,
            "CreateOffice",
            None,
            reference.create_office(db, data, principal=principal),
            writes_own_entry=True,
        )

    @get("/courts", operation_id="ListCourts", summary="Courts (RTC branches)")
    async def list_courts(self, db: Db, principal: Caller) -> list[Court]:
        """Every registered court branch, by id."""
        return await reference.list_courts(db, principal=principal)

    @post(
        "/courts",
        operation_id="CreateCourt",
        summary="Register a court branch",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 409)},
    )
    async def create_court(self, db: Db, principal: Caller, data: Annotated[Court, Body(examples=[COURT])]) -> Court:
        """Judicial region, station (PSGC), branch label and designation; 409 if already registered."""
        return await audited(
            db,
            principal,
            "CreateCourt",
            None,
            reference.create_court(db, data, principal=principal),
            writes_own_entry=True,
        )

    @get("/hotspots", operation_id="ListHotspots", summary="Hotspot designations")
    async def list_hotspots(self, db: Db, principal: Caller) -> list[Hotspot]:
        """Every hotspot designation: area, who designated it, on what basis, for which period."""
        return await reference.list_hotspots(db, principal=principal)

    @post(
        "/hotspots",
        operation_id="CreateHotspot",
        summary="Register a hotspot designation",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 409)},
    )
    async def create_hotspot(
        self, db: Db, principal: Caller, data: Annotated[Hotspot, Body(examples=[HOTSPOT_EXAMPLE])]
    ) -> Hotspot:
        """An area (PSGC) flagged for a period on a coded basis; 409 if the id is taken."""
        return await audited(
            db,
            principal,
            "CreateHotspot",
            None,
            reference.create_hotspot(db, data, principal=principal),
            writes_own_entry=True,
        )

    @get("/offence-codes", operation_id="ListOffenceCodes", summary="Offence codes")
    async def list_offence_codes(self, db: Db, principal: Caller) -> list[Offence]:
        """Statute, section, short label, penalty band and validity of every code a count may carry.
        Repealed provisions (e.g. RA 9775, repealed 2022) stay listed with `valid_to` for old cases."""
        return await reference.list_offence_codes(db, principal=principal)

    @get("/legal-clocks", operation_id="ListLegalClocks", summary="Legal clocks")
    async def list_legal_clocks(self, db: Db, principal: Caller) -> list[ClockRule]:
        """Each rule: what starts and stops it, its limit and unit, extensions, pauses, legal source and
        effective dates. Case responses report every applicable clock under `deadlines`."""
        return await reference.list_legal_clocks(db, principal=principal)

    @get(
        "/places",
        operation_id="ListPlaces",
        summary="PSGC areas of the loaded masterlist",
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 403)},
    )
    async def list_places(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        principal: Caller,
        level: Annotated[AreaLevel | None, QueryParameter(description="only areas of this level")] = None,
        parent: Annotated[
            str | None, QueryParameter(pattern=PSGC_PATTERN, description="only the areas under this PSGC code")
        ] = None,
    ) -> list[StoredArea]:
        """Areas with their PSA label, level, parent and roll-up (administrative region, province or
        independent city, city or municipality): the labels of the groups that `by=admin_region`,
        `by=province` and `by=city_municipality` return. Empty until an operator loads a masterlist
        (`cpc-prosecution db load-psgc`). Without filters, barangays are left out."""
        reject_unknown_query(request, ("level", "parent"))
        return await places.list_places(db, principal=principal, level=level, parent=parent)
