"""A fast HTTP/1.1 keep-alive server and closed-loop load generator on raw asyncio sockets.

Neither is the bottleneck in front of mitmdump (~900 rps a core): the server answers
~15,000 rps and the generator sends as much on one core, so figures measure the proxy.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from dataclasses import dataclass

import numpy as np

from replay.util.stats import fraction, quantile

RESPONSE_BODY = (
    b'{"id":"chatcmpl-1","object":"chat.completion","choices":[{"message":{"role":"assistant","content":"'
    + b"x" * 900
    + b'"}}]}'
)
_RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
    + str(len(RESPONSE_BODY)).encode()
    + b"\r\n\r\n"
    + RESPONSE_BODY
)


async def _serve_conn(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            writer.write(_RESPONSE)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve() -> None:
    server = await asyncio.start_server(_serve_conn, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def start_server() -> tuple[subprocess.Popen[str], int]:
    """The fast server in a child process; returns it and its port."""
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks._http"], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    return proc, int(proc.stdout.readline())


@dataclass(slots=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: np.ndarray

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        got = quantile(self.latencies_ms, fraction(p))  # exact nearest-rank, as replay's own figures
        return float("nan") if got is None else got


async def _client(host: str, port: int, request: bytes, deadline: float, lat: list[float], errs: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            lat.append((time.perf_counter() - t0) * 1000)
            if not head.startswith(b"HTTP/1.1 200"):
                errs.append(1)
    finally:
        writer.close()


def run_load(port: int, request: bytes, seconds: float, connections: int = 16) -> LoadResult:
    """Closed-loop keep-alive load for ``seconds`` from ``connections`` connections to 127.0.0.1."""
    lat: list[float] = []
    errs: list[int] = []

    async def main() -> float:
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(*(_client("127.0.0.1", port, request, deadline, lat, errs) for _ in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    return LoadResult(len(lat), len(errs), elapsed, np.asarray(lat))


def result_line(name: str, r: LoadResult, base: LoadResult | None = None) -> str:
    """One side of a benchmark, relative to ``base`` when given."""
    rel = f"{r.rps / base.rps:6.1%}" if base else "  base"
    return f"{name:<28} {r.rps:8.0f} rps {rel}   p50 {r.pct(50):6.2f} ms   p99 {r.pct(99):6.2f} ms   errors {r.errors}"


def proxy_bench_args(name: str, doc: str | None, argv: list[str]) -> argparse.Namespace:
    """The options every proxy benchmark takes: run length, alternating rounds, connections."""
    ap = argparse.ArgumentParser(prog=f"scripts/bench {name}", description=doc)
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs per side")
    ap.add_argument("--connections", type=int, default=8)
    return ap.parse_args(argv)


def post_request(path: str, body: bytes, extra_headers: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n{extra_headers}\r\n"
    ).encode() + body


if __name__ == "__main__":
    asyncio.run(_serve())
