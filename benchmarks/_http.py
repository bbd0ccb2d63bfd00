"""A minimal keep-alive HTTP/1.1 client on asyncio streams, for load generation.

httpx costs several times more CPU per request than this, and the load generator shares the machine
with the server it measures. Only what the benchmark needs: one request at a time per connection,
responses with Content-Length or chunked bodies.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

__all__ = ("HttpConnection", "HttpError")


_CLOSED = "connection closed by the server"


class HttpError(RuntimeError):
    """The server closed the connection or sent something this client does not understand."""


class HttpConnection:
    """One keep-alive connection to `host:port`."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def __aenter__(self) -> HttpConnection:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        writer, self._writer, self._reader = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def request(
        self, method: str, path: str, body: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request and return (status, body); reconnects if the connection was closed.

        A GET on a reused connection that the server closed while idle (uvicorn drops keep-alive
        connections after 5 s, e.g. while a slow baseline query ran) is sent once more on a new one.
        """
        reused = self._writer is not None
        try:
            return await self._request(method, path, body, headers)
        except HttpError as exc:
            if not (reused and method == "GET" and str(exc) == _CLOSED):
                raise
            return await self._request(method, path, body, headers)

    async def _request(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str] | None
    ) -> tuple[int, bytes]:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        for name, value in (headers or {}).items():
            head += f"{name}: {value}\r\n"
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode("ascii") + b"\r\n" + (body or b""))
        await writer.drain()
        # The whole head in one read: a line-by-line parse spent more CPU per response the more
        # headers a server sends, and the load generator shares the machine with the servers.
        try:
            head_bytes = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            await self.close()
            if not exc.partial:
                raise HttpError(_CLOSED) from None
            raise HttpError(f"incomplete response head {exc.partial[:200]!r}") from None
        status_line, *header_lines = head_bytes[:-4].split(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            raise HttpError(f"bad status line {status_line!r}")
        status = int(parts[1])
        length: int | None = None
        chunked = False
        keep_alive = True
        for line in header_lines:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                keep_alive = value.strip().lower() != b"close"
        if chunked:
            data = await self._read_chunked(reader)
        elif length is not None:
            data = await reader.readexactly(length)
        else:
            data = await reader.read()
            keep_alive = False
        if not keep_alive:
            await self.close()
        return status, data

    @staticmethod
    async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
        data = bytearray()
        while True:
            size = int((await reader.readline()).split(b";", 1)[0], 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return bytes(data)
            data += await reader.readexactly(size)
            await reader.readexactly(2)
