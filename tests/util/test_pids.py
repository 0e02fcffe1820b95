"""A process named by its pid and start time: signalled only while the pid still names it."""

from __future__ import annotations

import signal
import subprocess

from replay.util.pids import dying, kill_same, started_at


def test_a_pid_told_before_is_signalled_only_while_it_names_the_same_process() -> None:
    """H255: a capture killed its hung writers by the pids they had told a minute before, which by then may have
    named other processes (the writer ended and reaped, its pid reused)."""
    proc = subprocess.Popen(["sleep", "30"])
    try:
        start = started_at(proc.pid)
        assert start is not None
        assert not kill_same(proc.pid, start + 1)  # the pid's process is not the one that started then
        assert proc.poll() is None
        assert kill_same(proc.pid, start)
        assert proc.wait(10) == -signal.SIGKILL
        assert started_at(proc.pid) is None and not kill_same(proc.pid, start)  # ended and reaped: nothing to signal
    finally:
        proc.kill()
        proc.wait()


def test_a_process_ended_and_not_reaped_is_dying_one_running_or_gone_is_not() -> None:
    """A runner asks whether its killed parent is ending (its main thread gone, the process a zombie) while getppid()
    still names it: the run is then the parent's loss, not the user's interrupt."""
    proc = subprocess.Popen(["sleep", "30"])
    try:
        assert not dying(proc.pid)
        proc.send_signal(signal.SIGKILL)
        while started_at(proc.pid) is not None and not dying(proc.pid):  # the kill is taken in its own time
            pass
        assert dying(proc.pid)  # not reaped yet: a zombie
        proc.wait(10)
        assert not dying(proc.pid)  # reaped: gone, which getppid() tells
    finally:
        proc.kill()
        proc.wait()
