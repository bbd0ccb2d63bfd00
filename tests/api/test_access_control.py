"""Who may do what: every role against every operation, scope through every read path, key expiry
and revocation, and an audit entry for every write and every case read."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest
from litestar.testing import AsyncTestClient
from tests.api.conftest import open_client
from tests.support.cases import events_body, open_body
from tests.support.keys import CITY, Tokens

from cpc_prosecution.domain.examples import conviction_after_trial_history, plea_bargain_history

pytestmark = pytest.mark.db

NPS = {"kind": "nps", "scope_id": CITY, "number": "NPS ACCESS-TEST-0001"}


class World(msgspec.Struct, kw_only=True):
    """A case of the city office raffled to the region VII family court, and one still pre-court."""

    tokens: Tokens
    filed_case: str
    filed_version: int
    precourt_case: str
    spare_key: str
    """A key made only to be revoked."""


@pytest.fixture(scope="module")
async def world(database_url: str, tokens: Tokens) -> World:
    history = plea_bargain_history()
    async with open_client(database_url, tokens.liaison_city) as liaison:
        opened = await liaison.post("/v1/cases", json=open_body(history, dockets=[NPS]))
        filed_case = opened.json()["case_id"]
        cut = next(i for i, e in enumerate(history) if type(e).__name__ == "Raffle") + 1
        appended = await liaison.post(f"/v1/cases/{filed_case}/events", json=events_body(history[1:cut], 1))
        assert appended.status_code == 201, appended.text
        precourt = await liaison.post("/v1/cases", json=open_body(conviction_after_trial_history()))
    async with open_client(database_url, tokens.admin) as admin:
        spare = (await admin.post("/v1/keys", json={"role": "viewer"})).json()["key"]["key_id"]
    return World(
        spare_key=spare,
        tokens=tokens,
        filed_case=filed_case,
        filed_version=appended.json()["version"],
        precourt_case=precourt.json()["case_id"],
    )


@pytest.fixture
async def anonymous(database_url: str) -> AsyncIterator[AsyncTestClient]:  # type: ignore[type-arg]
    async with open_client(database_url) as client:
        yield client


async def _as(database_url: str, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async with open_client(database_url, token) as client:
        return await client.request(method, path, **kwargs)


def _services_event(version: int) -> dict[str, Any]:
    event = {"type": "services_delivered", "occurred_on": "2021-01-05", "service": "MEDICAL", "children": 1}
    return {"expected_version": version, "events": [event]}


# Expected status per role: the matrix of roles x operations, every cell written out.
R = ("admin", "liaison_city", "liaison_province", "analyst_city", "analyst_r7", "viewer")


def _row(*statuses: int) -> dict[str, int]:
    return dict(zip(R, statuses, strict=True))


MATRIX: list[tuple[str, str, str, dict[str, int]]] = [
    #                                                      admin  l_city l_prov a_city a_r7  viewer
    ("ListOffices", "GET", "/v1/offices", _row(200, 200, 200, 200, 200, 403)),
    ("ListCourts", "GET", "/v1/courts", _row(200, 200, 200, 200, 200, 403)),
    ("ListHotspots", "GET", "/v1/hotspots", _row(200, 200, 200, 200, 200, 403)),
    ("ListOffenceCodes", "GET", "/v1/offence-codes", _row(200, 200, 200, 200, 200, 403)),
    ("ListLegalClocks", "GET", "/v1/legal-clocks", _row(200, 200, 200, 200, 200, 403)),
    ("CreateOffice", "POST", "/v1/offices", _row(201, 403, 403, 403, 403, 403)),
    ("CreateCourt", "POST", "/v1/courts", _row(201, 403, 403, 403, 403, 403)),
    ("CreateHotspot", "POST", "/v1/hotspots", _row(201, 403, 403, 403, 403, 403)),
    ("OpenCase", "POST", "/v1/cases", _row(403, 201, 403, 403, 403, 403)),
    ("GetCase", "GET", "/v1/cases/{filed}", _row(403, 200, 404, 200, 200, 403)),
    ("GetPrecourtCase", "GET", "/v1/cases/{precourt}", _row(403, 200, 404, 200, 404, 403)),
    ("ListCases", "GET", "/v1/cases", _row(403, 200, 200, 200, 200, 403)),
    ("LookupCaseByDocket", "GET", "/v1/cases/lookup", _row(403, 200, 404, 200, 200, 403)),
    ("AppendCaseEvents", "POST", "/v1/cases/{filed}/events", _row(403, 201, 404, 403, 403, 403)),
    ("AddCaseDocket", "POST", "/v1/cases/{filed}/dockets", _row(403, 201, 404, 403, 403, 403)),
    ("ListApiKeys", "GET", "/v1/keys", _row(200, 403, 403, 403, 403, 403)),
    ("CreateApiKey", "POST", "/v1/keys", _row(201, 403, 403, 403, 403, 403)),
    ("RevokeApiKey", "POST", "/v1/keys/{spare_key}/revoke", _row(201, 403, 403, 403, 403, 403)),
    ("ListAuditEntries", "GET", "/v1/audit", _row(200, 403, 403, 403, 403, 403)),
    ("ListMetrics", "GET", "/v1/metrics", _row(200, 200, 200, 200, 200, 200)),
    ("GetMetric", "GET", "/v1/metrics/conviction_rate", _row(403, 403, 403, 200, 200, 403)),
    ("RecordStaffing", "POST", "/v1/staffing", _row(201, 201, 403, 403, 403, 403)),
    ("ListStaffing", "GET", "/v1/staffing", _row(200, 200, 200, 200, 200, 403)),
    ("RecordTraining", "POST", "/v1/trainings", _row(201, 201, 403, 403, 403, 403)),
    ("ListTrainings", "GET", "/v1/trainings", _row(200, 200, 200, 200, 200, 403)),
    ("SetMetricTarget", "POST", "/v1/targets", _row(201, 403, 403, 403, 403, 403)),
    ("ListMetricTargets", "GET", "/v1/targets", _row(200, 200, 200, 200, 200, 200)),
]


def _request(operation: str, path: str, world: World, role: str) -> tuple[str, dict[str, Any]]:
    path = path.format(filed=world.filed_case, precourt=world.precourt_case, spare_key=world.spare_key)
    kwargs: dict[str, Any] = {}
    tag = role.replace("_", "-")
    if operation == "CreateOffice":
        kwargs["json"] = {"office_id": f"OCP-T-{tag}", "office_type": "CITY", "psgc": "0702260000"}
    elif operation == "CreateCourt":
        kwargs["json"] = {
            "court_id": f"RTC-T-{tag}",
            "judicial_region": "R7",
            "station_psgc": "0702260000",
            "branch_label": f"Branch {len(role)}{len(tag)}{ord(role[-1])}",
            "designation": "REGULAR",
        }
    elif operation == "CreateHotspot":
        kwargs["json"] = {
            "hotspot_id": f"HS-T-{tag}",
            "psgc": "0702260000",
            "designated_by": "PNP_WCPC",
            "basis": "OTHER",
            "valid_from": "2020-01-01",
        }
    elif operation == "OpenCase":
        kwargs["json"] = open_body(plea_bargain_history())
    elif operation == "LookupCaseByDocket":
        kwargs["params"] = {"office": CITY, "docket": NPS["number"]}
    elif operation == "AppendCaseEvents":
        kwargs["json"] = _services_event(world.filed_version)
    elif operation == "AddCaseDocket":
        kwargs["json"] = {"kind": "nps", "scope_id": CITY, "number": f"NPS DENIED-{tag}"}
    elif operation == "CreateApiKey":
        kwargs["json"] = {"role": "viewer"}
    elif operation == "SetMetricTarget":
        kwargs["json"] = {
            "metric_id": "conviction_rate",
            "measure": "cases_disposed",
            "period": "FY2021",
            "baseline": 1,
            "target": 2,
        }
    elif operation == "GetMetric":
        kwargs["params"] = {"period": "2020"}
    elif operation == "RecordStaffing":
        kwargs["json"] = {
            "office_id": CITY,
            "as_of": f"2020-0{1 + R.index(role) if role in R else 9}-01",
            "positions_filled": 3,
            "positions_vacant": 0,
            "carrying_caseload": 3,
            "trained_trafficking": 1,
            "trained_child_sensitive": 1,
        }
    elif operation == "RecordTraining":
        kwargs["json"] = {
            "office_id": CITY,
            "held_on": "2020-02-02",
            "topic": "TRAFFICKING_LAW",
            "provider": "DOJ",
            "participants": 2,
            "hours": 8,
        }
    return path, kwargs


@pytest.mark.parametrize(
    ("operation", "role", "expected"),
    [(op, role, status) for op, _, _, expected in MATRIX for role, status in expected.items()],
)
async def test_each_role_gets_what_the_matrix_says(
    database_url: str, world: World, operation: str, role: str, expected: int
) -> None:
    """Allowed roles succeed; a role that never may gets 403; a case outside the key's scope is a 404."""
    method, template = next((m, p) for op, m, p, _ in MATRIX if op == operation)
    path, kwargs = _request(operation, template, world, role)
    response = await _as(database_url, getattr(world.tokens, role), method, path, **kwargs)
    assert response.status_code == expected, response.text


