"""A fast HTTP/1.1 keep-alive server and closed-loop load generator on raw asyncio sockets.

Neither is the bottleneck in front of mitmdump (~900 rps a core): the server answers
~15,000 rps and the generator sends as much on one core, so figures measure the proxy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import psutil

from benchmarks._paired import ratios, report, tree_cpu_split, tree_sleeps
from replay.mitm.launch import Mitmdump
from replay.util.procs import Children
from replay.util.stalls import NAME as STALL_PROBE
from replay.util.stats import fraction, quantile

RESPONSE_BODY = (
    b'{"id":"chatcmpl-1","object":"chat.completion","choices":[{"message":{"role":"assistant","content":"'
    + b"x" * 900
    + b'"}}]}'
)


_SENT = itertools.count()  # the server's responses so far, every connection's


def http_response(body: bytes) -> bytes:
    """A whole 200 response of a JSON ``body``, as the server sends it."""
    return b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(body) + body


def content_length(head: bytes) -> int:
    """The content-length of a message head (0 without one)."""
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            return int(line[15:])
    return 0


async def read_request(reader: asyncio.StreamReader) -> bytes:
    """One request off a keep-alive connection (its body read and dropped); its head."""
    head = await reader.readuntil(b"\r\n\r\n")
    if length := content_length(head):
        await reader.readexactly(length)
    return head


async def _serve_conn(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, responses: list[bytes]) -> None:
    try:
        while True:
            await read_request(reader)
            writer.write(responses[next(_SENT) % len(responses)])
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(bodies: Sequence[bytes] = (RESPONSE_BODY,)) -> None:
    """Answer every request on 127.0.0.1 (the port printed first) with ``bodies`` in turn, across connections."""
    responses = [http_response(b) for b in bodies]
    server = await asyncio.start_server(lambda r, w: _serve_conn(r, w, responses), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


def start_server(module: str = "benchmarks._http", *args: str) -> tuple[subprocess.Popen[str], int]:
    """The fast server (or ``module``'s, run with ``args``) in a child process; returns it and its port."""
    proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=subprocess.PIPE, text=True)
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


