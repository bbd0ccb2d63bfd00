"""`Client`: the API from synchronous code (scripts, notebooks). Same calls as `AsyncClient`."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator, Sequence
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

__all__ = ("Client",)


class Client:
    """`Client("http://127.0.0.1:8000", api_key)`; use as a context manager or call `close()`.

    Reads and writes are retried on a dropped connection, 429 and 502-504; a write is sent with one
    idempotency key for all its attempts, so the server stores it once and replays its first answer.
    """

    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: float = 30.0,
        retry: Retry | None = None,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._http = http if http is not None else httpx.Client(timeout=timeout)
        self._owns_http = http is None
        self._auth = auth_headers(api_key)
        self._retry = retry or Retry()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def _send(self, call: Call) -> Any:
        for attempt in range(1, self._retry.attempts + 1):
            try:
                response = self._http.request(
                    call.method,
                    self._base + call.path,
                    params=call.query,
                    content=call.body,
                    headers={**call.headers(), **self._auth},
                )
            except httpx.TransportError:
                if attempt == self._retry.attempts:
                    raise
                time.sleep(self._retry.delay(attempt))
                continue
            if response.status_code in RETRY_STATUSES and attempt < self._retry.attempts:
                time.sleep(self._retry.delay(attempt, response.headers.get("Retry-After")))
                continue
            if response.status_code >= 400:
                raise error_for(response.status_code, response.content)
            return call.decode(response.content)
        raise AssertionError("unreachable")  # pragma: no cover

    def metrics(self) -> list[MetricDefinition]:
        """The metric registry (definitions, measures, dimensions)."""
        return [entry.metric for entry in self._send(calls.metrics())]

    def metric(
        self, metric_id: str, *, period: str | None = None, as_of: dt.date | None = None, by: str | None = None
    ) -> MetricResult:
        """One live metric (analysts)."""
        result: MetricResult = self._send(calls.metric(metric_id, period=period, as_of=as_of, by=by)).result
        return result

    def series(
        self, metric_id: str, first: str, last: str, *, as_of: dt.date | None = None, by: str | None = None
    ) -> MetricSeries:
        """One live metric for each period from `first` to `last`, in one request."""
        series: MetricSeries = self._send(calls.series(metric_id, first, last, as_of=as_of, by=by)).series
        return series

    def releases(self) -> list[ReleaseListing]:
        listed: list[ReleaseListing] = self._send(calls.releases())
        return listed

    def release_table(self, table_id: str, release_id: str = "latest") -> PublicTable:
        table: PublicTable = self._send(calls.release_table(table_id, release_id))
        return table

    def iter_cases(self, *, page_size: int = 200, **filters: object) -> Iterator[CaseListing]:
        """Every case the key may read, following `next_cursor` page by page (filters as in /v1/cases)."""
        cursor: str | None = None
        while True:
            page = self._send(calls.cases_page(cursor, page_size, filters))
            yield from page.items
            cursor = page.next_cursor
            if cursor is None:
                return

    def open_case(
        self,
        office_id: str,
        detection: Detection,
        *,
        dockets: Sequence[DocketNumber] = (),
        idempotency_key: str | None = None,
    ) -> CaseOpened:
        """Open a case owned by `office_id` with its detection (its `case_id` is ignored: the server assigns one)."""
        opened: CaseOpened = self._send(calls.open_case(office_id, detection, dockets, idempotency_key))
        return opened

    def append_events(
        self, case_id: uuid.UUID, command: AppendEvents, *, idempotency_key: str | None = None
    ) -> EventsAppended:
        appended: EventsAppended = self._send(calls.append_events(case_id, command, idempotency_key))
        return appended
