"""The reverse path for responses that get stream faults, inside the mitmdump process.

mitmproxy's ``response.stream`` callable is synchronous (mitmproxy issue #5208): it cannot wait,
so it cannot pace, stall or throttle without stalling every flow. Instead the addon's async
``request`` hook points a faulted flow at this small asyncio server (a ticket in a header says
which upstream URL and which ``StreamPlan``); it fetches the upstream with httpx and writes the
response back event by event, sleeping with ``asyncio.sleep`` where the plan says, so only that
flow waits. mitmproxy streams the result on to the client unchanged. Flows without stream
faults never come here.

The upstream is read by its own task into a queue, so the upstream latency counted is the
upstream's own, however long the plan holds the client back.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from replay.config.faults import Fault
from replay.faults.bodies import error_event
from replay.faults.counters import Segment
from replay.faults.decide import StreamPlan
from replay.faults.http1 import Request, Responder, serve
from replay.util.sse import LineBlocks, SSEBlocks, blocks_for

__all__ = ["TICKET_HEADER", "Shaper", "Streamer", "Ticket"]

TICKET_HEADER = "x-replay-fault-ticket"
_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
    | {"content-length", "host", TICKET_HEADER}
)
_THROTTLE_TICK = 20  # pieces per second of throttled output


@dataclass(slots=True)
class Ticket:
    """One faulted flow handed from the addon to the streamer."""

    url: str
    plan: StreamPlan
    segment: Segment
    upstream: float | None = None  # seconds from sending upstream to its last byte
    reached: bool = False  # the upstream answered (its headers at least)
    failed: bool = False  # the upstream could not be reached or broke off

    def count(self, fault_type: str, rules: Sequence[Fault]) -> None:
        """One call met ``fault_type`` (once, however many of its ``rules`` acted: two stream delays add up)."""
        self.segment.faults[fault_type] += 1
        for rule in rules:
            self.segment.credit(rule)


class Shaper:
    """Applies a StreamPlan to a body: per event when ``blocks`` splits it (an SSE event, an NDJSON line)."""

    def __init__(
        self, plan: StreamPlan, out: Responder, count: Callable[[str, Sequence[Fault]], None], blocks: SSEBlocks | None
    ):
        self.plan, self.out, self.count = plan, out, count
        self.sse = blocks is not None and plan.events_matter
        self.blocks = blocks if blocks is not None else SSEBlocks()
        self.events = 0
        self.sent = 0
        self.t0: float | None = None

    async def feed(self, chunk: bytes) -> bool:
        """Pass a chunk on; False once the plan has ended the stream."""
        if not self.sse:
            await self._write(chunk)
            return True
        for event in self.blocks.feed(chunk):
            if not await self._event(event):
                return False
        return True

    async def finish(self) -> None:
        await self._write(self.blocks.close())  # an unterminated last event, as it came
        await self.out.end()

    async def _event(self, event: bytes) -> bool:
        p = self.plan
        if self.events == 0 and p.first_delay:
            self.count("stream_delay", p.delayed)
            await asyncio.sleep(p.first_delay)
        for after, pause, rule in p.stalls:
            if after == self.events:
                self.count("stream_stall", (rule,))
                await asyncio.sleep(pause)
        if p.end is not None and p.end_after == self.events:
            self.count(p.end.type, (p.end,))
            if p.end.type == "stream_error":
                await self._write(error_event(p.end, lines=isinstance(self.blocks, LineBlocks)))
                await self.out.end()
            elif p.end.abrupt:
                self.out.cut()
            else:
                await self.out.end()  # a well-formed body that lacks the rest, end marker included
            return False
        await self._write(event)
        self.events += 1
        return True

    async def _write(self, data: bytes) -> None:
        rate = self.plan.bytes_per_s
        if not rate:
            await self.out.send(data)
            return
        if self.t0 is None:
            self.t0 = time.monotonic()
            self.count("throttle", (self.plan.throttle,) if self.plan.throttle is not None else ())
        step = max(1, rate // _THROTTLE_TICK)
        for i in range(0, len(data), step):
            piece = data[i : i + step]
            await self.out.send(piece)
            self.sent += len(piece)
            wait = self.t0 + self.sent / rate - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)


class Streamer:
    """The in-process server on 127.0.0.1 that faulted flows are pointed at."""

    def __init__(self) -> None:
        self.tickets: dict[str, Ticket] = {}
        self._ids = itertools.count(1)
        self._server: asyncio.Server | None = None
        self._client: httpx.AsyncClient | None = None
        self.port = 0

    async def start(self) -> None:
        # No overall timeout: the client decides how long it waits, as it would for the upstream itself.
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(None, connect=10.0), follow_redirects=False)
        self._server = await asyncio.start_server(lambda r, w: serve(self._handle, r, w), "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        if self._client is not None:
            await self._client.aclose()

    def issue(self, ticket: Ticket) -> str:
        """Register a ticket; its id goes in the flow's TICKET_HEADER."""
        tid = str(next(self._ids))
        self.tickets[tid] = ticket
        return tid

    async def _handle(self, req: Request, out: Responder) -> None:
        ticket = self.tickets.pop(req.header(TICKET_HEADER) or "", None)
        if ticket is None or self._client is None:
            await out.json(502, {"error": {"message": "fault proxy: no ticket for this request", "type": "proxy"}})
            return
        headers = [(k, v) for k, v in req.headers if k not in _HOP]
        if req.header("accept-encoding") is None:
            headers.append(("accept-encoding", "identity"))  # httpx would ask for gzip; events must stay readable
        t0 = time.monotonic()
        try:
            upstream = await self._client.send(
                self._client.build_request(req.method, ticket.url, headers=headers, content=req.body), stream=True
            )
        except httpx.HTTPError as e:
            ticket.failed, ticket.upstream = True, time.monotonic() - t0
            await out.json(502, {"error": {"message": f"fault proxy: upstream {type(e).__name__}", "type": "proxy"}})
            return
        ticket.reached = True
        queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        pump = asyncio.create_task(self._pump(upstream, queue, ticket, t0))
        try:
            h = upstream.headers
            blocks = blocks_for(h.get("content-type", ""))
            if h.get("content-encoding", "identity") != "identity":  # compressed events cannot be split
                blocks = None
            await out.start(upstream.status_code, [(k, v) for k, v in upstream.headers.multi_items() if k not in _HOP])
            shaper = Shaper(ticket.plan, out, ticket.count, blocks)
            while (chunk := await queue.get()) is not None:
                if not await shaper.feed(chunk):
                    return
            if ticket.failed:
                out.cut()  # the upstream broke off: so does the client's stream
            else:
                await shaper.finish()
        except ConnectionError:
            pass  # the client left
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pump
            await upstream.aclose()

    @staticmethod
    async def _pump(upstream: httpx.Response, queue: asyncio.Queue[bytes | None], ticket: Ticket, t0: float) -> None:
        try:
            async for chunk in upstream.aiter_raw():
                queue.put_nowait(chunk)
        except httpx.HTTPError:
            ticket.failed = True
        ticket.upstream = time.monotonic() - t0
        queue.put_nowait(None)