@pytest.mark.parametrize(("operation", "method", "template"), [(op, m, p) for op, m, p, _ in MATRIX])
async def test_every_operation_needs_a_key(
    anonymous: AsyncTestClient,  # type: ignore[type-arg]
    world: World,
    operation: str,
    method: str,
    template: str,
) -> None:
    """Without a key every operation is a 401 problem that says how to authenticate."""
    path, kwargs = _request(operation, template, world, "anonymous")
    response = await anonymous.request(method, path, **kwargs)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_another_office_never_sees_the_case_through_any_read_path(database_url: str, world: World) -> None:
    """A liaison of another office: get, list (with and without filters), lookup, append and docket all
    behave as if the case did not exist."""
    token = world.tokens.liaison_province
    case = world.filed_case
    get = await _as(database_url, token, "GET", f"/v1/cases/{case}")
    as_of = await _as(database_url, token, "GET", f"/v1/cases/{case}", params={"as_of": "2020-01-01"})
    listed = await _as(database_url, token, "GET", "/v1/cases", params={"limit": 200})
    by_office = await _as(database_url, token, "GET", "/v1/cases", params={"office": CITY})
    lookup = await _as(database_url, token, "GET", "/v1/cases/lookup", params={"office": CITY, "docket": NPS["number"]})
    append = await _as(database_url, token, "POST", f"/v1/cases/{case}/events", json=_services_event(1))
    docket = await _as(database_url, token, "POST", f"/v1/cases/{case}/dockets", json=NPS)
    assert (get.status_code, as_of.status_code, lookup.status_code) == (404, 404, 404)
    assert (append.status_code, docket.status_code) == (404, 404)
    assert listed.json()["items"] == []
    assert by_office.json()["items"] == []
    unknown = await _as(database_url, token, "GET", f"/v1/cases/{uuid.uuid4()}")
    assert get.json()["title"] == unknown.json()["title"]