async def _client(
    port: int, requests: Sequence[bytes], first: int, step: int, deadline: float, lat: list[float], errs: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = first
    try:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            writer.write(requests[i % len(requests)])
            i += step
            head = await reader.readuntil(b"\r\n\r\n")
            await reader.readexactly(content_length(head))
            lat.append((time.perf_counter() - t0) * 1000)
            if not head.startswith(b"HTTP/1.1 200"):
                errs.append(1)
    finally:
        writer.close()


def run_load(
    port: int, request: bytes | Sequence[bytes], seconds: float, connections: int = 16, offset: int = 0
) -> LoadResult:
    """Closed-loop keep-alive load for ``seconds`` from ``connections`` connections to 127.0.0.1;
    several requests are sent in turn from ``offset`` on, the connections taking turns (no two
    send the same one until the list comes round)."""
    reqs = [request] if isinstance(request, bytes) else list(request)
    lat: list[float] = []
    errs: list[int] = []

    async def main() -> float:
        start = time.perf_counter()
        deadline = start + seconds
        clients = (_client(port, reqs, offset + k, connections, deadline, lat, errs) for k in range(connections))
        await asyncio.gather(*clients)
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    return LoadResult(len(lat), len(errs), elapsed, np.asarray(lat))


def result_line(name: str, r: LoadResult, base: LoadResult | None = None) -> str:
    """One side of a benchmark, relative to ``base`` when given."""
    rel = f"{r.rps / base.rps:6.1%}" if base else "  base"
    return f"{name:<28} {r.rps:8.0f} rps {rel}   p50 {r.pct(50):6.2f} ms   p99 {r.pct(99):6.2f} ms   errors {r.errors}"


def proxy_bench_args(
    name: str, doc: str | None, argv: list[str], extra: Callable[[argparse.ArgumentParser], object] | None = None
) -> argparse.Namespace:
    """The options every proxy benchmark takes: run length, alternating rounds, connections, --quick
    (and the benchmark's own, added by ``extra``)."""
    ap = argparse.ArgumentParser(
        prog=f"scripts/bench {name}", description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    if extra is not None:
        extra(ap)
    ap.add_argument("--seconds", type=float, default=4.0, help="length of each run")
    ap.add_argument("--rounds", type=int, default=5, help="alternating rounds (each runs every side once)")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--quick", action="store_true", help="a smoke run: 2 rounds of 0.5 s")
    args = ap.parse_args(argv)
    if args.quick:
        args.seconds, args.rounds = 0.5, 2
    return args


@dataclass(slots=True)
class ProxyRound:
    """One side's load in one round: the load's result and the CPU seconds it cost the side's
    process tree, split into mitmdump itself and its children (the capture's writers)."""

    result: LoadResult
    own_cpu: float
    children_cpu: float
    own_sleeps: int = 0  # voluntary context switches during the load (``tree_sleeps``)
    children_sleeps: int = 0
    kernel_cpu: float = 0.0  # of ``cpu``, the seconds in the kernel (the whole tree's)

    @property
    def cpu(self) -> float:
        return self.own_cpu + self.children_cpu

    def us_per_request(self, cpu: float) -> float:
        return cpu / max(self.result.requests, 1) * 1e6


_CORES = sorted(os.sched_getaffinity(0))


def pinned() -> bool:
    """Whether benchmarks fix which cores each part runs on (REPLAY_BENCH_NO_PIN=1: the scheduler's
    choice). Left to the scheduler on 2 cores, a side shared the server's core in some rounds and not in
    others: one build measured 2,000-7,900 rps, so the pairing compared placements, not sides."""
    return len(_CORES) > 1 and not os.environ.get("REPLAY_BENCH_NO_PIN")


@contextlib.contextmanager
def server_core(server: int) -> Iterator[None]:
    """The server alone on the last core, this process and the sides it starts on the others (they
    inherit it); the whole set again afterwards, as scripts/bench all runs the next benchmark here."""
    if not pinned():
        yield
        return
    os.sched_setaffinity(server, _CORES[-1:])
    os.sched_setaffinity(0, _CORES[:-1])
    print(f"placement: the server on core {_CORES[-1]}, the sides on {', '.join(map(str, _CORES[:-1]))}")
    try:
        yield
    finally:
        os.sched_setaffinity(0, _CORES)


def sender_core() -> tuple[list[int], list[int]]:
    """The send-lag runs' placement: the sending process alone on the sides' cores, and every other
    process of its side (``replay run``'s CLI, its responses writer) with the server on the last core:
    the issue's "one otherwise idle core". Both lists empty when not ``pinned``."""
    return (_CORES[:-1], _CORES[-1:]) if pinned() else ([], [])


def place_tree(proc: subprocess.Popen[str], sender: list[int], helpers: list[int], marker: str, seconds: float) -> None:
    """Until ``proc`` ends (at most ``seconds``), keep its process tree placed: the process whose command
    line holds ``marker`` (and its threads) on ``sender``, every other one on ``helpers``. A process is
    placed again when its command line changes (a child between fork and exec still shows its
    parent's). This loop runs on ``helpers`` too, polling every 2 ms until the sender is placed, then
    every 20 ms: the sender's own helpers start (on its cores, inherited) before its schedule, which
    waits for them."""
    placed: dict[int, str] = {}
    root = psutil.Process(proc.pid)
    end = time.monotonic() + seconds
    mine = os.sched_getaffinity(0)
    os.sched_setaffinity(0, helpers)
    try:
        while proc.poll() is None and time.monotonic() < end:
            with contextlib.suppress(psutil.Error):
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        cmd = " ".join(p.cmdline())
                        if placed.get(p.pid) == cmd:
                            continue
                        cores = sender if marker in cmd else helpers
                        for tid in (t.id for t in p.threads()):
                            if _thread_name(p.pid, tid).startswith(STALL_PROBE):
                                continue  # replay run's stall probes keep a core each (replay.util.stalls)
                            with contextlib.suppress(OSError):
                                os.sched_setaffinity(tid, cores)
                        placed[p.pid] = cmd
            time.sleep(0.02 if any(marker in c for c in placed.values()) else 0.002)
    finally:
        os.sched_setaffinity(0, mine)


def _thread_name(pid: int, tid: int) -> str:
    try:
        with open(f"/proc/{pid}/task/{tid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _place(proxy: int) -> None:
    """Where each part may run (see ``pinned``): the proxy alone on the first core; the load (this
    process), the server and the proxy's children (the capture's writers) on the others."""
    if not pinned():
        return
    me, mitm = psutil.Process(), psutil.Process(proxy)
    rest = [me, *(c for c in me.children() if c.pid != proxy), *mitm.children(recursive=True)]
    for p in rest:
        with contextlib.suppress(psutil.Error):
            p.cpu_affinity(_CORES[1:])
    mitm.cpu_affinity(_CORES[:1])


def proxy_rounds(
    children: Children, sides: dict[str, Callable[[], Mitmdump]], port_load: Callable[[int], LoadResult], rounds: int
) -> dict[str, list[ProxyRound]]:
    """``rounds`` rounds, each starting every side's mitmdump in turn (order alternating round by
    round) and loading it; per side and round the load result and the CPU seconds of the side's
    whole process tree (mitmdump and its children: the capture writer) during the load."""
    out: dict[str, list[ProxyRound]] = {name: [] for name in sides}
    try:
        _rounds(children, sides, port_load, rounds, out)
    finally:
        os.sched_setaffinity(0, _CORES)  # scripts/bench all runs the next benchmark in this process
    return out


def _rounds(
    children: Children,
    sides: dict[str, Callable[[], Mitmdump]],
    port_load: Callable[[int], LoadResult],
    rounds: int,
    out: dict[str, list[ProxyRound]],
) -> None:
    names = list(sides)
    for i in range(rounds):
        for name in names if i % 2 == 0 else names[::-1]:
            mitm = sides[name]()
            try:
                _place(mitm.child.proc.pid)
                port_load(mitm.port)  # warm-up
                pid = mitm.child.proc.pid
                own0, kids0 = tree_cpu_split(pid)
                kernel0 = sum(tree_cpu_split(pid, kernel=True))
                sleeps0 = tree_sleeps(pid)
                result = port_load(mitm.port)
                time.sleep(0.2)  # what the writer still had queued is part of this load's cost
                own1, kids1 = tree_cpu_split(pid)
                sleeps = [b - a for a, b in zip(sleeps0, tree_sleeps(pid), strict=True)]
                kernel = sum(tree_cpu_split(pid, kernel=True)) - kernel0
                out[name].append(ProxyRound(result, own1 - own0, kids1 - kids0, *sleeps, kernel))
            finally:
                mitm.child.stop()
                children.started.remove(mitm.child)


def report_proxy(
    bench: str, runs: dict[str, list[ProxyRound]], base: str, goals: dict[str, tuple], at: str = "", busy: bool = False
) -> None:
    """Per side against ``base``: paired requests/s ratio, CPU per request (each side, and split into
    mitmdump's own and its children's when it has children) and its ratio, and the median latency the
    side adds (unless the load keeps both sides busy, where latency is the queue's); ``at`` tells one
    load from another in the figures' names (" at 64 connections"). Sleeps per request (voluntary
    context switches, ``tree_sleeps``): how often each part waited and woke again per request. Kernel CPU
    per request: the part of the tree's CPU spent in system calls, page faults and wake-ups, which
    instructions counted under cachegrind (user space only) leave out."""
    plain = runs[base]
    base_cpu = [r.us_per_request(r.cpu) for r in plain]
    for name, got in runs.items():
        rps = [r.result.rps for r in got]
        cpu = [r.us_per_request(r.cpu) for r in got]
        report(bench, f"{name}{at}: requests/s", rps, " rps")
        report(bench, f"{name}{at}: CPU per request (whole tree)", cpu, " us", higher=False)
        kernel = [r.us_per_request(r.kernel_cpu) for r in got]
        report(bench, f"{name}{at}: kernel CPU per request (whole tree)", kernel, " us", higher=False)
        if any(r.children_cpu for r in got):
            own = [r.us_per_request(r.own_cpu) for r in got]
            report(bench, f"{name}{at}: CPU per request, mitmdump itself", own, " us", higher=False)
            kids = [r.us_per_request(r.children_cpu) for r in got]
            report(bench, f"{name}{at}: CPU per request, its children", kids, " us", higher=False)
        sleeps = [r.own_sleeps / max(r.result.requests, 1) for r in got]
        report(bench, f"{name}{at}: sleeps per request, mitmdump itself", sleeps, "", higher=False)
        if any(r.children_sleeps for r in got):
            sleeps = [r.children_sleeps / max(r.result.requests, 1) for r in got]
            report(bench, f"{name}{at}: sleeps per request, its children", sleeps, "", higher=False)
        if name == base:
            continue
        rps_goal, cpu_goal = goals.get(name, (None, None))
        report(bench, f"{name} / {base}{at}: requests/s", ratios(rps, [r.result.rps for r in plain]), "x", rps_goal)
        report(bench, f"{name} / {base}{at}: CPU per request", ratios(cpu, base_cpu), "x", cpu_goal, higher=False)
        if any(r.children_cpu for r in got):
            own_ratio = ratios(own, [r.us_per_request(r.own_cpu) for r in plain])
            report(bench, f"{name} / {base}{at}: CPU per request, mitmdump itself", own_ratio, "x", higher=False)
        if not busy:
            added = [g.result.pct(50) - p.result.pct(50) for g, p in zip(got, plain, strict=True)]
            report(bench, f"{name} - {base}{at}: median latency added", added, " ms", higher=False)


def post_request(path: str, body: bytes, extra_headers: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n{extra_headers}\r\n"
    ).encode() + body


if __name__ == "__main__":
    asyncio.run(serve())
