"""A fast streaming (SSE) chat-completions server on raw asyncio sockets, for scripts/bench stream.

    python -m benchmarks._sse TOKENS WRITES PACE_MS    # prints its port

Every request gets an OpenAI chat-completions stream: TOKENS content chunks, a last chunk with
``finish_reason`` and ``usage``, then ``data: [DONE]``, chunked in WRITES writes PACE_MS apart (a model
streaming its answer), over keep-alive HTTP/1.1.
"""

from __future__ import annotations

import asyncio
import sys
from functools import partial

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


async def _serve_conn(parts: list[bytes], pace: float, reader: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    try:
        while True:
            await read_request(reader)
            w.write(HEAD)
            for i, part in enumerate(parts):
                w.write(part)
                if pace and i < len(parts) - 1:
                    await w.drain()
                    await asyncio.sleep(pace)
            await w.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        w.close()


async def _serve(tokens: int, writes: int, pace_ms: float) -> None:
    handler = partial(_serve_conn, stream_writes(tokens, writes), pace_ms / 1000)
    server = await asyncio.start_server(handler, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(_serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
