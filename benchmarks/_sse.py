"""A fast streaming (SSE) chat-completions server on raw asyncio sockets, for scripts/bench stream.

    python -m benchmarks._sse TOKENS WRITES PACE_MS    # prints its port

Every request gets an OpenAI chat-completions stream: TOKENS content chunks, a last chunk with
``finish_reason`` and ``usage``, then ``data: [DONE]``, chunked in WRITES writes PACE_MS apart (a model
streaming its answer), over keep-alive HTTP/1.1. A paced stream's first write goes at once; the rest
go on one clock that ticks every PACE_MS and writes the next part of every stream in flight, as a
model server's decoding step emits a token for each sequence in its batch: one timer for all streams,
not a sleep each, so hundreds of streams keep their pace in one process. A late tick is not made up
(no burst of catching up): the next one is a whole pace later.
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass

import orjson

from benchmarks._http import read_request

HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"


def _event(obj: object) -> bytes:
    return b"data: " + orjson.dumps(obj) + b"\n\n"


def stream_writes(tokens: int, writes: int) -> list[bytes]:
    """The stream's body as ``writes`` HTTP chunks (the last one ends the body)."""
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    events = [_event(base | {"choices": [{"index": 0, "delta": {"content": f" tok{i}"}}]}) for i in range(tokens)]
    usage = {"prompt_tokens": 400, "completion_tokens": tokens, "total_tokens": 400 + tokens}
    events.append(_event(base | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage}))
    events.append(b"data: [DONE]\n\n")
    per = -(-len(events) // writes)
    parts = [b"".join(events[i : i + per]) for i in range(0, len(events), per)]
    out = [f"{len(p):x}\r\n".encode() + p + b"\r\n" for p in parts]
    out[-1] += b"0\r\n\r\n"
    return out


@dataclass(slots=True)
class _Stream:
    writer: asyncio.StreamWriter
    done: asyncio.Future[None]
    next: int = 1  # the part it writes at the next tick


class _Clock:
    """Writes the next part of every stream in flight once a tick."""

    def __init__(self, parts: list[bytes], pace: float):
        self.parts, self.pace = parts, pace
        self.streams: list[_Stream] = []

    def add(self, writer: asyncio.StreamWriter) -> asyncio.Future[None]:
        """Stream the parts after the first to ``writer``; done when the last is written."""
        self.streams.append(_Stream(writer, asyncio.get_running_loop().create_future()))
        return self.streams[-1].done

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        due = loop.time()
        while True:
            due += self.pace
            await asyncio.sleep(max(0.0, due - loop.time()))
            due = max(due, loop.time())  # a late tick: the next one a whole pace after it, no burst
            still = []
            for s in self.streams:
                if not s.writer.is_closing():
                    s.writer.write(self.parts[s.next])
                    s.next += 1
                if s.next < len(self.parts) and not s.writer.is_closing():
                    still.append(s)
                else:
                    s.done.set_result(None)
            self.streams = still


async def _serve_conn(parts: list[bytes], clock: _Clock, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    try:
        while True:
            await read_request(r)
            w.write(HEAD + parts[0])
            if len(parts) > 1 and clock.pace:
                await clock.add(w)
            else:
                w.write(b"".join(parts[1:]))
            await w.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        w.close()


async def _serve(tokens: int, writes: int, pace_ms: float) -> None:
    parts = stream_writes(tokens, writes)
    clock = _Clock(parts, pace_ms / 1000)
    ticking = asyncio.create_task(clock.run()) if pace_ms else None
    server = await asyncio.start_server(lambda r, w: _serve_conn(parts, clock, r, w), "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()
    if ticking is not None:
        ticking.cancel()


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
