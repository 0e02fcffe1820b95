"""A process named for good: its pid and its start time, and a signal sent only to the process so named.

A pid told long before (a capture's writer, killed when hung a minute on) may name another process by then, once
the one it named has ended and been reaped. Kept out of ``replay.util.procs``: a writer process reads its own start
time as it starts, and that module's imports (ctypes, subprocess) cost each writer ~10 ms of CPU.
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

__all__ = ["dying", "kill_same", "started_at"]


def _stat(pid: int) -> list[bytes] | None:
    """/proc/PID/stat's fields from the 3rd (state) on, after the name, which may hold spaces; None when the process
    is gone or where there is no /proc."""
    try:
        return Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()
    except OSError:
        return None


def started_at(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot: /proc/PID/stat's 22nd field); None when it is gone, or
    where there is no /proc."""
    fields = _stat(pid)
    return None if fields is None else int(fields[19])


def dying(pid: int) -> bool:
    """Whether process ``pid`` is ending: its main thread gone while its other threads end (/proc/PID/stat's state
    Z, or X); False when it runs, is gone or where there is no /proc."""
    fields = _stat(pid)
    return fields is not None and fields[0] in (b"Z", b"X", b"x")


def kill_same(pid: int, start: int | None, sig: int = signal.SIGKILL) -> bool:
    """Send ``sig`` to process ``pid`` only if it is the one that started at ``start`` (``started_at``; None, where
    that is unknown: to ``pid`` as it is); whether it was sent. The process is held (a pidfd, Linux 5.3+) while its
    start is read, so it cannot end and its pid go to another in between."""
    holder = None
    with contextlib.suppress(AttributeError, OSError):  # no pidfd_open here, or the process already gone
        holder = os.pidfd_open(pid)
    try:
        if start is not None and started_at(pid) != start:
            return False
        if holder is not None:
            signal.pidfd_send_signal(holder, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        return False
    finally:
        if holder is not None:
            os.close(holder)
    return True
