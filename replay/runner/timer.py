"""Waiting until a row's due time to well under a millisecond, under gevent; and how much of a row's
lateness the machine caused (``RunQueue``).

gevent's timers cannot wake under about a millisecond (libev polls epoll with a timeout in whole
milliseconds: a 0.25 ms sleep takes 1.1 ms), and spinning through the event loop (``sleep(0)``) to
the due time keeps a core busy for nothing. So the last stretch is one blocking ``select`` on the
event loop's own epoll descriptor with the exact time left: it returns at the due time (Linux's
high-resolution timers, ~60 us late) or as soon as any socket the loop watches is ready, and then the
loop serves that socket at once; the answers in flight are timed as promptly as by spinning. The
sending thread also asks for Linux's shortest scheduler slice, so that waking at a due time it
preempts whatever else runs on its core rather than waiting for that task's slice to end.

The epoll descriptor is not exposed by gevent; it is found once, as the ``anon_inode:[eventpoll]`` whose
``/proc/self/fdinfo`` lists a pipe the loop was just made to watch. Where it cannot be found (no
/proc, another loop), the wait spins through the loop as before. Imports gevent: runner processes only.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import struct
import sys
import time

import gevent
from gevent import monkey

from replay.util.stalls import run_delay

__all__ = ["COARSE", "FineWait", "RunQueue"]

perf = time.perf_counter
COARSE = 0.0015  # gevent's own sleep ends this far before the due time, at most ~1.1 ms late
_select = monkey.get_original("select", "select")
PR_SET_TIMERSLACK = 29
SLICE_NS = 100_000  # the shortest slice Linux grants a task of the fair class
_SCHED_SETATTR = {"x86_64": 314, "aarch64": 274, "arm64": 274}  # syscall numbers


def _timer_slack(ns: int) -> None:
    """Let this thread's timed waits end within ``ns`` of their time (Linux lets them run 50 us late by
    default, to batch wake-ups); nothing where prctl is not there."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0)


def _short_slice() -> None:
    """Ask Linux for the shortest scheduler slice (0.1 ms; its default here is 1.4 ms) for this
    thread, keeping its policy and nice value: from Linux 6.12 (EEVDF's PREEMPT_SHORT) a waking task
    with a shorter slice than the running one preempts it at once, where it would otherwise wait
    out the rest of that task's slice. The thread's share of the CPU is unchanged. Unprivileged;
    older kernels ignore the request; elsewhere nothing."""
    nr = _SCHED_SETATTR.get(platform.machine())
    if nr is None or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError, ValueError):
        if os.sched_getscheduler(0) != os.SCHED_OTHER:
            return  # a user's choice (batch, idle, real-time): left as it is
        nice = os.getpriority(os.PRIO_PROCESS, 0)
        attr = struct.pack("=IIQiIQQQ", 48, os.SCHED_OTHER, 0, nice, 0, SLICE_NS, 0, 0)
        ctypes.CDLL(None, use_errno=True).syscall(nr, 0, ctypes.c_char_p(attr), 0)


def _epoll_fd() -> int | None:
    """The descriptor of the gevent loop's epoll set, or None."""
    r, w = os.pipe()
    watcher = gevent.get_hub().loop.io(r, 1)
    watcher.start(lambda: None)
    try:
        gevent.sleep(0.001)  # libev adds the pipe to its epoll set when it next polls
        for name in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError, ValueError):
                if os.readlink(f"/proc/self/fd/{name}") != "anon_inode:[eventpoll]":
                    continue
                with open(f"/proc/self/fdinfo/{name}") as fh:
                    if any(line.split()[:2] == ["tfd:", str(r)] for line in fh):
                        return int(name)
    except OSError:
        return None
    finally:
        watcher.stop()
        watcher.close()
        os.close(r)
        os.close(w)
    return None


class FineWait:
    """Waits until a perf_counter time; the last COARSE of it without spinning where it can."""

    def __init__(self) -> None:
        self._loop = gevent.get_hub().loop
        try:
            self._queued()
            self.epoll = _epoll_fd()
        except (AttributeError, TypeError):  # a loop other than libev's (GEVENT_LOOP): spin
            self.epoll = None
        if self.epoll is not None:
            _timer_slack(1000)
        _short_slice()

    def _queued(self) -> int:
        """Watchers and callbacks the loop has ready to run: a blocking wait would hold them up."""
        return self._loop.pendingcnt + len(self._loop._callbacks)

    def rest(self, due: float) -> None:
        """One step of the last stretch before ``due`` (call until it is reached): serve what is
        ready, then block until ``due`` or the next ready socket, whichever is first. ``idle`` and not
        ``sleep(0)``: it returns once the loop has polled its sockets (``sleep(0)`` may run the
        ready greenlets only, for up to gevent's switch interval, 5 ms, without polling)."""
        gevent.idle()
        wait = due - perf()
        if wait <= 0 or self.epoll is None or self._queued():
            return
        with contextlib.suppress(OSError, ValueError):
            _select([self.epoll], [], [], wait)


class RunQueue:
    """How long this process's main thread, where gevent runs, was ready to run but had no core
    (``/proc/self/schedstat``, second field): read at every hand-over tick and as each send starts,
    with one ``pread`` (~2 us), and kept per tick, so each row can say how much of its lateness the
    machine caused: the wait accrued between its due time and its start (a backlog too, not only
    the last tick's)."""

    def __init__(self) -> None:
        try:
            self._fd: int | None = os.open("/proc/self/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None
        self._times: list[float] = []
        self._waits: list[float] = []
        self._at = 0  # the last tick at or before the latest due time asked about

    def _read(self) -> float | None:
        return None if self._fd is None else run_delay(self._fd)

    def tick(self, now: float) -> None:
        """Note the wait so far at ``now`` (perf_counter)."""
        wait = self._read()
        if wait is None:
            return
        if self._at > 4096:  # due times only grow: the ticks before the last one asked about are done
            del self._times[: self._at], self._waits[: self._at]
            self._at = 0
        self._times.append(now)
        self._waits.append(wait)

    def since(self, due: float) -> float | None:
        """Seconds waited for a core from ``due`` (the last tick at or before it) to the latest tick;
        ``due`` must not go back between calls. None where Linux does not say."""
        times, at = self._times, self._at
        if not times:
            return None
        while at + 1 < len(times) and times[at + 1] <= due:
            at += 1
        self._at = at
        return self._waits[-1] - self._waits[at]

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