@pytest.mark.parametrize("role", ["admin", "viewer", "analyst_city"])
async def test_a_role_that_may_not_never_learns_whether_a_case_exists(
    database_url: str, world: World, role: str
) -> None:
    """Found in review: the role is checked before the case is looked up, so an existing and a random id
    get the same 403."""
    token = getattr(world.tokens, role)
    method, suffix = ("GET", "") if role != "analyst_city" else ("POST", "/events")
    body = {"json": _services_event(1)} if method == "POST" else {}
    existing = await _as(database_url, token, method, f"/v1/cases/{world.filed_case}{suffix}", **body)
    random_id = await _as(database_url, token, method, f"/v1/cases/{uuid.uuid4()}{suffix}", **body)
    assert existing.status_code == random_id.status_code == 403


async def test_revoked_and_expired_keys_are_refused(database_url: str, world: World) -> None:
    """A revoked key fails on its next request; a key past its expiry fails; both as 401."""
    async with open_client(database_url, world.tokens.admin) as admin:
        soon = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)).isoformat()
        expiring = (
            await admin.post("/v1/keys", json={"role": "liaison", "offices": [CITY], "expires_at": soon})
        ).json()
        revoked = (await admin.post("/v1/keys", json={"role": "liaison", "offices": [CITY]})).json()
        before = await _as(database_url, revoked["token"], "GET", f"/v1/cases/{world.filed_case}")
        assert before.status_code == 200
        assert (await admin.post(f"/v1/keys/{revoked['key']['key_id']}/revoke")).status_code == 201
        listed = {k["key_id"]: k for k in (await admin.get("/v1/keys")).json()}
    after = await _as(database_url, revoked["token"], "GET", f"/v1/cases/{world.filed_case}")
    import asyncio

    await asyncio.sleep(1.2)
    expired = await _as(database_url, expiring["token"], "GET", f"/v1/cases/{world.filed_case}")
    assert after.status_code == 401
    assert expired.status_code == 401
    assert listed[revoked["key"]["key_id"]]["active"] is False
    assert "token" not in listed[revoked["key"]["key_id"]]


