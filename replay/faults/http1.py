"""A minimal HTTP/1.1 server on asyncio streams with h11 (a mitmproxy dependency), for the fault
proxy's in-process endpoints: keep-alive, a whole request body in memory, a response written
piece by piece, and a way to end it without the end of message (a cut stream)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import h11
import orjson

__all__ = ["Handler", "Request", "Responder", "serve"]

READ_SIZE = 65536


@dataclass(slots=True)
class Request:
    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    peer: str

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)


class Responder:
    """Writes one response: ``start``, any number of ``send``, then ``end`` or ``cut``."""

    def __init__(self, conn: h11.Connection, writer: asyncio.StreamWriter):
        self.conn = conn
        self.writer = writer
        self.started = False
        self.cut_off = False

    async def start(self, status: int, headers: Iterable[tuple[str, str]]) -> None:
        self.started = True
        self.writer.write(self.conn.send(h11.Response(status_code=status, headers=list(headers))))
        await self.writer.drain()

    async def send(self, data: bytes) -> None:
        if data:
            self.writer.write(self.conn.send(h11.Data(data=data)))
            await self.writer.drain()

    async def end(self) -> None:
        self.writer.write(self.conn.send(h11.EndOfMessage()))
        await self.writer.drain()

    def cut(self) -> None:
        """Drop the connection mid-response: the peer sees the body end early."""
        self.cut_off = True
        self.writer.transport.abort()

    async def json(self, status: int, data: object) -> None:
        body = orjson.dumps(data)
        await self.start(status, [("content-type", "application/json"), ("content-length", str(len(body)))])
        await self.send(body)
        await self.end()


Handler = Callable[[Request, Responder], Awaitable[None]]


async def _read_request(conn: h11.Connection, reader: asyncio.StreamReader, peer: str) -> Request | None:
    head: h11.Request | None = None
    body = bytearray()
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA:
            conn.receive_data(await reader.read(READ_SIZE))
        elif isinstance(event, h11.Request):
            head = event
        elif isinstance(event, h11.Data):
            body += event.data
        elif isinstance(event, h11.EndOfMessage):
            assert head is not None
            headers = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in head.headers]
            return Request(head.method.decode(), head.target.decode("latin-1"), headers, bytes(body), peer)
        else:  # ConnectionClosed, PAUSED
            return None


async def serve(handler: Handler, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answer requests on one connection until the peer closes it (or a response is cut)."""
    conn = h11.Connection(h11.SERVER)
    peer = str((writer.get_extra_info("peername") or ("?",))[0])
    try:
        while True:
            request = await _read_request(conn, reader, peer)
            if request is None:
                break
            responder = Responder(conn, writer)
            await handler(request, responder)
            if responder.cut_off or conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                break
            conn.start_next_cycle()
    except (h11.ProtocolError, ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
