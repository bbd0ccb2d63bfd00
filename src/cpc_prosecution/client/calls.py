"""What each client method sends and how its answer is decoded: shared by the sync and async clients.

A `Call` is pure data (method, path, query, body, response type, whether it writes); the two clients
only differ in how they send it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import msgspec

from cpc_prosecution.domain import Detection
from cpc_prosecution.metrics import MetricDefinition, MetricResult
from cpc_prosecution.metrics.series import MetricSeries
from cpc_prosecution.metrics.targets import Target
from cpc_prosecution.releases.document import ReleaseListing
from cpc_prosecution.releases.rendering import PublicTable
from cpc_prosecution.services.case_commands import (
    AppendEvents,
    CaseOpened,
    DocketNumber,
    EventsAppended,
    FirstEvent,
    OpenCase,
)
from cpc_prosecution.services.case_queries import CasePage

__all__ = ("RETRY_STATUSES", "Call", "LiveMetricBody", "LiveSeriesBody", "Registered", "calls")

#: Answers worth trying again (the same idempotency key makes a write safe to repeat).
RETRY_STATUSES: Final = frozenset({429, 502, 503, 504})


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    metric: MetricDefinition
    targets: list[Target]


class LiveMetricBody(msgspec.Struct, frozen=True, kw_only=True):
    result: MetricResult


class LiveSeriesBody(msgspec.Struct, frozen=True, kw_only=True):
    series: MetricSeries
    targets: list[Target]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    returns: Any
    query: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    writes: bool = False
    idempotency_key: str | None = None

    def headers(self) -> dict[str, str]:
        out = {"Accept": "application/json"}
        if self.body is not None:
            out["Content-Type"] = "application/json"
        if self.idempotency_key is not None:
            out["Idempotency-Key"] = self.idempotency_key
        return out

    def decode(self, content: bytes) -> Any:
        return msgspec.json.decode(content, type=self.returns)


def _query(**params: object) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            out[name] = value.isoformat()
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(value)
    return out


class calls:
    """One builder per API operation the client offers."""

    @staticmethod
    def metrics() -> Call:
        return Call("GET", "/v1/metrics", list[Registered])

    @staticmethod
    def metric(metric_id: str, *, period: str | None, as_of: dt.date | None, by: str | None) -> Call:
        return Call("GET", f"/v1/metrics/{metric_id}", LiveMetricBody, _query(period=period, as_of=as_of, by=by))

    @staticmethod
    def series(metric_id: str, first: str, last: str, *, as_of: dt.date | None, by: str | None) -> Call:
        query = _query(**{"from": first, "to": last, "as_of": as_of, "by": by})
        return Call("GET", f"/v1/metrics/{metric_id}", LiveSeriesBody, query)

    @staticmethod
    def releases() -> Call:
        return Call("GET", "/v1/releases", list[ReleaseListing])

    @staticmethod
    def release_table(table_id: str, release_id: str = "latest") -> Call:
        return Call("GET", f"/v1/releases/{release_id}/tables/{table_id}", PublicTable)

    @staticmethod
    def cases_page(cursor: str | None, limit: int, filters: dict[str, object]) -> Call:
        return Call("GET", "/v1/cases", CasePage, _query(cursor=cursor, limit=limit, **filters))

    @staticmethod
    def open_case(
        office_id: str, detection: Detection, dockets: Sequence[DocketNumber], idempotency_key: str | None
    ) -> Call:
        first = FirstEvent(**{name: getattr(detection, name) for name in FirstEvent.__struct_fields__})
        command = OpenCase(office_id=office_id, first_event=first, dockets=list(dockets))
        return Call(
            "POST",
            "/v1/cases",
            CaseOpened,
            body=msgspec.json.encode(command),
            writes=True,
            idempotency_key=idempotency_key or str(uuid.uuid4()),
        )

    @staticmethod
    def append_events(case_id: uuid.UUID, command: AppendEvents, idempotency_key: str | None) -> Call:
        return Call(
            "POST",
            f"/v1/cases/{case_id}/events",
            EventsAppended,
            body=msgspec.json.encode(command),
            writes=True,
            idempotency_key=idempotency_key or str(uuid.uuid4()),
        )