async def test_every_write_and_every_case_read_leaves_an_audit_entry(database_url: str, world: World) -> None:
    """Open, append, docket, get, list and lookup (allowed or refused) each add one entry naming the
    key, the operation, the case and the result."""
    tokens = world.tokens
    async with open_client(database_url, tokens.admin) as admin:
        last = max([e["entry_id"] for e in (await admin.get("/v1/audit", params={"limit": 1000})).json()] or [0])
    async with open_client(database_url, tokens.liaison_city) as liaison:
        opened = (await liaison.post("/v1/cases", json=open_body(plea_bargain_history()))).json()
        case = opened["case_id"]
        await liaison.post(f"/v1/cases/{case}/events", json=_services_event(1))
        await liaison.post(f"/v1/cases/{case}/events", json=_services_event(1))  # stale: 409
        await liaison.post(f"/v1/cases/{case}/dockets", json={"kind": "nps", "scope_id": CITY, "number": "NPS AUD-1"})
        await liaison.get(f"/v1/cases/{case}")
        await liaison.get("/v1/cases")
        await liaison.get("/v1/cases/lookup", params={"office": CITY, "docket": "NPS AUD-1"})
    await _as(database_url, tokens.liaison_province, "GET", f"/v1/cases/{case}")
    async with open_client(database_url, tokens.admin) as admin:
        entries = (await admin.get("/v1/audit", params={"after": last, "limit": 1000})).json()
        by_case = (await admin.get("/v1/audit", params={"case_id": case})).json()
    seen = [(e["operation"], e["case_id"], e["result"], e["role"]) for e in entries if e["role"] != "admin"]
    assert ("ListAuditEntries", None, "ok", "admin") in [
        (e["operation"], e["case_id"], e["result"], e["role"]) for e in entries
    ]
    assert seen == [
        ("OpenCase", case, "ok", "liaison"),
        ("AppendCaseEvents", case, "ok", "liaison"),
        ("AppendCaseEvents", case, "version_conflict", "liaison"),
        ("AddCaseDocket", case, "ok", "liaison"),
        ("GetCase", case, "ok", "liaison"),
        ("ListCases", None, "ok", "liaison"),
        ("LookupCaseByDocket", case, "ok", "liaison"),
        ("GetCase", case, "not_found", "liaison"),
    ]
    assert len(by_case) == 7
    assert all(e["key_id"] for e in entries)


async def test_the_audit_log_cannot_be_changed(database_url: str, world: World) -> None:
    """Like case_event, audit_log refuses UPDATE and DELETE."""
    import asyncpg

    conn = await asyncpg.connect(database_url)
    try:
        for statement in ("UPDATE audit_log SET result = 'ok'", "DELETE FROM audit_log"):
            with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
                await conn.execute(statement)
    finally:
        await conn.close()


async def test_refusals_before_the_use_case_are_audited_too(database_url: str, world: World) -> None:
    """Found in review: a bad parameter, a bad cursor, a malformed lookup and a non-admin reading the
    audit log each leave an entry."""
    tokens = world.tokens
    async with open_client(database_url, tokens.admin) as admin:
        last = max([e["entry_id"] for e in (await admin.get("/v1/audit", params={"limit": 1000})).json()] or [0])
    await _as(
        database_url,
        tokens.liaison_city,
        "GET",
        f"/v1/cases/{world.filed_case}",
        params={"known_at": "2020-01-01T00:00:00"},
    )
    await _as(database_url, tokens.liaison_city, "GET", "/v1/cases", params={"cursor": "bogus"})
    await _as(database_url, tokens.liaison_city, "GET", "/v1/cases/lookup", params={"docket": "NPS 1"})
    await _as(database_url, tokens.liaison_city, "GET", "/v1/audit")
    async with open_client(database_url, tokens.admin) as admin:
        entries = (await admin.get("/v1/audit", params={"after": last, "limit": 1000})).json()
    seen = [(e["operation"], e["result"]) for e in entries if e["role"] == "liaison"]
    assert seen == [
        ("GetCase", "invalid_input"),
        ("ListCases", "invalid_input"),
        ("LookupCaseByDocket", "invalid_input"),
        ("ListAuditEntries", "forbidden"),
    ]
