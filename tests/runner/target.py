"""A scriptable HTTP/1.1 target for the runner's tests, on raw asyncio sockets in its own process.

    python -m tests.runner.target [--stall-after S --stall-for D] [--slots N --service-ms MS]
                                       prints its port, serves until killed

Routes (query parameters in brackets):
    /slow [ms]                         200 after ms milliseconds
    /hang                              never answers
    /flaky [fail, status, retry_after, retry_after_ms, should_retry]
                                       the first ``fail`` requests of each x-replay-id get ``status``
    /sse [events, gap_ms, per, end=done|stop|none|cut]   per: events per write
                                       an OpenAI-style stream (chunked); cut drops the connection
    /echo [coding=br|zstd|gzip|deflate]        the request's headers and body as JSON (compressed so), and a
                                       customer record (name, email, phone) the way a service echoes one
    /bomb [coding=gzip|zstd|br|corrupt]  64 MiB of zeros compressed so; corrupt: a "gzip" body that is not
    /capacity                          N requests at a time (a semaphore), each served in MS milliseconds:
                                       a known capacity of N / MS * 1000 requests/s
    /heads                             200; its header lines as they came (in /__stats "heads", a list a request)
    /__stats                           {"count", "ids": {x-replay-id: n}, "log": [[id, path, epoch]], "heads"}
    anything else                      200 with a small JSON body
The stall holds every answer due in [first request + S, + S + D] until the window ends.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import time
import zlib
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

import brotli
import orjson
import zstandard

STATS: dict[str, object] = {"count": 0, "ids": Counter(), "log": [], "heads": []}
FIRST: list[float] = []
CAPACITY: dict[str, object] = {}  # "slots": the semaphore, "service": seconds


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _json(status: int, obj: object, extra: dict[str, str] | None = None) -> bytes:
    body = orjson.dumps(obj)
    head = {"content-type": "application/json", "content-length": str(len(body)), **(extra or {})}
    return _head(status, head) + body


BOMB = 64 << 20
CUSTOMER = {"email": "maria.gonzalez@example-mail.com", "phone": "+1 415 555 0132", "card": "4111 1111 1111 1111"}


def _encoded(status: int, body: bytes, coding: str) -> bytes:
    if coding == "br":
        body = brotli.compress(body)
    elif coding == "zstd":
        body = zstandard.ZstdCompressor().compress(body)
    elif coding == "gzip":
        body = gzip.compress(body)
    elif coding == "deflate":
        body = zlib.compress(body)
    head = {"content-type": "application/json", "content-length": str(len(body))}
    return _head(status, head | ({"content-encoding": coding} if coding else {})) + body


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


async def _sse(writer: asyncio.StreamWriter, q: dict[str, str]) -> bool:
    """Stream events; False when the connection must be dropped."""
    writer.write(_head(200, {"content-type": "text/event-stream", "transfer-encoding": "chunked"}))
    n, gap, end = int(q.get("events", 5)), float(q.get("gap_ms", 20)) / 1000, q.get("end", "done")
    first = {"object": "chat.completion.chunk", "choices": [{"delta": {"role": "assistant", "content": ""}}]}
    writer.write(_chunk(b"data: " + orjson.dumps(first) + b"\n\n"))
    per = int(q.get("per", 1))  # events per write: a model that sends several tokens at once
    for i in range(0, n, per):
        await asyncio.sleep(gap)
        evs = [{"object": "chat.completion.chunk", "choices": [{"delta": {"content": f"w{j} "}}]} for j in range(i, n)]
        writer.write(_chunk(b"".join(b"data: " + orjson.dumps(ev) + b"\n\n" for ev in evs[:per])))
        await writer.drain()
    if end == "cut":
        await writer.drain()
        return False
    if end == "done":
        writer.write(_chunk(b"data: [DONE]\n\n"))
    elif end == "stop":
        writer.write(_chunk(b'event: message_stop\ndata: {"type": "message_stop"}\n\n'))
    writer.write(b"0\r\n\r\n")
    return True


async def _answer(path: str, q: dict[str, str], rid: str, headers: dict[str, str], body: bytes) -> bytes | None:
    if path == "/__stats":
        return _json(200, STATS)
    if path == "/slow":
        await asyncio.sleep(float(q.get("ms", 100)) / 1000)
    elif path == "/capacity":
        async with CAPACITY["slots"]:  # type: ignore[attr-defined]
            await asyncio.sleep(CAPACITY["service"])  # type: ignore[arg-type]
    elif path == "/hang":
        await asyncio.sleep(3600)
    elif path == "/flaky" and STATS["ids"][rid] <= int(q.get("fail", 1)):  # type: ignore[index]
        extra = {k.replace("_", "-"): q[k] for k in ("retry_after", "retry_after_ms", "should_retry") if k in q}
        extra = {("x-should-retry" if k == "should-retry" else k): v for k, v in extra.items()}
        return _json(int(q.get("status", 429)), {"error": {"type": "rate_limit_exceeded"}}, extra)
    elif path == "/bomb":
        coding = q.get("coding", "gzip")
        if coding == "corrupt":
            head = {"content-type": "text/plain", "content-length": "12", "content-encoding": "gzip"}
            return _head(200, head) + b"not gzip at all"[:12]
        return _encoded(200, b"\0" * BOMB, coding)
    elif path == "/many_headers":  # a head of n fields of 16 bytes
        return _json(200, {"ok": True}, {f"x-h{i:05d}": "v" * 5 for i in range(int(q.get("n", 20000)))})
    elif path == "/echo":
        echo = {"headers": headers, "body": body.decode("utf-8", "replace"), "customer": CUSTOMER}
        return _encoded(200, orjson.dumps(echo), q.get("coding", ""))
    return _json(200, {"ok": True, "path": path}, {"x-model-version": "m-1"})


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, stall: tuple[float, float]) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            _method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if line:
                    k, _, v = line.partition(":")
                    headers[k.strip().lower()] = v.strip()
            body = await reader.readexactly(int(headers.get("content-length", 0) or 0))
            u = urlsplit(target)
            q = dict(parse_qsl(u.query))
            rid = headers.get("x-replay-id", "anon")
            now = time.time()
            if not u.path.startswith("/__"):
                if not FIRST:
                    FIRST.append(now)
                STATS["count"] += 1  # type: ignore[operator]
                STATS["ids"][rid] += 1  # type: ignore[index]
                STATS["log"].append([rid, u.path, now])  # type: ignore[attr-defined]
                if u.path == "/heads":
                    STATS["heads"].append([line for line in lines[1:] if line])  # type: ignore[attr-defined]
                t0 = FIRST[0] + stall[0]
                if stall[1] and t0 <= now < t0 + stall[1]:
                    await asyncio.sleep(t0 + stall[1] - now)
            if u.path == "/sse":
                if not await _sse(writer, q):
                    break
            else:
                writer.write(await _answer(u.path, q, rid, headers, body) or b"")
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        pass
    finally:
        writer.close()


async def main(stall: tuple[float, float], slots: int = 1, service: float = 0.1) -> None:
    CAPACITY.update(slots=asyncio.Semaphore(slots), service=service)
    server = await asyncio.start_server(lambda r, w: _serve(r, w, stall), "127.0.0.1", 0, backlog=4096)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--stall-after", type=float, default=0.0)
    ap.add_argument("--stall-for", type=float, default=0.0)
    ap.add_argument("--slots", type=int, default=1)
    ap.add_argument("--service-ms", type=float, default=100.0)
    args = ap.parse_args()
    asyncio.run(main((args.stall_after, args.stall_for), args.slots, args.service_ms / 1000))
