"""The times the whole machine stopped while a benchmark ran: ``python -m benchmarks._stalls``.

A virtual machine's host can stop every one of its cores at once for several milliseconds (on this
one: up to 16 ms, in phase on both cores, every 100 ms while it is busy: the host's CPU quota), and
the guest's kernel cannot tell: its threads look as if they ran, and no steal time is counted. A
spin loop on each core showed it (gaps at the same offset within every 100 ms on both cores); a
sender's schedule slips by as much, whatever the sender does. So a send-lag run keeps this probe on
another core: it sleeps 1 ms at a time and notes each wake-up later than its own wait for a core
explains (``/proc/thread-self/schedstat``), as a window of epoch seconds. It stops when its stdin
closes and prints the windows as JSON. Costs ~1,000 wake-ups a second on its core.
"""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator

import numpy as np
import orjson

__all__ = ["near_stall", "stalls"]

PERIOD = 0.001
LATE = 0.0005  # a wake-up later than this, beyond its wait for a core, is a stall
CATCH_UP = 0.005  # after a 10 ms stall at 4,000/s, ~40 rows go out at ~0.1 ms each while more fall due


def _run_delay(fd: int | None) -> float:
    if fd is None:
        return 0.0
    try:
        return int(os.pread(fd, 128, 0).split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def main() -> int:
    try:
        fd: int | None = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
    except OSError:
        fd = None
    windows: list[tuple[float, float]] = []
    last, waited = time.time(), _run_delay(fd)
    while True:
        done = select.select([sys.stdin], [], [], PERIOD)[0]
        now, wait = time.time(), _run_delay(fd)
        late = now - last - PERIOD - (wait - waited)
        if late > LATE:
            windows.append((now - late, now))
        if done:
            break
        last, waited = now, wait
    sys.stdout.buffer.write(orjson.dumps(windows))
    return 0


@contextlib.contextmanager
def stalls(cores: list[int]) -> Iterator[list[tuple[float, float]]]:
    """The probe on ``cores`` (empty: wherever) while the block runs; the list it yields is filled with
    the stall windows when the block ends."""
    proc = subprocess.Popen([sys.executable, "-m", "benchmarks._stalls"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    if cores:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(proc.pid, cores)
    found: list[tuple[float, float]] = []
    try:
        yield found
    finally:
        out, _ = proc.communicate(timeout=10)
        found.extend((a, b) for a, b in orjson.loads(out or b"[]"))


def near_stall(due: np.ndarray, lag: np.ndarray, windows: list[tuple[float, float]]) -> np.ndarray:
    """Per row, whether a stall window fell in its wait (``due`` to ``due + lag``, epoch) or ended at most
    CATCH_UP before it was due: the rows due during a stall leave in a burst when it ends, and the
    rows due while that burst goes out wait behind it."""
    start, end = due - CATCH_UP, due + np.nan_to_num(lag, posinf=1e9)
    out = np.zeros(len(due), dtype=bool)
    for a, b in windows:
        out |= (a < end) & (b > start)
    return out


if __name__ == "__main__":
    sys.exit(main())
