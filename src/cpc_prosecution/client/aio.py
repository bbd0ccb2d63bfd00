"""`AsyncClient`: the API from asyncio code. Same calls as `Client` (sync.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator, Sequence
from typing import Any

import httpx

from cpc_prosecution.client.calls import RETRY_STATUSES, Call, calls
from cpc_prosecution.client.errors import error_for
from cpc_prosecution.client.policy import Retry, auth_headers
from cpc_prosecution.domain import Detection
from cpc_prosecution.metrics import MetricDefinition, MetricResult
from cpc_prosecution.metrics.series import MetricSeries
from cpc_prosecution.releases.document import ReleaseListing
from cpc_prosecution.releases.rendering import PublicTable
from cpc_prosecution.services.case_commands import AppendEvents, CaseOpened, DocketNumber, EventsAppended
from cpc_prosecution.services.case_queries import CaseListing

__all__ = ("AsyncClient",)


class AsyncClient:
    """`AsyncClient("http://127.0.0.1:8000", api_key)`; `async with` it or await `aclose()`.

    Reads and writes are retried on a dropped connection, 429 and 502-504; a write is sent with one
    idempotency key for all its attempts, so the server stores it once and replays its first answer.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)
        self._owns_http = http is None
        self._auth = auth_headers(api_key)
        self._retry = retry or Retry()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def _send(self, call: Call) -> Any:
        for attempt in range(1, self._retry.attempts + 1):
            try:
                response = await self._http.request(
                    call.method,
                    self._base + call.path,
                    params=call.query,
                    content=call.body,
                    headers={**call.headers(), **self._auth},
                )
            except httpx.TransportError:
                if attempt == self._retry.attempts:
                    raise
                await asyncio.sleep(self._retry.delay(attempt))
                continue
            if response.status_code in RETRY_STATUSES and attempt < self._retry.attempts:
                await asyncio.sleep(self._retry.delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code >= 400:
                raise error_for(response.status_code, response.content)
            return call.decode(response.content)
        raise AssertionError("unreachable")  # pragma: no cover

    async def metrics(self) -> list[MetricDefinition]:
        """The metric registry (definitions, measures, dimensions)."""
        return [entry.metric for entry in await self._send(calls.metrics())]

    async def metric(
        self, metric_id: str, *, period: str | None = None, as_of: dt.date | None = None, by: str | None = None
    ) -> MetricResult:
        """One live metric (analysts)."""
        result: MetricResult = (await self._send(calls.metric(metric_id, period=period, as_of=as_of, by=by))).result
        return result

    async def series(
        self, metric_id: str, first: str, last: str, *, as_of: dt.date | None = None, by: str | None = None
    ) -> MetricSeries:
        """One live metric for each period from `first` to `last`, in one request."""
        series: MetricSeries = (await self._send(calls.series(metric_id, first, last, as_of=as_of, by=by))).series
        return series

    async def releases(self) -> list[ReleaseListing]:
        listed: list[ReleaseListing] = await self._send(calls.releases())
        return listed

    async def release_table(self, table_id: str, release_id: str = "latest") -> PublicTable:
        table: PublicTable = await self._send(calls.release_table(table_id, release_id))
        return table

    async def iter_cases(self, *, page_size: int = 200, **filters: object) -> AsyncIterator[CaseListing]:
        """Every case the key may read, following `next_cursor` page by page (filters as in /v1/cases)."""
        cursor: str | None = None
        while True:
            page = await self._send(calls.cases_page(cursor, page_size, filters))
            for item in page.items:
                yield item
            cursor = page.next_cursor
            if cursor is None:
                return

    async def open_case(
        self,
        office_id: str,
        detection: Detection,
        *,
        dockets: Sequence[DocketNumber] = (),
        idempotency_key: str | None = None,
    ) -> CaseOpened:
        """Open a case owned by `office_id` with its detection (its `case_id` is ignored: the server assigns one)."""
        opened: CaseOpened = await self._send(calls.open_case(office_id, detection, dockets, idempotency_key))
        return opened

    async def append_events(
        self, case_id: uuid.UUID, command: AppendEvents, *, idempotency_key: str | None = None
    ) -> EventsAppended:
        appended: EventsAppended = await self._send(calls.append_events(case_id, command, idempotency_key))
        return appended
