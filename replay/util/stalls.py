"""Stops of the whole machine that its own kernel does not see: a probe, and the rows they delayed.

A virtual machine's host (its CPU quota) or a container's CPU limit (CFS bandwidth, per 100 ms) can
stop every process at once for milliseconds. Inside, nothing shows it: the stopped threads look as
if they ran, no steal time is counted, and a sender's schedule slips by as much whatever it does. On
the 2-core VM this was written on, a spin loop on each core lost 1.4-1.6% of its time in gaps of up
to 12 ms, at the same offset within every 100 ms on both cores, once both were busy; /proc/stat's
steal did not move. A runner's own measure of the machine (its wait for a core, replay.runner.timer)
cannot see it either: its thread was "running".

``StallProbe``'s threads sleep PERIOD at a time and note each wake-up later than their own wait for a
core explains (``/proc/thread-self/schedstat``); where two cores' threads were late at once, the
window (epoch seconds) is appended to a file as it happens (a ``[start, end]`` JSON line), so another
process can read it while the run goes. ``near_stall`` says which rows such a window delayed. Costs
~500 wake-ups a second on each of two cores: on the 2-core VM, 0.65-0.72 CPU-s in 10 s alone (~7% of a core:
~35 us a wake-up in Python, of which the VM's own timer ~20 us), less on a busy machine, where the wake-ups come
late. A longer PERIOD costs less, but a stop shorter than it is then seen by both
threads only by chance, and stops of 2-5 ms are what makes a row a few milliseconds late.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import os
import threading
import time
from pathlib import Path
from typing import BinaryIO

import numpy as np
import orjson

__all__ = ["CATCH_UP", "NAME", "StallProbe", "merged", "near_stall", "read_stalls", "run_delay"]

PERIOD = 0.002
LATE = 0.0005  # a wake-up later than this beyond its wait for a core: the machine stopped
NAME = "stall-probe"  # its threads' names (-0, -1)
PR_SET_NAME = 15
# The latest epoch a window may end at: an edited [-1e308, 1e308] said every step stopped for all its time and
# every late row delayed by it
LATEST = 1e11
CATCH_UP = 0.005  # after a 10 ms stop at 4,000 rows/s, ~40 rows leave at ~0.1 ms each while more fall due


def run_delay(fd: int) -> float | None:
    """Seconds a thread or process has been ready to run but waited for a core, from its open
    ``schedstat`` file (``/proc/self/schedstat``, ``/proc/thread-self/schedstat``): one ``pread``, ~2 us.
    None where it cannot be read."""
    try:
        return int(os.pread(fd, 128, 0).split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


class StallProbe:
    """Notes the machine's stops into ``path`` (JSON lines) from ``start()`` to ``stop()``.

    One probe thread on each of two cores (the first and last this process may use): a thread can
    also wake late for its own core's reasons (its vCPU woken late by a busy host, its process's GIL),
    and under load most late wake-ups on one core were not on the other (on this VM, ~10% coincided).
    A window is noted where both threads woke late at once: what a stop of the whole machine does.
    Nothing is probed (no file is written: the run's steps then say nothing of stops) with a single
    core, where there is nothing to compare with, or where Linux does not say how long a thread waited
    for a core (``probing`` is False)."""

    def __init__(self, path: Path, period: float = PERIOD):
        self.path = path
        self.period = period
        cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        self.probing = len(cores) >= 2 and os.path.exists("/proc/thread-self/schedstat")
        self.cores = [cores[0], cores[-1]] if self.probing else []
        self._seen: list[collections.deque[tuple[float, float]]] = [collections.deque(maxlen=64) for _ in self.cores]
        self._found: list[tuple[float, float]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, args=(i, core), name=f"{NAME}-{i}", daemon=True)
            for i, core in enumerate(self.cores)
        ]
        self._out: BinaryIO | None = None

    def start(self) -> StallProbe:
        if self.probing:
            with contextlib.suppress(OSError):
                self._out = open(self.path, "ab")  # noqa: SIM115 - closed in stop()
        for t in self._threads:
            t.start()
        return self

    def stop(self) -> list[tuple[float, float]]:
        """Stop; the windows noted (overlapping ones merged)."""
        self._stop.set()
        for t in self._threads:
            t.join()
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
        return merged(self._found)

    def _note(self, i: int, window: tuple[float, float]) -> None:
        with self._lock:
            self._seen[i].append(window)
            both = []
            for j, seen in enumerate(self._seen):
                for a, b in seen if j != i else ():
                    if a < window[1] and b > window[0]:
                        both.append((max(a, window[0]), min(b, window[1])))
            for w in both:
                self._found.append(w)
                if self._out is not None:
                    with contextlib.suppress(OSError):
                        self._out.write(orjson.dumps(w) + b"\n")
                        self._out.flush()

    def _run(self, i: int, core: int) -> None:
        _name(f"{NAME}-{i}")  # so that tools placing a process's threads can tell the probes apart
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {core})  # this thread only
        try:
            fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            return
        try:
            last, waited = time.time(), run_delay(fd) or 0.0
            # time.sleep, not Event.wait(period): one C call, not a lock made and waited on each wake-up (~17% of the
            # probe's CPU); stop() waits a period at most for it
            while not self._stop.is_set():
                time.sleep(self.period)
                now, wait = time.time(), run_delay(fd) or 0.0
                late = now - last - self.period - (wait - waited)
                if late > LATE:
                    self._note(i, (now - late, now))
                last, waited = now, wait
        finally:
            os.close(fd)


def _name(name: str) -> None:
    """The calling thread's name as Linux shows it (/proc/PID/task/TID/comm); nothing elsewhere."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)


def merged(windows: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``windows`` in time order, overlapping ones made one."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(windows):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def read_stalls(path: Path) -> tuple[list[tuple[float, float]], list[int]]:
    """The windows a probe wrote to ``path`` (none when there is no file), and the numbers of the lines
    that are no window (``[start, end]``, 0 <= start <= end <= LATEST), skipped: damage for the caller to say. A torn
    last line (the probe's process killed mid-write) is skipped unsaid, as results' is."""
    out: list[tuple[float, float]] = []
    bad: list[int] = []
    try:
        data = path.read_bytes()
    except OSError:
        return out, bad
    for lineno, line in enumerate(data.splitlines(keepends=True), 1):
        try:
            a, b = orjson.loads(line)
        except (orjson.JSONDecodeError, TypeError, ValueError):
            if line.endswith(b"\n"):
                bad.append(lineno)
            continue
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (a, b)) or not 0 <= a <= b <= LATEST:
            bad.append(lineno)
            continue
        out.append((float(a), float(b)))
    return merged(out), bad


def near_stall(due: np.ndarray, lag: np.ndarray, windows: list[tuple[float, float]]) -> np.ndarray:
    """Per row, whether a window fell in its wait (``due`` to ``due + lag``, epoch; a row never sent
    waits for ever) or ended at most CATCH_UP before it was due: the rows due during a stop leave in a
    burst when it ends, and the rows due meanwhile wait behind it."""
    start, end = due - CATCH_UP, due + np.nan_to_num(lag, nan=np.inf, posinf=np.inf)
    out = np.zeros(len(due), dtype=bool)
    for a, b in windows:
        out |= (a < end) & (b > start)
    return out
