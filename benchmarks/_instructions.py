"""Instructions per request of a mitmdump side, under valgrind's cachegrind: a figure a busy machine cannot move.

CPU seconds per request on this shared 2-core machine move 10-30% from round to round with what else runs; the
instructions a process executes per request do not. A side's mitmdump runs under ``valgrind --tool=cachegrind
--cache-sim=no`` twice, serving WARM + N and then WARM + 2N requests sent one after another on one keep-alive
connection; (I(2N) - I(N)) / N is one request's cost, start-up, warm-up and shutdown cancelled. The count is of
mitmdump's own process in user space: not the kernel's work for its sockets, nor a child process's (so it stands
for an addon working in mitmdump's process, such as the fault proxy, not for the capture's writers). Instructions
are not time (a cache miss costs more than an add), so the CPU figures stay the headline; this one says whether a
gap between them is the addon's work or the machine's noise.
"""

from __future__ import annotations

import re
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterator
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
def _under_cachegrind(out: Path) -> Iterator[None]:
    """Every mitmdump started inside runs under cachegrind, its totals in ``out``.log."""
    wrapper = out.with_suffix(".sh")
    wrapper.write_text(
        "#!/bin/sh\nexec valgrind --tool=cachegrind --cache-sim=no "
        f'--cachegrind-out-file={out} --log-file={out}.log {sys.executable} {launch._mitmdump_exe()} "$@"\n'
    )
    wrapper.chmod(0o755)
    real = launch._mitmdump_exe
    launch._mitmdump_exe = lambda: str(wrapper)  # the one place start_mitmdump finds its executable
    try:
        yield
    finally:
        launch._mitmdump_exe = real


def _send(host: str, port: int, request: bytes, n: int) -> None:
    with socket.create_connection((host, port), timeout=120) as s, s.makefile("rb") as f:
        for _ in range(n):
            s.sendall(request)
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = f.readline()
                if not line:
                    raise ConnectionError("the proxy closed the connection")
                head += line
            f.read(content_length(head))
            if not head.startswith(b"HTTP/1.1 200"):
                raise ConnectionError(f"the proxy answered {head[:40]!r}")


def _served(start: Callable[[], Mitmdump], request: bytes, n: int) -> int:
    """Instructions mitmdump executed from its start to its exit, serving WARM + ``n`` requests."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        with _under_cachegrind(out):
            mitm = start()
        try:
            _send(mitm.host, mitm.port, request, WARM + n)
        finally:
            mitm.child.proc.terminate()  # mitmdump exits cleanly on SIGTERM, and cachegrind writes its totals
            mitm.child.proc.wait(300)
        got = re.search(r"I\s+refs:\s+([\d,]+)", Path(f"{out}.log").read_text())
        if got is None:
            raise RuntimeError(f"cachegrind wrote no totals: {Path(f'{out}.log').read_text()[-500:]}")
        return int(got.group(1).replace(",", ""))


def instructions_per_request(start: Callable[[], Mitmdump], request: bytes, n: int = 400) -> float:
    """One request's instructions in the mitmdump ``start`` makes (it must allow ~5 minutes for a start under
    valgrind): (I(WARM + 2n) - I(WARM + n)) / n."""
    return (_served(start, request, 2 * n) - _served(start, request, n)) / n
