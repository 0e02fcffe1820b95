"""The runner's fine wait: it finds gevent's epoll set and serves sockets while it waits (no timing asserted)."""

from __future__ import annotations

import os
import sys
import time

import gevent
import gevent.os
import pytest
from gevent import monkey

from replay.runner.timer import FineWait, RunQueue, _short_slice


@pytest.mark.skipif(sys.platform != "linux", reason="the epoll set is found through /proc")
def test_fine_wait_finds_the_loops_epoll_set() -> None:
    assert FineWait().epoll is not None


@pytest.mark.skipif(sys.platform != "linux", reason="scheduling policies are Linux's")
def test_the_short_slice_keeps_the_threads_policy_and_nice() -> None:
    before = os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)
    _short_slice()  # a shorter slice only: the share of the CPU it asks for is the same
    assert (os.sched_getscheduler(0), os.getpriority(os.PRIO_PROCESS, 0)) == before


def test_fine_wait_reaches_its_due_time() -> None:
    fine = FineWait()
    due = time.perf_counter() + 0.003
    while time.perf_counter() < due:
        fine.rest(due)


def test_a_ready_descriptor_ends_the_wait_and_is_served() -> None:
    # The wait blocks in the epoll set itself: a pipe written (by an OS thread) while it blocks ends
    # it long before the due time (an hour away), and the greenlet reading the pipe is served.
    fine = FineWait()
    r, w = os.pipe()
    os.set_blocking(r, False)  # read by the loop, not by blocking the thread
    got: list[bytes] = []
    reader = gevent.spawn(lambda: got.append(gevent.os.nb_read(r, 10)))
    gevent.sleep(0.01)  # the reader waits on its pipe, which the loop now watches
    sleep = monkey.get_original("time", "sleep")
    monkey.get_original("_thread", "start_new_thread")(lambda: (sleep(0.05), os.write(w, b"x")), ())
    fine.rest(time.perf_counter() + 3600)  # returns when the pipe is written, not in an hour
    reader.join(timeout=1)  # the next turn of the loop serves it
    os.close(r)
    os.close(w)
    assert got == [b"x"]


def test_run_queue_counts_waits_from_a_due_time() -> None:
    q = RunQueue()
    q.tick(1.0)
    q.tick(2.0)
    waited = q.since(1.5)  # from the last tick at or before 1.5 to the latest
    q.close()
    assert waited is None or waited >= 0.0
