"""Instructions per request of a mitmdump side, under valgrind's cachegrind: a figure a busy machine cannot move.

CPU seconds per request on this shared 2-core machine move 10-30% from round to round with what else runs; the
instructions a process executes per request do not. A side's mitmdump runs under ``valgrind --tool=cachegrind
--cache-sim=no`` twice, serving WARM + N and then WARM + 2N requests sent one after another on one keep-alive
connection; (I(2N) - I(N)) / N is one request's cost, start-up, warm-up and shutdown cancelled. The count is of
mitmdump's own process in user space (not the kernel's work for its sockets), and with ``children`` every process
it starts too (the capture's writers, where its redaction runs). Instructions
are not time (a cache miss costs more than an add), so the CPU figures stay the headline; this one says whether a
gap between them is the addon's work or the machine's noise.
"""

from __future__ import annotations

import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks._http import content_length
from replay.mitm import launch
from replay.mitm.launch import Mitmdump

__all__ = ["available", "instructions_per_request"]

WARM = 50  # requests before the counted ones: connections made, caches and lazy imports filled


def available() -> bool:
    """Whether valgrind is installed here."""
    return shutil.which("valgrind") is not None


@contextmanager
def _under_cachegrind(out: Path, children: bool) -> Iterator[None]:
    """Every mitmdump started inside runs under cachegrind (``children``: its child processes too), each
    process's totals in ``out``.PID.log."""
    wrapper = out.with_suffix(".sh")
    follow = "--trace-children=yes " if children else ""
    wrapper.write_text(
        f"#!/bin/sh\nexec valgrind --tool=cachegrind --cache-sim=no {follow}--cachegrind-out-file={out}.%p "
        f'--log-file={out}.%p.log {sys.executable} {launch._mitmdump_exe()} "$@"\n'
    )
    wrapper.chmod(0o755)
    real = launch._mitmdump_exe
    launch._mitmdump_exe = lambda: str(wrapper)  # the one place start_mitmdump finds its executable
    try:
        yield
    finally:
        launch._mitmdump_exe = real


def _send(host: str, port: int, requests: Sequence[bytes], n: int) -> None:
    with socket.create_connection((host, port), timeout=120) as s, s.makefile("rb") as f:
        for i in range(n):
            s.sendall(requests[i % len(requests)])
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = f.readline()
                if not line:
                    raise ConnectionError("the proxy closed the connection")
                head += line
            f.read(content_length(head))
            if not head.startswith(b"HTTP/1.1 200"):
                raise ConnectionError(f"the proxy answered {head[:40]!r}")


def _served(start: Callable[[], Mitmdump], requests: Sequence[bytes], n: int, children: bool) -> int:
    """Instructions mitmdump (and, with ``children``, every process it started) executed from its start to its
    exit, serving WARM + ``n`` requests."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        with _under_cachegrind(out, children):
            mitm = start()
        try:
            _send(mitm.host, mitm.port, requests, WARM + n)
        finally:
            mitm.child.proc.terminate()  # mitmdump exits cleanly on SIGTERM (its writers when their pipe ends)
            mitm.child.proc.wait(300)
        total = 0
        for log in Path(tmp).glob("cachegrind.out.*.log"):
            got = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
            if got is None:
                raise RuntimeError(f"cachegrind wrote no totals: {log.read_text()[-500:]}")
            total += int(got.group(1).replace(",", ""))
        return total


def instructions_per_request(
    start: Callable[[], Mitmdump], requests: Sequence[bytes], n: int = 400, children: bool = False
) -> float:
    """One request's instructions in the mitmdump ``start`` makes (it must allow ~5 minutes for a start under
    valgrind), ``requests`` sent in turn: (I(WARM + 2n) - I(WARM + n)) / n; ``children``: its child processes'
    instructions counted too."""
    return (_served(start, requests, 2 * n, children) - _served(start, requests, n, children)) / n
