"""Instructions per request of a mitmdump side, or per item of a command's work, under valgrind's cachegrind: a
figure a busy machine cannot move.

CPU seconds per request on this shared 2-core machine move 10-30% from round to round with what else runs; the
instructions a process executes per request do not. A side's mitmdump runs under ``valgrind --tool=cachegrind
--cache-sim=no`` twice, serving WARM + N and then WARM + 2N requests sent one after another on one keep-alive
connection; (I(2N) - I(N)) / N is one request's cost, start-up, warm-up and shutdown cancelled. The count is of
mitmdump's own process in user space (not the kernel's work for its sockets), and with ``children`` every process
it starts too (the capture's writers, where its redaction runs). Instructions
are not time (a cache miss costs more than an add), so the CPU figures stay the headline; this one says whether a
gap between them is the addon's work or the machine's noise.

``instructions_per_item`` counts a command the same way: run twice, on N and on M items of work, under
PYTHONHASHSEED=0 (a set's order, and so the work, the same in every run), (I(M) - I(N)) / (M - N) is one item's
cost, the interpreter's start, the imports and the setup cancelled.
"""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks._http import content_length
from benchmarks._paired import side_env
from replay.mitm import launch
from replay.mitm.launch import Mitmdump

__all__ = ["available", "instructions_per_item", "instructions_per_request"]

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
        return sum(_refs(log) for log in Path(tmp).glob("cachegrind.out.*.log"))


def _refs(log: Path) -> int:
    """The instructions a process executed, from the log cachegrind wrote at its exit."""
    got = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
    if got is None:
        raise RuntimeError(f"cachegrind wrote no totals: {log.read_text()[-500:]}")
    return int(got.group(1).replace(",", ""))


def instructions_per_request(
    start: Callable[[], Mitmdump], requests: Sequence[bytes], n: int = 400, children: bool = False
) -> float:
    """One request's instructions in the mitmdump ``start`` makes (it must allow ~5 minutes for a start under
    valgrind), ``requests`` sent in turn: (I(WARM + 2n) - I(WARM + n)) / n; ``children``: its child processes'
    instructions counted too."""
    return (_served(start, requests, 2 * n, children) - _served(start, requests, n, children)) / n


def instructions_per_item(
    commands: Sequence[Callable[[int], Sequence[str]]], n: int, m: int, cwd: Path | None = None
) -> list[float]:
    """One item's instructions in each of ``commands`` (``command(k)``: a command line doing k items of work, run
    in ``cwd``): (I(m) - I(n)) / (m - n), every run at once (the count does not depend on the load), each run its
    own process alone (children not counted), under PYTHONHASHSEED=0. Each command runs once first, outside
    valgrind, to cache its bytecode (``side_env``): a module compiled afresh in each run cancels out, but took a
    quarter of a run's time under valgrind."""
    env = side_env({"PYTHONHASHSEED": "0"})
    for command in commands:
        subprocess.run(command(n), env=env, cwd=cwd, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        runs: list[tuple[Path, subprocess.Popen[bytes]]] = []
        try:
            for i, (command, k) in enumerate((c, k) for c in commands for k in (n, m)):
                log = Path(tmp) / f"{i}.log"
                cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
                runs.append((log, subprocess.Popen([*cmd, f"--log-file={log}", *command(k)], env=env, cwd=cwd)))
            for log, proc in runs:
                if proc.wait() != 0:
                    said = log.read_text()[-500:]
                    raise RuntimeError(f"{shlex.join(proc.args)} exited with {proc.returncode}: {said}")
        finally:
            for _, proc in runs:  # one failed: the others are not waited for
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        counts = [_refs(log) for log, _ in runs]
    return [(counts[2 * i + 1] - counts[2 * i]) / (m - n) for i in range(len(commands))]
