"""Disclosure-controlled releases: public reads of stored bytes, builds by admins.

Reads never compute anything from case data: they return the bytes stored when the release was
built, so the same request always gets the same answer. Without CPC_PUBLIC_RELEASES any valid key
(every role) may read; with it, no key is needed.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated, Any, Final

from asyncpg.pool import PoolConnectionProxy
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter

from cpc_api.deps import REPLICA_READS, Caller, Db, provide_principal
from cpc_api.openapi_examples import PROBLEM_RESPONSES
from cpc_api.params import reject_unknown_query
from cpc_prosecution.releases.document import ReleaseDocument, ReleaseListing
from cpc_prosecution.releases.rendering import METHODOLOGY_PATH, PublicTable
from cpc_prosecution.services import exports, releases
from cpc_prosecution.services.access import Principal
from cpc_prosecution.services.errors import NotFound

__all__ = ("ReleasesController",)

_METHODOLOGY: Final = files("cpc_prosecution.releases").joinpath("methodology.md").read_text(encoding="utf-8")
_JSON: Final = "application/json"
_XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CSV: Final = "text/csv"  # Litestar appends "; charset=utf-8" to text types; naming it here repeated it


async def provide_reader(request: Request[Any, Any, Any], db: NamedDependency[PoolConnectionProxy]) -> Principal | None:
    """No key needed when releases are public; otherwise any valid key."""
    if request.app.state.settings.public_releases:
        return None
    return await provide_principal(request, db)


Reader = NamedDependency[Principal | None]


_HEADERS: Final = {
    "Cache-Control": "public, max-age=300",
    # CSV has no place for the link in its body, so every release response carries it here.
    "Link": f'<{METHODOLOGY_PATH}>; rel="describedby"',
}


def _bytes(body: bytes, media_type: str = _JSON) -> Response[bytes]:
    return Response(content=body, media_type=media_type, headers=_HEADERS)


async def _workbook(db: PoolConnectionProxy, release_id: str) -> Response[bytes]:
    body = await exports.release_workbook(db, release_id)
    disposition = {"Content-Disposition": f'attachment; filename="cpc-release-{release_id}.xlsx"'}
    return Response(content=body, media_type=_XLSX, headers=_HEADERS | disposition)


async def _latest_id(db: PoolConnectionProxy) -> str:
    listed = await releases.list_releases(db)
    if not listed:
        raise NotFound("no release has been built yet")
    return listed[0].release_id


class ReleasesController(Controller):
    path = "/v1/releases"
    tags = ["Releases"]
    dependencies = {"reader": Provide(provide_reader)}

    @get(
        "/",
        operation_id="ListReleases",
        summary="Every stored release, newest first",
        responses={
            200: ResponseSpec(data_container=list[ReleaseListing]),
            400: PROBLEM_RESPONSES[400],
            401: PROBLEM_RESPONSES[401],
        },
        opt=REPLICA_READS,
    )
    async def list_releases(self, request: Request[Any, Any, Any], db: Db, reader: Reader) -> list[ReleaseListing]:
        """Id, period, revision, data cut-off, build time and content hash of each release."""
        reject_unknown_query(request, ())
        return await releases.list_releases(db)

    @get(
        "/methodology",
        operation_id="GetReleaseMethodology",
        summary="How releases are protected and how to read them",
        media_type="text/markdown",
        responses={400: PROBLEM_RESPONSES[400], 401: PROBLEM_RESPONSES[401]},
    )
    async def methodology(self, request: Request[Any, Any, Any], reader: Reader) -> str:
        reject_unknown_query(request, ())
        return _METHODOLOGY

    @get(
        "/latest",
        operation_id="GetLatestRelease",
        summary="The newest release (latest period, latest revision)",
        responses={
            200: ResponseSpec(data_container=ReleaseDocument),
            **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)},
        },
        opt=REPLICA_READS,
    )
    async def get_latest(self, request: Request[Any, Any, Any], db: Db, reader: Reader) -> Response[bytes]:
        """The same document as /v1/releases/{release_id} for the first release of the listing."""
        reject_unknown_query(request, ())
        return _bytes(await releases.read_document(db, await _latest_id(db)))

    @get(
        "/latest/tables/{table_id:str}",
        operation_id="GetLatestReleaseTable",
        summary="One table of the newest release, JSON or CSV",
        responses={200: ResponseSpec(data_container=PublicTable), **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)}},
        opt=REPLICA_READS,
    )
    async def get_latest_table(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        reader: Reader,
        table_id: FromPath[str],
        format: Annotated[str, QueryParameter(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
    ) -> Response[bytes]:
        reject_unknown_query(request, ("format",))
        release_id = await _latest_id(db)
        if format == "csv":
            return _bytes(await releases.read_table(db, release_id, table_id, "csv"), _CSV)
        return _bytes(await releases.read_table(db, release_id, table_id, "json"))

    @get(
        "/latest/tables.xlsx",
        operation_id="GetLatestReleaseWorkbook",
        summary="Every table of the newest release in one .xlsx",
        media_type=_XLSX,
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)},
    )
    async def get_latest_workbook(self, request: Request[Any, Any, Any], db: Db, reader: Reader) -> Response[bytes]:
        reject_unknown_query(request, ())
        return await _workbook(db, await _latest_id(db))

    @get(
        "/{release_id:str}/tables.xlsx",
        operation_id="GetReleaseWorkbook",
        summary="Every table of a release in one .xlsx: the published CSV cells, one sheet per table",
        media_type=_XLSX,
        responses={k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)},
    )
    async def get_workbook(
        self, request: Request[Any, Any, Any], db: Db, reader: Reader, release_id: FromPath[str]
    ) -> Response[bytes]:
        """A contents sheet (release, footnote, each table's title, unit and CSV link), then each table's
        CSV cells exactly: hidden cells empty with status `confidential`; counts and roundings as numbers."""
        reject_unknown_query(request, ())
        return await _workbook(db, release_id)

    @get(
        "/{release_id:str}",
        operation_id="GetRelease",
        summary="One release: parameters, data cut-off, content hash and its tables",
        responses={
            200: ResponseSpec(data_container=ReleaseDocument),
            **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)},
        },
        opt=REPLICA_READS,
    )
    async def get_release(
        self, request: Request[Any, Any, Any], db: Db, reader: Reader, release_id: FromPath[str]
    ) -> Response[bytes]:
        reject_unknown_query(request, ())
        return _bytes(await releases.read_document(db, release_id))

    @get(
        "/{release_id:str}/tables/{table_id:str}",
        operation_id="GetReleaseTable",
        summary="One table of a release, JSON or CSV; hidden cells read value null, status confidential",
        responses={200: ResponseSpec(data_container=PublicTable), **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 404)}},
        opt=REPLICA_READS,
    )
    async def get_table(
        self,
        request: Request[Any, Any, Any],
        db: Db,
        reader: Reader,
        release_id: FromPath[str],
        table_id: FromPath[str],
        format: Annotated[str, QueryParameter(pattern="^(json|csv)$", description="json (default) or csv")] = "json",
    ) -> Response[bytes]:
        reject_unknown_query(request, ("format",))
        if format == "csv":
            return _bytes(await releases.read_table(db, release_id, table_id, "csv"), _CSV)
        return _bytes(await releases.read_table(db, release_id, table_id, "json"))

    @post(
        "/",
        operation_id="BuildRelease",
        summary="Build and store the release of a quarter (admins); a revision if one exists",
        status_code=201,
        responses={
            201: ResponseSpec(data_container=ReleaseDocument, description="The stored release"),
            **{k: PROBLEM_RESPONSES[k] for k in (400, 401, 403, 409, 422)},
        },
    )
    async def build_release(self, db: Db, principal: Caller, data: JSONBody[releases.BuildRequest]) -> Response[bytes]:
        """Tabulate every case, protect jointly with the year's earlier releases (threshold, complementary
        suppression, attacker audit), round, and store immutably. 409 when no safe release exists."""
        built = await releases.build(db, data, principal=principal)
        document = await releases.read_document(db, built.release_id)
        return Response(content=document, media_type=_JSON, status_code=201)
