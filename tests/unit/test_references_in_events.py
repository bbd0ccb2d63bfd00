"""The service reads each referenced record once per batch, and nothing for events that name none.

An append of an event without references (services delivered, a hearing) is the hot path: it must not
gain a query. Events naming the same office read it once; an unknown id costs one more query (the
registered ids of its kind, for the closest-id hint) and is refused naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pytest

from cpc_prosecution.domain import Inquest, PreliminaryInvestigation, ServicesDelivered, Transfer
from cpc_prosecution.domain.examples import CITY_OFFICE, PROVINCIAL_OFFICE
from cpc_prosecution.domain.vocab import PiBasis, TransferReason, VictimService
from cpc_prosecution.services.errors import InvalidInput
from cpc_prosecution.services.references_in_events import ReferenceCache, check_event_references

DAY = dt.date(2024, 3, 1)


class RecordingConnection:
    """Answers the reference store's queries from two registered offices and records each query;
    any other use of the connection fails the test."""

    def __init__(self) -> None:
        self.queries: list[str] = []
        self._offices = {o.office_id: msgspec.to_builtins(o) for o in (CITY_OFFICE, PROVINCIAL_OFFICE)}

    async def fetchrow(self, sql: str, *args: Any) -> dict[str, Any] | None:
        self.queries.append(sql)
        assert "FROM prosecution_office" in sql
        return self._offices.get(args[0])

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        self.queries.append(sql)
        assert "FROM prosecution_office" in sql
        return list(self._offices.values())


async def test_events_naming_no_reference_cost_no_query() -> None:
    """Services delivered (and any event without an office, court, hotspot or place) reads nothing."""
    conn = RecordingConnection()
    events = [ServicesDelivered(occurred_on=DAY, service=service, children=1) for service in VictimService]
    resolved = await check_event_references(conn, events)  # type: ignore[arg-type]
    assert conn.queries == []
    assert all(a is b for a, b in zip(resolved, events, strict=True))


async def test_an_office_named_by_several_events_is_read_once_per_batch() -> None:
    """Three events name the city office (two by id, one by its identical record): one query, and every
    event comes back with the registered record; a second batch sharing the cache reads nothing."""
    conn = RecordingConnection()
    events = [
        Inquest(occurred_on=DAY, accused=("A1",), office=CITY_OFFICE.office_id),
        PreliminaryInvestigation(occurred_on=DAY, office=CITY_OFFICE.office_id, basis=PiBasis.ART125_WAIVER),
        Transfer(occurred_on=DAY, reason=TransferReason.REASSIGNMENT, to_office=CITY_OFFICE),
    ]
    cache: ReferenceCache = {}
    resolved = await check_event_references(conn, events, cache=cache)  # type: ignore[arg-type]
    assert len(conn.queries) == 1
    assert [getattr(e, "office", None) or getattr(e, "to_office", None) for e in resolved] == [CITY_OFFICE] * 3
    await check_event_references(conn, events[:1], cache=cache)  # type: ignore[arg-type]
    assert len(conn.queries) == 1


async def test_an_unknown_id_is_refused_with_the_closest_registered_id() -> None:
    """A near-miss id reads the id, then the office list (for the hint): InvalidInput naming the field,
    the closest id and where the registered ids are listed."""
    conn = RecordingConnection()
    events = [
        ServicesDelivered(occurred_on=DAY, service=VictimService.MEDICAL, children=1),
        Inquest(occurred_on=DAY, accused=("A1",), office="OPP-0722-CEV"),
    ]
    with pytest.raises(InvalidInput) as refused:
        await check_event_references(conn, events)  # type: ignore[arg-type]
    assert refused.value.field == "events[1].office"
    assert "did you mean `OPP-0722-CEB`" in refused.value.reason
    assert "GET /v1/offices" in refused.value.reason
    assert len(conn.queries) == 2
